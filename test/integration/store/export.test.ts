import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kSpreadColumns, kTickColumns } from '../../../src/market/store/export-rows.js';
import { exportTaskFilename } from '../../../src/market/store/export-task-file.js';
import type { ExportTask, ExportTaskResult } from '../../../src/market/store/export-task-types.js';
import { exportLines, exportReadable, exportTo } from '../../../src/market/store/export.js';
import { openTickStore, type LmdbTickStore } from '../../../src/market/store/tick-store.js';
import { exchangeName } from '../../../src/market/exchange-ids.js';
import type { SpreadUpdate, Tick } from '../../../src/market/tick.js';
import { byTickKey, encode, kT0, makeSpreads, makeTicks, tempDir } from './store-fixtures.js';

const symbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT'];
const ticks = makeTicks(1200, { symbols: 5, exchanges: 3 });
const spreads = makeSpreads(200);
let dir: string, remove: () => void, store: LmdbTickStore;

beforeAll(() => {
  ({ dir, remove } = tempDir());
  store = openTickStore({ path: dir });
  store.putSymbolNames(symbols);
  expect(store.writeBatch(encode([...ticks, ...spreads])).ok).toBe(true);
});
afterAll(async () => {
  await store.close();
  remove();
});

/** Parses rows back into the written records: every field, exact doubles. */
function tickFromRow(r: Record<string, unknown>): Tick {
  const num = (k: string): number => Number(r[k]);
  return {
    kind: 0, exchangeId: [1, 2, 3].find((id) => exchangeName(id) === r.exchange)!, symbolId: symbols.indexOf(String(r.symbol)),
    bid: num('bid'), ask: num('ask'), bidSize: num('bidSize'), askSize: num('askSize'),
    exchangeTs: r.tsUs === null || r.tsUs === '' ? 0 : num('tsUs'), recvTs: num('recvTsUs'), seq: num('seq'), flags: 0,
  };
}

function csvRecords(text: string, columns: readonly string[]): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  expect(header).toBe(columns.join(','));
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i]!, v])));
}

describe('export', () => {
  it('jsonl rows give back exactly the ticks that were written, with ISO and µs times', () => {
    const lines = [...exportLines(store, { kind: 'ticks', format: 'jsonl', query: {} })];
    expect(lines).toHaveLength(ticks.length);
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(rows[0]!)).toEqual([...kTickColumns]);
    expect(rows.map(tickFromRow)).toEqual([...ticks].sort(byTickKey));
    const first = rows.find((r) => r.recvTsUs === kT0 + 1)!;
    expect(first).toMatchObject({ recvTs: '2023-11-14T22:13:20.000001Z', symbol: 'ETH-USDT', exchange: 'binance' });
    expect(rows.find((r) => r.recvTsUs === kT0)).toMatchObject({ ts: null, tsUs: null }); // i % 11 === 0: no exchange time
  });

  it('csv rows give back exactly the ticks that were written', () => {
    const text = [...exportLines(store, { kind: 'ticks', format: 'csv', query: {} })].join('');
    expect(csvRecords(text, kTickColumns).map(tickFromRow)).toEqual([...ticks].sort(byTickKey));
  });

  it('exports spreads in both formats with the same values', () => {
    const q = { kind: 'spreads' as const, query: { symbolId: 2 } };
    const want = spreads.filter((s) => s.symbolId === 2);
    const json = [...exportLines(store, { ...q, format: 'jsonl' })].map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = csvRecords([...exportLines(store, { ...q, format: 'csv' })].join(''), kSpreadColumns);
    expect(json).toHaveLength(want.length);
    const asSpread = (r: Record<string, unknown>): Partial<SpreadUpdate> => ({
      spreadBps: Number(r.spreadBps), mid: Number(r.mid), ts: Number(r.tsUs), computedTs: Number(r.computedTsUs), seq: Number(r.seq),
    });
    const sortKey = (s: Partial<SpreadUpdate>): number => s.computedTs!;
    expect(json.map(asSpread).sort((a, b) => sortKey(a) - sortKey(b))).toEqual(csv.map(asSpread).sort((a, b) => sortKey(a) - sortKey(b)));
    expect(json.map(asSpread).map((s) => s.computedTs).sort()).toEqual(want.map((s) => s.computedTs).sort());
    expect(json[0]).toMatchObject({ symbol: 'SOL-USDT' });
  });

  it('streams through a Readable with back-pressure and writes files', async () => {
    const chunks: string[] = [];
    await pipeline(exportReadable(store, { kind: 'ticks', format: 'csv', query: { symbolId: 1 } }, 1024), new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, cb) { chunks.push(chunk.toString()); setImmediate(cb); },
    }));
    expect(chunks.length).toBeGreaterThan(5);
    const fromLines = [...exportLines(store, { kind: 'ticks', format: 'csv', query: { symbolId: 1 } })].join('');
    expect(chunks.join('')).toBe(fromLines);

    const out = `${dir}-out.jsonl`;
    try {
      const counts = await exportTo(store, { kind: 'ticks', format: 'jsonl', query: { sinceUs: kT0 + 100, untilUs: kT0 + 200 } }, out);
      expect(counts.rows).toBe(100);
      expect(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(100);
      expect(counts.bytes).toBe(fs.statSync(out).size);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  it('runs off the main thread as a piscina task while the writer keeps its store open', async () => {
    const pool = new Piscina({ filename: exportTaskFilename(), maxThreads: 1, minThreads: 1 });
    const out = `${dir}-task.csv`;
    try {
      const inline: ExportTaskResult = await pool.run({ dataDir: dir, kind: 'ticks', format: 'jsonl', query: { symbolId: 3 }, maxInlineRows: 50 } satisfies ExportTask);
      expect(inline).toMatchObject({ rows: 50, truncated: true });
      expect(inline.text!.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).map(tickFromRow))
        .toEqual(ticks.filter((t) => t.symbolId === 3).sort(byTickKey).slice(0, 50));

      const toFile: ExportTaskResult = await pool.run({ dataDir: dir, kind: 'ticks', format: 'csv', query: {}, outPath: out } satisfies ExportTask);
      expect(toFile.rows).toBe(ticks.length);
      expect(fs.readFileSync(out, 'utf8')).toBe([...exportLines(store, { kind: 'ticks', format: 'csv', query: {} })].join(''));

      // The writer in this thread still works after the task closed its handle.
      expect(store.writeBatch(encode(makeTicks(3, { t0: kT0 + 1e9 }))).ok).toBe(true);
      const after: ExportTaskResult = await pool.run({ dataDir: dir, kind: 'ticks', format: 'csv', query: { sinceUs: kT0 + 1e9 } } satisfies ExportTask);
      expect(after).toMatchObject({ rows: 3, truncated: false });
    } finally {
      await pool.destroy();
      fs.rmSync(out, { force: true });
    }
  });
});
