// Producer thread for ring-consumer-release-count.test.ts: offers records
// 0..total-1 into a `block` ring, waiting (up to an hour) for the consumer
// to release room, so every record goes in exactly once and in order. Its
// sleeps for room end only through the consumer's releaseCount() notify
// (or a poll of the tail): the wake-up path under test. One job per message.
import { parentPort } from 'node:worker_threads';
import { readRingStats } from '../../src/runtime/ring/ring-buffer.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { makeRecord } from '../fixtures/ring/records.js';

export interface ReleaseCountProducerJob {
  readonly ring: SharedArrayBuffer;
  readonly total: number;
  readonly recordSize: number;
  /** Records offered between publishes. */
  readonly burst: number;
  /** Polls of the tail before sleeping for room; 0 sleeps at once. */
  readonly blockSpins: number;
}

export type ReleaseCountProducerReply =
  | { readonly kind: 'done'; readonly written: number; readonly dropped: number }
  | { readonly kind: 'failed'; readonly error: string };

const port = parentPort!;
port.on('message', (job: ReleaseCountProducerJob) => {
  try {
    const capacity = readRingStats(job.ring).capacity;
    const producer = new RingProducer(job.ring, null, {
      policy: 'block', batchSize: Math.min(job.burst, capacity), blockSpins: job.blockSpins, blockTimeoutMs: 3_600_000,
    });
    let written = 0, dropped = 0;
    for (let id = 0; id < job.total; id++) {
      if (producer.offer(makeRecord(id, job.recordSize), 0) === 'written') written++;
      else dropped++;
      if ((id + 1) % job.burst === 0) producer.publish();
    }
    producer.publish();
    port.postMessage({ kind: 'done', written, dropped } satisfies ReleaseCountProducerReply);
  } catch (err) {
    port.postMessage({ kind: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies ReleaseCountProducerReply);
  }
});
