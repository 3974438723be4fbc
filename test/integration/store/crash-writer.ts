/**
 * Child process of crash-recovery.test.ts: writes batches into the store at
 * argv[2] (durability argv[3]) until it is killed, and reports each batch on
 * stdout only after writeBatch returned ok ("committed <n>"). stdout to a pipe
 * is synchronous on Linux, so a report is out before the next batch starts.
 */
import { openTickStore } from '../../../src/market/store/tick-store.js';
import type { Durability } from '../../../src/market/store/store-options.js';
import { encode, kT0, makeTicks } from './store-fixtures.js';

export const kCrashBatchSize = 2000;
const kMaxBatches = 5000; // a bound in case the parent never kills us

const [dir, durability] = [process.argv[2]!, process.argv[3] as Durability];
const store = openTickStore({ path: dir, durability });
process.stdout.write('ready\n');
for (let b = 0; b < kMaxBatches; b++) {
  const r = store.writeBatch(encode(makeTicks(kCrashBatchSize, { symbols: 8, exchanges: 3, t0: kT0 + b * kCrashBatchSize, seq0: b * kCrashBatchSize })));
  if (!r.ok) {
    process.stdout.write(`failed ${JSON.stringify(r)}\n`);
    break;
  }
  process.stdout.write(`committed ${b}\n`);
}
await store.close();
