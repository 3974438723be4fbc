import fc from 'fast-check';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateRing, readRingStats } from '../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { spawnWorker } from '../../src/runtime/worker/spawn-worker.js';
import { isRecordOf, recordId } from '../fixtures/ring/records.js';
import type { ReleaseCountProducerJob, ReleaseCountProducerReply } from './ring-consumer-release-count.worker.js';

// RingConsumer.releaseCount across real threads: a producer thread offers
// records 0..total-1 into a `block` ring; this thread consumes like the
// recorder does, with up to `maxInFlight` batches read but not released,
// releasing the oldest batch when it "commits", and sometimes "crashing"
// (a fresh RingConsumer over the same ring, every unreleased batch thrown
// away). Every record must be committed exactly once, in order, bit-exact,
// and after every crash redelivery must start exactly at the first record
// that was not released.

const kRecordSize = 64;
const entry = new URL('./ring-consumer-release-count.worker.ts', import.meta.url);

let worker: Worker;
beforeAll(() => {
  worker = spawnWorker(entry);
});
afterAll(async () => {
  await worker.terminate();
});

function producerDone(): Promise<ReleaseCountProducerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (r: ReleaseCountProducerReply): void => { cleanup(); resolve(r); };
    const onError = (err: Error): void => { cleanup(); reject(err); };
    const onExit = (code: number): void => { cleanup(); reject(new Error(`producer exited with code ${code}`)); };
    const cleanup = (): void => { worker.off('message', onMessage); worker.off('error', onError); worker.off('exit', onExit); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

const runArb = fc.record({
  capacity: fc.constantFrom(2, 4, 8, 16, 64),
  total: fc.integer({ min: 50, max: 3000 }),
  burst: fc.integer({ min: 1, max: 32 }),
  blockSpins: fc.constantFrom(0, 16, 1024),
  maxInFlight: fc.integer({ min: 1, max: 3 }),
  maxBatch: fc.integer({ min: 1, max: 80 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  /** Per step: chance to commit (release) the oldest batch rather than read another. */
  commitChance: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  crashChance: fc.double({ min: 0, max: 0.08, noNaN: true }),
});
type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

async function runOnce(run: Run): Promise<void> {
  const ring = allocateRing({ capacity: run.capacity, recordSize: kRecordSize });
  const done = producerDone();
  worker.postMessage({ ring, total: run.total, recordSize: kRecordSize, burst: run.burst, blockSpins: run.blockSpins } satisfies ReleaseCountProducerJob);

  let lcg = run.seed >>> 0;
  const draw = (): number => (lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const scratch = new Uint8Array(kRecordSize);
  const committed: number[] = [];
  let inFlight: number[][] = [];
  let consumer = new RingConsumer(ring);
  let crashes = 0;
  let producer: ReleaseCountProducerReply | undefined;
  void done.then((r) => { producer = r; }, () => {});
  const giveUp = performance.now() + 30_000;

  /** The id the next read must return: the first one neither committed nor in flight. */
  const nextExpected = (): number => committed.length + inFlight.reduce((n, b) => n + b.length, 0);

  while (committed.length < run.total) {
    if (performance.now() > giveUp) throw new Error(`stuck at ${committed.length}/${run.total} committed`);
    if (producer?.kind === 'failed') throw new Error(`producer failed: ${producer.error}`);
    const r = draw();
    if (r < run.crashChance && inFlight.length > 0) {
      // Crash between read and release: the successor resumes at the released tail.
      inFlight = [];
      consumer = new RingConsumer(ring);
      crashes++;
      const first: number[] = [];
      consumer.read((view, off) => first.push(recordId(view, off)), 1);
      if (first.length === 1) {
        expect(first[0], 'redelivery starts at the first unreleased record').toBe(committed.length);
        inFlight.push(first);
      }
      continue;
    }
    const mustCommit = inFlight.length === run.maxInFlight;
    if (inFlight.length > 0 && (mustCommit || r < run.commitChance)) {
      const batch = inFlight.shift()!;
      consumer.releaseCount(batch.length);
      committed.push(...batch);
      continue;
    }
    const expected = nextExpected();
    const batch: number[] = [];
    const max = 1 + Math.floor(draw() * run.maxBatch);
    consumer.read((view, off) => {
      const id = recordId(view, off);
      if (!isRecordOf(new Uint8Array(view.buffer), off, id, kRecordSize, scratch)) expect.fail(`record ${id} is not bit-exact`);
      batch.push(id);
    }, max);
    expect(batch, 'reads continue in order after the records in flight').toEqual(batch.map((_, i) => expected + i));
    expect(consumer.unreleased).toBe(inFlight.reduce((n, b) => n + b.length, 0) + batch.length);
    if (batch.length > 0) inFlight.push(batch);
    else if (inFlight.length === 0) await new Promise((resolve) => setImmediate(resolve)); // nothing to do: let the producer run
  }

  const reply = await done;
  expect(reply).toEqual({ kind: 'done', written: run.total, dropped: 0 });
  expect(committed).toEqual(Array.from({ length: run.total }, (_, i) => i));
  expect(readRingStats(ring)).toMatchObject({ written: run.total, read: run.total, fill: 0, dropped: 0 });
  void crashes;
}

describe('RingConsumer.releaseCount across threads (fast-check)', () => {
  it('several batches in flight, released oldest first: every record once, in order, bit-exact; a crash redelivers from the first unreleased record', async () => {
    await fc.assert(fc.asyncProperty(runArb, (run) => runOnce(run)), { numRuns: 40 });
  });
});
