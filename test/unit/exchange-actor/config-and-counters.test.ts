import { describe, expect, it } from 'vitest';
import { resolveExchangeConfig, type ExchangeActorConfig } from '../../../actors/exchange/config.js';
import { exchangeCounterNames, exchangeCounters } from '../../../actors/exchange/counters.js';
import { kRejectReasonNames } from '../../../src/market/exchanges/base/reject-reason.js';
import { allocateCounterBoard, CounterBoard } from '../../../src/runtime/shared/counter-board.js';

const good: ExchangeActorConfig = {
  exchange: 'bybit',
  url: 'ws://127.0.0.1:9/v5/public/spot',
  symbols: ['BTC-USDT', 'ETH-USDT'],
  shardCount: 2,
  staleAfterMs: 10_000,
  maxFrameBytes: 65_536,
  breaker: { failureThreshold: 1, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 },
  deadLetters: { path: null, maxPerSource: 10_000 },
  logMaxRepeatsPerMinute: 10,
};

describe('exchange actor config', () => {
  it('resolves the host contract with defaults for the optional keys', () => {
    const c = resolveExchangeConfig(good);
    expect(c).toMatchObject({
      exchange: 'bybit', shardCount: 2, connectTimeoutMs: 10_000, closeTimeoutMs: 1000,
      deadLetters: { path: null, maxPerSource: 10_000, flushMs: 250 },
      breaker: { failureThreshold: 1, backoff: { initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 } },
    });
  });

  it('resolves a relative dead-letter path against the working directory (like recorder.path)', () => {
    expect(resolveExchangeConfig({ ...good, deadLetters: { path: 'data', maxPerSource: 5 } }).deadLetters.path).toBe(`${process.cwd()}/data`);
  });

  it.each([
    [{ exchange: 'kraken' }, /exchange\.config\.exchange: "kraken"/],
    [{ url: 'http://x' }, /exchange\.bybit\.config\.url/],
    [{ symbols: [] }, /config\.symbols/],
    [{ symbols: ['btc-usdt'] }, /config\.symbols\[0\]/],
    [{ shardCount: 0 }, /config\.shardCount: 0/],
    [{ staleAfterMs: 1.5 }, /config\.staleAfterMs/],
    [{ breaker: { ...good.breaker, maxMs: 10 } }, /config\.breaker: backoff\.maxMs is 10/],
    [{ deadLetters: { path: 3, maxPerSource: 1 } }, /config\.deadLetters\.path/],
    [{ deadLetters: { path: null, maxPerSource: 0 } }, /config\.deadLetters\.maxPerSource/],
    [{ logMaxRepeatsPerMinute: -1 }, /config\.logMaxRepeatsPerMinute/],
  ])('rejects %j naming the key', (patch, message) => {
    expect(() => resolveExchangeConfig({ ...good, ...patch })).toThrow(message);
  });
});

describe('exchange actor counters', () => {
  it('declares the contract names and one reject_<reason> per reason of the closed enum', () => {
    const names = exchangeCounterNames();
    for (const n of ['framesIn', 'dataFrames', 'controlFrames', 'ticksOut', 'rejected', 'crossed', 'reconnects', 'gapsWritten', 'seqGaps', 'deadLetters']) {
      expect(names).toContain(n);
    }
    expect(names.filter((n) => n.startsWith('reject_'))).toEqual(kRejectReasonNames.map((r) => `reject_${r}`));
    expect(new Set(names).size).toBe(names.length);
  });

  it('resolves handles by their name inside the actor, as the runtime keys them', () => {
    const board = new CounterBoard(allocateCounterBoard(exchangeCounterNames().map((n) => `exchange.okx.${n}`)));
    const handles = Object.fromEntries(exchangeCounterNames().map((n) => [n, board.counterHandle(`exchange.okx.${n}`)]));
    const c = exchangeCounters(handles);
    c.named.framesIn.add(2);
    c.byReason[2]!.add(1);
    expect(board.value('exchange.okx.framesIn')).toBe(2);
    expect(board.value('exchange.okx.reject_not_json')).toBe(1);
    expect(() => exchangeCounters({})).toThrow(/counter "framesIn" is not declared/);
    // A key qualified by part of the actor's name is not its counter.
    const dotted = Object.fromEntries(exchangeCounterNames().map((n) => [`okx.${n}`, board.counterHandle(`exchange.okx.${n}`)]));
    expect(() => exchangeCounters(dotted)).toThrow(/counter "framesIn" is not declared/);
  });
});
