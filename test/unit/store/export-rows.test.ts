import { describe, expect, it } from 'vitest';
import { csvHeader, formatRow, isoMicros, kTickColumns, spreadRow, tickRow } from '../../../src/market/store/export-rows.js';
import { RecordKind } from '../../../src/market/tick-layout.js';

describe('export rows', () => {
  it('prints ISO 8601 with six fractional digits, truncating below 1 µs', () => {
    expect(isoMicros(1_700_000_000_000_123)).toBe('2023-11-14T22:13:20.000123Z');
    expect(isoMicros(1_700_000_000_123_456.75)).toBe('2023-11-14T22:13:20.123456Z');
    expect(isoMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(isoMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoMicros(Number.NaN)).toBe('');
    expect(isoMicros(1e300)).toBe('');
  });

  it('maps a tick to named columns, with null ts when the exchange sent no time', () => {
    const t = { kind: RecordKind.Tick, exchangeId: 2, symbolId: 1, bid: 0.1 + 0.2, ask: 3, bidSize: 1e-9, askSize: 5, exchangeTs: 0, recvTs: 1_700_000_000_000_001, seq: 7, flags: 0 } as const;
    const row = tickRow(t, ['BTC-USDT', 'ETH-USDT']);
    expect(row).toEqual({
      exchange: 'bybit', symbol: 'ETH-USDT', ts: null, tsUs: null, recvTs: '2023-11-14T22:13:20.000001Z', recvTsUs: 1_700_000_000_000_001,
      bid: 0.30000000000000004, ask: 3, bidSize: 1e-9, askSize: 5, seq: 7,
    });
    expect(Object.keys(row)).toEqual([...kTickColumns]);
    expect(formatRow(row, kTickColumns, 'csv')).toBe('bybit,ETH-USDT,,,2023-11-14T22:13:20.000001Z,1700000000000001,0.30000000000000004,3,1e-9,5,7\n');
    expect(JSON.parse(formatRow(row, kTickColumns, 'jsonl'))).toEqual(row);
    expect(csvHeader(kTickColumns)).toBe('exchange,symbol,ts,tsUs,recvTs,recvTsUs,bid,ask,bidSize,askSize,seq\n');
  });

  it('labels unknown symbol and exchange ids as #id', () => {
    const s = spreadRow({ kind: RecordKind.Spread, symbolId: 9, buyExchangeId: 1, sellExchangeId: 77, spreadBps: -1.5, mid: 2, buyAskSize: 1, sellBidSize: 1, ts: 1, computedTs: 2, seq: 0 }, undefined);
    expect([s.symbol, s.buyExchange, s.sellExchange]).toEqual(['#9', 'binance', '#77']);
  });

  it('quotes csv fields that need it', () => {
    expect(formatRow({ a: 'x,y', b: 'say "hi"', c: null }, ['a', 'b', 'c'], 'csv')).toBe('"x,y","say ""hi""",\n');
  });
});

