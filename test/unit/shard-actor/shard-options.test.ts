import { describe, expect, it } from 'vitest';
import type { ShardActorConfig } from '../../../actors/shard/config.js';
import { coreOptionsFor, resolveShardOptions } from '../../../actors/shard/shard-options.js';

const base: ShardActorConfig = {
  index: 1, count: 3,
  symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'ADA-USDT'],
  exchanges: ['okx', 'binance'],
  windowMs: 900_000, windowCapacity: 32_768, maxWindows: 256, maxQuoteAgeMs: 5000,
  debounceMs: 250, bypassBps: 2, batchMaxUpdates: 64, batchMaxDelayMs: 50, staleAfterMs: 10_000,
  recorderPath: '/var/lib/ringmaster',
};

describe('resolveShardOptions', () => {
  it('takes the host config as is, with the wall clock by default', () => {
    const o = resolveShardOptions(base);
    expect(o.clock).toBe('wall');
    expect(o.ownedSymbolIds).toEqual([1, 4]);
    expect(o.exchangeIds).toEqual([3, 1]);
    expect(o.symbolTable.idOf('ADA-USDT')).toBe(4);
    expect(resolveShardOptions({ ...base, clock: 'data' }).clock).toBe('data');
  });

  it('maps onto ShardCore options', () => {
    const sink = () => {};
    const clock = () => 0;
    expect(coreOptionsFor(resolveShardOptions(base), { sink, clock })).toEqual({
      shardIndex: 1, shardCount: 3, symbolCount: 5, maxQuoteAgeMs: 5000, staleAfterMs: 10_000, degradedAfterMs: 10_000,
      window: { windowMs: 900_000, capacity: 32_768, maxWindows: 256 },
      publish: { debounceMs: 250, thresholdBps: 2, maxItems: 64, maxDelayMs: 50 },
      sink, clock,
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no config', { index: undefined, count: undefined }, /^shard\.count: expected an integer/],
    ['count 0', { count: 0 }, /^shard\.count: expected an integer in \[1, 1024\], got 0/],
    ['index past count', { index: 3 }, /^shard\.index: expected an integer in \[0, 2\], got 3/],
    ['symbols not a list', { symbols: 'BTC-USDT' }, /^shard\.symbols: expected a list/],
    ['a bad symbol', { symbols: ['btc'] }, /^symbols\[0\]: "btc" is not BASE-QUOTE/],
    ['no exchanges', { exchanges: [] }, /^shard\.exchanges: expected a non-empty list/],
    ['an unknown exchange', { exchanges: ['okx', 'kraken'] }, /^shard\.exchanges\[1\]: "kraken" is not one of binance, bybit, okx/],
    ['an exchange twice', { exchanges: ['okx', 'okx'] }, /^shard\.exchanges\[1\]: "okx" is listed twice/],
    ['a fractional window', { windowMs: 1.5 }, /^shard\.windowMs: expected an integer/],
    ['a negative bypass', { bypassBps: -1 }, /^shard\.bypassBps: expected a number in \[0, 1000000\], got -1/],
    ['no recorder path', { recorderPath: undefined }, /^shard\.recorderPath: expected a directory path/],
    ['a bad clock', { clock: 'tsc' }, /^shard\.clock: "tsc" is not one of wall, data/],
  ])('rejects %s, naming the key', (_name, patch, message) => {
    expect(() => resolveShardOptions({ ...base, ...patch })).toThrow(message);
  });

  it('rejects a config that is not an object', () => {
    expect(() => resolveShardOptions(undefined)).toThrow(/^shard: config must be an object/);
  });
});
