/**
 * Worker-thread entry of worker-threads.test.ts: writes `batches` batches of
 * ticks from a SharedArrayBuffer (as a recorder drains a ring), adds one dead
 * letter, then closes both stores before the thread ends (lmdb-env.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { encode, makeTicks } from './store-fixtures.js';

const { dir, batches, batchSize, t0 } = workerData as { dir: string; batches: number; batchSize: number; t0: number };
const store = openTickStore({ path: dir });
const dlq = openDeadLetterStore({ path: dir });
try {
  for (let b = 0; b < batches; b++) {
    const r = store.writeBatch(encode(makeTicks(batchSize, { t0: t0 + b * batchSize, seq0: b * batchSize }), true));
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  const added = await dlq.add({ source: 'worker', reason: 'test', raw: 'frame' });
  parentPort!.postMessage({ written: batches * batchSize, dlqId: added.id });
} finally {
  await dlq.close();
  await store.close();
}
