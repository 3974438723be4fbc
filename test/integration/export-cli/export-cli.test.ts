import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { writeSpread, writeTick } from '../../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { MarketRecord, SpreadUpdate, Tick } from '../../../src/market/tick.js';
import { runProcess } from '../cli/cli-harness.js';

// `ringmaster export ticks|spreads` as a child process (node --import tsx
// src/host/cli/main.ts) over a store this test wrote. Shown: the output is
// exactly what was written, in key order (symbol, exchange or pair, time),
// with names, ISO 8601 and µs times, in jsonl and in csv; filters select
// the right subset; an unknown symbol prints nothing and exits 0; a missing
// store exits 1. Expected rows are built here from the written records, not
// with the export's own formatter.

const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const kExchanges: Record<number, string> = { 1: 'binance', 2: 'bybit', 3: 'okx' };
const kT0 = Date.UTC(2024, 4, 1, 12) * 1000 + 123; // µs, with a sub-ms part

let dir: string;
const ticks: Tick[] = [];
const spreads: SpreadUpdate[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-export-cli-'));
  // Written in an interleaved order (as a ring delivers), 3 symbols × 3 exchanges.
  for (let i = 0; i < 600; i++) {
    const bid = 100 + (i % 37) * 0.125 + 1 / 3; // not short decimals: round trips must be exact
    ticks.push({
      kind: RecordKind.Tick, exchangeId: 1 + (i % 3), symbolId: Math.floor(i / 3) % 3, bid, ask: bid + 0.5,
      bidSize: 1 + (i % 5) / 10, askSize: 2.5, exchangeTs: i % 7 === 0 ? 0 : kT0 + i * 1000 - 17, recvTs: kT0 + i * 1000, seq: i, flags: 0,
    });
  }
  for (let i = 0; i < 120; i++) {
    spreads.push({
      kind: RecordKind.Spread, symbolId: i % 3, buyExchangeId: 1 + (Math.floor(i / 3) % 3), sellExchangeId: 1 + ((Math.floor(i / 3) + 1) % 3),
      spreadBps: (i % 11) - 5.25, mid: 1000 + i / 3, buyAskSize: 1.5, sellBidSize: 0.75, ts: kT0 + i * 500 - 3, computedTs: kT0 + i * 500, seq: i,
    });
  }
  const store = openTickStore({ path: dir });
  expect(store.putSymbolNames(kSymbols)).toMatchObject({ ok: true });
  expect(store.writeBatch(encode([...ticks.slice(0, 300), ...spreads]))).toMatchObject({ ok: true });
  expect(store.writeBatch(encode(ticks.slice(300)))).toMatchObject({ ok: true });
  await store.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ringmaster export ticks', () => {
  it('jsonl: every tick, in key order, exactly as written', async () => {
    const r = await runProcess(['export', 'ticks', '--data', dir, '--format', 'jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual(sortedTicks(ticks).map(expectedTickRow));
  });

  it('csv: a header, then the same rows', async () => {
    const r = await runProcess(['export', 'ticks', '--data', dir, '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...body] = lines(r.stdout);
    const columns = header!.split(',');
    expect(columns).toEqual(['exchange', 'symbol', 'ts', 'tsUs', 'recvTs', 'recvTsUs', 'bid', 'ask', 'bidSize', 'askSize', 'seq']);
    const expected = sortedTicks(ticks).map(expectedTickRow);
    expect(body).toHaveLength(expected.length);
    body.forEach((line, i) => {
      const want = expected[i]!;
      expect(line).toBe(columns.map((c) => (want[c] === null ? '' : String(want[c]))).join(','));
    });
  });

  it('filters: --symbol, --exchange, --since (inclusive), --until (exclusive)', async () => {
    const since = kT0 + 100_000, until = kT0 + 400_000;
    const r = await runProcess(['export', 'ticks', '--data', dir, '--symbol', 'ETH-USDT', '--exchange', 'bybit', '--since', String(since), '--until', String(until)]);
    expect(r.code).toBe(0);
    const want = sortedTicks(ticks.filter((t) => t.symbolId === 1 && t.exchangeId === 2 && t.recvTs >= since && t.recvTs < until));
    expect(want.length).toBeGreaterThan(10);
    expect(lines(r.stdout).map((l) => JSON.parse(l))).toEqual(want.map(expectedTickRow));
  });

  it('an ISO 8601 --since selects the same as its µs value', async () => {
    const since = kT0 - 123 + 250_000; // a whole millisecond
    const iso = new Date(since / 1000).toISOString();
    const a = await runProcess(['export', 'ticks', '--data', dir, '--since', iso]);
    expect(a.code).toBe(0);
    expect(lines(a.stdout).map((l) => JSON.parse(l))).toEqual(sortedTicks(ticks.filter((t) => t.recvTs >= since)).map(expectedTickRow));
  });

  it('a symbol never recorded: no rows, exit 0, a note on stderr', async () => {
    const r = await runProcess(['export', 'ticks', '--data', dir, '--symbol', 'ADA-USDT']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ADA-USDT was never recorded/);
  });

  it('no store in the directory: exit 1 with the reason', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-export-empty-'));
    try {
      const r = await runProcess(['export', 'ticks', '--data', empty]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/cannot read the store .*data\.mdb is missing/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('ringmaster export spreads', () => {
  it('jsonl and csv: every spread update in key order (symbol, buy, sell, time)', async () => {
    const want = sortedSpreads(spreads).map(expectedSpreadRow);
    const j = await runProcess(['export', 'spreads', '--data', dir]);
    expect(j.code).toBe(0);
    expect(lines(j.stdout).map((l) => JSON.parse(l))).toEqual(want);
    const c = await runProcess(['export', 'spreads', '--data', dir, '--format', 'csv']);
    const [header, ...body] = lines(c.stdout);
    const columns = header!.split(',');
    expect(body).toEqual(want.map((w) => columns.map((k) => (w[k] === null ? '' : String(w[k]))).join(',')));
  });

  it('--exchange selects either side of the pair', async () => {
    const r = await runProcess(['export', 'spreads', '--data', dir, '--exchange', 'okx', '--symbol', 'BTC-USDT']);
    expect(r.code).toBe(0);
    const want = sortedSpreads(spreads.filter((s) => s.symbolId === 0 && (s.buyExchangeId === 3 || s.sellExchangeId === 3)));
    expect(want.some((s) => s.buyExchangeId === 3) && want.some((s) => s.sellExchangeId === 3)).toBe(true);
    expect(lines(r.stdout).map((l) => JSON.parse(l))).toEqual(want.map(expectedSpreadRow));
  });
});

// ---- expected rows, built independently of src/market/store/export-rows.ts

function iso(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

function expectedTickRow(t: Tick): Record<string, unknown> {
  return {
    exchange: kExchanges[t.exchangeId], symbol: kSymbols[t.symbolId],
    ts: t.exchangeTs === 0 ? null : iso(t.exchangeTs), tsUs: t.exchangeTs === 0 ? null : t.exchangeTs,
    recvTs: iso(t.recvTs), recvTsUs: t.recvTs, bid: t.bid, ask: t.ask, bidSize: t.bidSize, askSize: t.askSize, seq: t.seq,
  };
}

function expectedSpreadRow(s: SpreadUpdate): Record<string, unknown> {
  return {
    symbol: kSymbols[s.symbolId], buyExchange: kExchanges[s.buyExchangeId], sellExchange: kExchanges[s.sellExchangeId],
    ts: iso(s.ts), tsUs: s.ts, computedTs: iso(s.computedTs), computedTsUs: s.computedTs,
    spreadBps: s.spreadBps, mid: s.mid, buyAskSize: s.buyAskSize, sellBidSize: s.sellBidSize, seq: s.seq,
  };
}

function sortedTicks(ts: readonly Tick[]): Tick[] {
  return [...ts].sort((a, b) => a.symbolId - b.symbolId || a.exchangeId - b.exchangeId || a.recvTs - b.recvTs || a.seq - b.seq);
}

function sortedSpreads(ss: readonly SpreadUpdate[]): SpreadUpdate[] {
  return [...ss].sort((a, b) => a.symbolId - b.symbolId || a.buyExchangeId - b.buyExchangeId || a.sellExchangeId - b.sellExchangeId
    || a.computedTs - b.computedTs || a.seq - b.seq);
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

function encode(records: readonly MarketRecord[]): Uint8Array {
  const u8 = new Uint8Array(records.length * kTickRecordSize);
  const view = new DataView(u8.buffer);
  records.forEach((r, i) => {
    if (r.kind === RecordKind.Tick) writeTick(view, i * kTickRecordSize, r);
    else if (r.kind === RecordKind.Spread) writeSpread(view, i * kTickRecordSize, r);
  });
  return u8;
}
