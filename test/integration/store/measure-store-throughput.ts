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
import fs from 'node:fs';
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

/**
 * Wall-clock and CPU time of `fn`. On a shared machine the wall rate moves
 * with the neighbours' load; the CPU rate (user+sys of this process) shows
 * the cost of the work itself, but leaves out time blocked in fsync.
 */
function timed(fn: () => void): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

function rates(n: number, t: { wallMs: number; cpuMs: number }): string {
  return `${rate(n, t.wallMs).padStart(11)} wall, ${rate(n, t.cpuMs).padStart(11)} cpu`;
}

async function run(durability: Durability): Promise<void> {
  const { dir, remove } = tempDir();
  const store = openTickStore({ path: dir, durability });
  try {
    const bytes = encode(makeTicks(total, { symbols: 20, exchanges: 3 }), true);
    const batched = timed(() => {
      for (let off = 0; off < bytes.byteLength; off += batch * kTickRecordSize) {
        const r = store.writeBatch(bytes.subarray(off, Math.min(bytes.byteLength, off + batch * kTickRecordSize)));
        if (!r.ok) throw new Error(JSON.stringify(r));
      }
    });
    const single = encode(makeTicks(unbatchedCount, { symbols: 20, exchanges: 3, t0: 2e15 }), true);
    const unbatched = timed(() => {
      for (let off = 0; off < single.byteLength; off += kTickRecordSize) store.writeBatch(single.subarray(off, off + kTickRecordSize));
    });
    const ratio = (total / batched.wallMs) / (unbatchedCount / unbatched.wallMs);
    console.log(`durability=${durability}`);
    console.log(`  batched   (${batch}/txn): ${rates(total, batched)}  records`);
    console.log(`  unbatched (1/txn)${' '.repeat(Math.max(0, String(batch).length - 1))}: ${rates(unbatchedCount, unbatched)}  records  (batched/unbatched wall ${ratio.toFixed(0)}x)`);

    if (durability === 'fsync') {
      for (const format of ['jsonl', 'csv'] as const) {
        let rows = 0;
        const t = timed(() => { for (const _line of exportLines(store, { kind: 'ticks', format, query: {} })) rows++; });
        console.log(`  export ${format.padEnd(5)}: ${rates(rows, t)}  rows (${rows} lines incl. header)`);
      }
    }
  } finally {
    await store.close();
    remove();
  }
}

/** Latency of one 4 KiB write + fdatasync in the temp dir: what every 'fsync' commit waits for at least. */
function fdatasyncMicros(): number {
  const { dir, remove } = tempDir();
  const fd = fs.openSync(`${dir}/probe`, 'w');
  const page = Buffer.alloc(4096, 1);
  const n = 100;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    fs.writeSync(fd, page, 0, page.byteLength, (i % 16) * page.byteLength);
    fs.fdatasyncSync(fd);
  }
  const us = ((performance.now() - t) / n) * 1000;
  fs.closeSync(fd);
  remove();
  return us;
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${total} records`);
console.log(`fdatasync of one 4 KiB page: ${fdatasyncMicros().toFixed(0)} µs`);
await run('fsync');
await run('os');
