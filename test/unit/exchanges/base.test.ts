import { describe, expect, it } from 'vitest';
import { kControlKindNames, kSeqCheckNames, isSequenceBreak, SeqCheck, ControlKind } from '../../../src/market/exchanges/base/parse-result.js';
import { canonicalFromConcatenated, splitConcatenated } from '../../../src/market/exchanges/base/quote-assets.js';
import { kRejectReasonCount, kRejectReasonNames, RejectReason } from '../../../src/market/exchanges/base/reject-reason.js';
import { SymbolMap } from '../../../src/market/exchanges/base/symbol-map.js';
import { describe as describeValue, parseDecimal, readUint, readUintString } from '../../../src/market/exchanges/base/wire-values.js';
import { BinanceSpotFeed } from '../../../src/market/exchanges/binance/binance-spot-feed.js';
import { createFeed } from '../../../src/market/exchanges/registry.js';
import { kExchangeNames } from '../../../src/market/exchange-ids.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';

describe('closed enums', () => {
  it('name every reject reason, control kind and sequence check by its value', () => {
    expect(kRejectReasonCount).toBe(Object.keys(RejectReason).length);
    Object.values(RejectReason).forEach((v, i) => expect(v).toBe(i));
    expect(kRejectReasonNames[RejectReason.StaleSequence]).toBe('stale_sequence');
    expect(kControlKindNames).toHaveLength(Object.keys(ControlKind).length);
    expect(kSeqCheckNames).toHaveLength(Object.keys(SeqCheck).length);
    expect([SeqCheck.None, SeqCheck.InOrder, SeqCheck.Repeat, SeqCheck.First].some(isSequenceBreak)).toBe(false);
    expect(isSequenceBreak(SeqCheck.Gap) && isSequenceBreak(SeqCheck.Reset)).toBe(true);
  });
});

describe('wire values', () => {
  it('parses decimal strings as Number() does, and only decimal strings', () => {
    for (const s of ['25.35190000', '0.00000001', '17440.00', '1e-8', '123', '0']) expect(parseDecimal(s)).toBe(Number(s));
    for (const s of ['', ' 1', '1 ', '.5', '5.', '-1', '+1', '0x10', '0b1', '0o7', 'NaN', 'Infinity', '1.2.3', '1e', '9'.repeat(65)]) {
      expect(parseDecimal(s), s).toBeNaN();
    }
  });

  it('reads integers strictly', () => {
    expect(readUint(5)).toBe(5);
    for (const v of [-1, 1.5, NaN, 2 ** 53, '5', null]) expect(readUint(v)).toBe(-1);
    expect(readUintString('1651826598363')).toBe(1651826598363);
    for (const v of ['', '-1', '1.0', '12345678901234567', 12]) expect(readUintString(v)).toBe(-1);
  });

  it('describes values without walking them', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('an array of 1');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue({ a: 1 })).toBe('an object');
  });
});

describe('symbol mapping', () => {
  it('splits concatenated spellings at the longest known quote', () => {
    expect(splitConcatenated('BTCUSDT')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(splitConcatenated('ethbusd')).toEqual({ base: 'ETH', quote: 'BUSD' });
    expect(canonicalFromConcatenated('SOLFDUSD')).toBe('SOL-FDUSD');
    expect(canonicalFromConcatenated('BTCXYZ')).toBeUndefined();
    expect(canonicalFromConcatenated('USDT')).toBeUndefined();
  });

  it('maps configured symbols both ways and refuses two symbols with one spelling', () => {
    const map = new SymbolMap(new SymbolTable(['BTC-USDT', 'ETH-BTC']), (p) => p.base + p.quote, 'test');
    expect(map.idOf('ETHBTC')).toBe(1);
    expect(map.idOf('__proto__')).toBe(-1);
    expect(map.idOf('constructor')).toBe(-1);
    expect(map.spellingOf(0)).toBe('BTCUSDT');
    expect(() => map.spellingOf(2)).toThrow('symbol id 2 is not in the symbol table');
    expect(() => new BinanceSpotFeed(new SymbolTable(['AB-CUSDT', 'ABC-USDT']))).toThrow(
      'symbols[1]: "ABC-USDT" and symbols[0]: "AB-CUSDT" are both "ABCUSDT" on binance',
    );
  });
});

describe('parser options and registry', () => {
  it('fail fast naming the bad option', () => {
    const feed = new BinanceSpotFeed(new SymbolTable(['BTC-USDT']));
    expect(() => feed.createParser({ maxFrameBytes: 0 })).toThrow('maxFrameBytes: must be an integer >= 2, got 0');
    expect(() => feed.createParser({ maxTicksPerFrame: 1.5 })).toThrow('maxTicksPerFrame: must be an integer >= 1, got 1.5');
  });

  it('builds a feed for every exchange id, each with its own parser', () => {
    const table = new SymbolTable(['BTC-USDT']);
    for (const name of kExchangeNames) {
      const feed = createFeed(name, table);
      expect(feed.exchange).toBe(name);
      expect(feed.createParser().exchangeId).toBe(feed.exchangeId);
      expect(feed.limits.maxTopicsPerSubscribe).toBeLessThanOrEqual(feed.limits.maxTopicsPerConnection);
    }
  });

  it('never throws on non-frame input from untyped callers', () => {
    const p = new BinanceSpotFeed(new SymbolTable(['BTC-USDT'])).createParser();
    for (const v of [undefined, null, 42, {}, new ArrayBuffer(4)]) {
      expect(p.parse(v as unknown as string, 0)).toMatchObject({ kind: 'rejected', reason: RejectReason.WrongType });
    }
  });
});
