/**
 * Throughput of the recorder store on this machine; a measurement, not a
 * test (nothing is asserted). Run:
 *
 *   node --import tsx test/integration/store/measure-store-throughput.ts [records] [batch]
 *
 * Prints records/s for writeBatch with `batch` records per transaction and
 * with one record per transaction (same run, same data shape: 20 symbols ×
 * 3 exchanges interleaved as in a recorder ring), for both durabilities,
 * then export rows/s (jsonl and csv) over what was written.
 */
import os from 'node:os';
import { exportLines } from '../../../src/market/store/export.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import type { Durability } from '../../../src/market/store/store-options.js';
import { kTickRecordSize } from '../../../src/market/tick-layout.js';
import { encode, makeTicks, tempDir } from './store-fixtures.js';

const total = Number(process.argv[2] ?? 400_000);
const batch = Number(process.argv[3] ?? 1000);
const unbatchedCount = 2000;

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

async function run(durability: Durability): Promise<void> {
  const { dir, remove } = tempDir();
  const store = openTickStore({ path: dir, durability });
  try {
    const bytes = encode(makeTicks(total, { symbols: 20, exchanges: 3 }), true);
    let t = performance.now();
    for (let off = 0; off < bytes.byteLength; off += batch * kTickRecordSize) {
      const r = store.writeBatch(bytes.subarray(off, Math.min(bytes.byteLength, off + batch * kTickRecordSize)));
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    const batchedMs = performance.now() - t;

    const single = encode(makeTicks(unbatchedCount, { symbols: 20, exchanges: 3, t0: 2e15 }), true);
    t = performance.now();
    for (let off = 0; off < single.byteLength; off += kTickRecordSize) store.writeBatch(single.subarray(off, off + kTickRecordSize));
    const singleMs = performance.now() - t;

    console.log(`durability=${durability.padEnd(5)} batched(${batch}/txn): ${rate(total, batchedMs).padStart(12)} records  ` +
      `unbatched(1/txn): ${rate(unbatchedCount, singleMs).padStart(9)} records  ratio ${(batchedMs ? (total / batchedMs) / (unbatchedCount / singleMs) : 0).toFixed(0)}x`);

    if (durability === 'fsync') {
      for (const format of ['jsonl', 'csv'] as const) {
        t = performance.now();
        let rows = 0;
        for (const _line of exportLines(store, { kind: 'ticks', format, query: {} })) rows++;
        console.log(`export ${format.padEnd(5)}: ${rate(rows, performance.now() - t).padStart(12)} rows (${rows} lines incl. header)`);
      }
    }
  } finally {
    await store.close();
    remove();
  }
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${total} records`);
await run('fsync');
await run('os');
