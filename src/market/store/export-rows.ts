import { exchangeName } from '../exchange-ids.js';
import type { SpreadUpdate, Tick } from '../tick.js';

/**
 * Row shapes of `ringmaster export` (DESIGN.md §8), pure formatting.
 *
 * Every time appears twice: ISO 8601 in UTC with microsecond precision
 * (`2023-11-14T22:13:20.000123Z`) for people, and the exact stored number of
 * µs since the epoch (`…Us` column) for programs; the µs value is lossless,
 * the ISO string truncates below 1 µs.
 *
 * ticks:   exchange, symbol, ts, tsUs, recvTs, recvTsUs, bid, ask, bidSize, askSize, seq
 *          ts is the exchange's event time; null (jsonl) / empty (csv) when
 *          the exchange sent none (stored as 0). recvTs is the local receive
 *          time, and the time that --since/--until select on.
 * spreads: symbol, buyExchange, sellExchange, ts, tsUs, computedTs, computedTsUs,
 *          spreadBps, mid, buyAskSize, sellBidSize, seq
 *          ts is the time of the tick that caused the update; computedTs the
 *          shard's clock, which --since/--until select on.
 *
 * Names: exchange ids map through exchange-ids.ts, symbol ids through the
 * symbol names recorded in the store; an unknown id prints as `#<id>`.
 * Numbers print in JavaScript's shortest round-trip form, so parsing a row
 * gives back exactly the stored double.
 */
export type ExportFormat = 'jsonl' | 'csv';

export const kTickColumns = ['exchange', 'symbol', 'ts', 'tsUs', 'recvTs', 'recvTsUs', 'bid', 'ask', 'bidSize', 'askSize', 'seq'] as const;
export const kSpreadColumns = ['symbol', 'buyExchange', 'sellExchange', 'ts', 'tsUs', 'computedTs', 'computedTsUs', 'spreadBps', 'mid', 'buyAskSize', 'sellBidSize', 'seq'] as const;

export type TickRow = Record<(typeof kTickColumns)[number], string | number | null>;
export type SpreadRow = Record<(typeof kSpreadColumns)[number], string | number | null>;

/**
 * ISO 8601 UTC with 6 fractional digits; '' for a time outside Date's range.
 * The 'YYYY-MM-DDTHH:mm:ss' part is cached per second: consecutive rows
 * almost always share it, and Date#toISOString dominated export time.
 */
export function isoMicros(us: number): string {
  const sec = Math.floor(us / 1e6);
  if (!Number.isFinite(sec) || Math.abs(sec) > 8.64e12) return '';
  if (sec !== cachedSec) {
    cachedSec = sec;
    cachedSecIso = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  return `${cachedSecIso}.${String(Math.floor(us - sec * 1e6)).padStart(6, '0')}Z`;
}
let cachedSec = Number.NaN;
let cachedSecIso = '';

export function tickRow(t: Tick, symbols: readonly string[] | undefined): TickRow {
  const hasTs = t.exchangeTs !== 0;
  return {
    exchange: exchangeLabel(t.exchangeId),
    symbol: symbolLabel(t.symbolId, symbols),
    ts: hasTs ? isoMicros(t.exchangeTs) : null,
    tsUs: hasTs ? t.exchangeTs : null,
    recvTs: isoMicros(t.recvTs),
    recvTsUs: t.recvTs,
    bid: t.bid,
    ask: t.ask,
    bidSize: t.bidSize,
    askSize: t.askSize,
    seq: t.seq,
  };
}

export function spreadRow(s: SpreadUpdate, symbols: readonly string[] | undefined): SpreadRow {
  return {
    symbol: symbolLabel(s.symbolId, symbols),
    buyExchange: exchangeLabel(s.buyExchangeId),
    sellExchange: exchangeLabel(s.sellExchangeId),
    ts: isoMicros(s.ts),
    tsUs: s.ts,
    computedTs: isoMicros(s.computedTs),
    computedTsUs: s.computedTs,
    spreadBps: s.spreadBps,
    mid: s.mid,
    buyAskSize: s.buyAskSize,
    sellBidSize: s.sellBidSize,
    seq: s.seq,
  };
}

/** One line, newline included. */
export function formatRow(row: Readonly<Record<string, string | number | null>>, columns: readonly string[], format: ExportFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(row)}\n`;
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    line += csvField(row[columns[i]!] ?? null);
  }
  return `${line}\n`;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.join(',')}\n`;
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v); // never holds a comma, quote or newline
  return kNeedsQuotes.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
const kNeedsQuotes = /[",\n\r]/;

function exchangeLabel(id: number): string {
  return exchangeName(id) ?? `#${id}`;
}

function symbolLabel(id: number, symbols: readonly string[] | undefined): string {
  return symbols?.[id] ?? `#${id}`;
}
