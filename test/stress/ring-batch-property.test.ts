import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Doorbell } from '../../src/runtime/ring/doorbell.js';
import type { FullPolicy } from '../../src/runtime/ring/full-policy.js';
import { readRingStats } from '../../src/runtime/ring/ring-buffer.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { spawnWorker } from '../../src/runtime/worker/spawn-worker.js';
import { ExpectedStream } from '../fixtures/ring/expected-stream.js';
import { fillRecord, makeRecord } from '../fixtures/ring/records.js';
import {
  behaviourArb, blockUntil, expectDelivered, kRecordSize, makeStage, RingWorker, ringWorkerEntry, runTurns, type Stage,
} from '../fixtures/ring/ring-thread-run.js';
import { kBoardDone, kBoardTurn } from '../fixtures/ring/ring-worker-protocol.js';

// The batch claim across real threads. The producer runs here and writes
// through tryClaimBatch/commitBatch with random claim sizes, commits short of
// the claim (the rest of the claim holds a junk record that must never
// arrive), stray publishes and offers mixed in; consumers in two worker
// threads take turns with random read sizes, pauses, handle recreation and
// crashes between read and release. Every committed record arrives exactly
// once, in order, bit-exact, and the counters agree.

let workers: RingWorker[] = [];

beforeAll(() => {
  workers = [0, 1].map(() => new RingWorker(spawnWorker(ringWorkerEntry)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.worker.terminate()));
});

/** Written into claimed slots that are not committed: a consumer that ever sees it got an uncommitted slot. */
const kJunkId = 0x7eadbeef;

const runArb = fc.record({
  capacity: fc.constantFrom(4, 8, 16, 64, 256),
  batchFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  records: fc.integer({ min: 300, max: 2500 }),
  /** `max` of successive claims, cycled. */
  claimMaxes: fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 }),
  /** Chance per claim of committing a random share of it instead of all of it. */
  shortCommitChance: fc.double({ min: 0, max: 0.3, noNaN: true }),
  publishChance: fc.double({ min: 0, max: 0.3, noNaN: true }),
  /** Chance per claim of an offer() first (the full-ring policy applies to it, not to claims). */
  offerChance: fc.double({ min: 0, max: 0.2, noNaN: true }),
  keys: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 16 }),
  catchUpChance: fc.double({ min: 0, max: 0.2, noNaN: true }),
  firstHandoff: fc.integer({ min: 1, max: 4 }),
  laterHandoffs: fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 2 }),
  behaviour: behaviourArb,
});

type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs the producer on this thread to the end; returns the model of what must arrive. */
function produce(policy: FullPolicy, run: Run, stage: Stage): ExpectedStream {
  const { ring, boardWords, total } = stage;
  const producer = new RingProducer(ring, stage.doorbell, {
    policy, batchSize: Math.max(1, Math.round(run.batchFraction * run.capacity)), conflateKeys: 4, blockSpins: 16, blockTimeoutMs: 0.5,
  });
  const model = new ExpectedStream();
  let lcg = run.behaviour.seed;
  const draw = (): number => (lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let id = 0;
  let step = 0;
  const checkCounters = (): void => {
    const s = readRingStats(ring);
    expect(s.written + s.dropped + s.conflated + producer.pendingCount).toBe(model.offered);
  };
  /** One claim of up to `max`, filled and committed in part or whole. Returns the slots claimed (0: full). */
  const claimOnce = (): number => {
    const max = Math.min(run.claimMaxes[step++ % run.claimMaxes.length]!, total - id);
    const n = producer.tryClaimBatch(max);
    expect(n).toBeLessThanOrEqual(max);
    if (n === 0) return 0;
    const commit = draw() < run.shortCommitChance ? Math.floor(draw() * (n + 1)) : n;
    for (let i = 0; i < n; i++) {
      fillRecord(producer.bytes, producer.claimOffset + i * kRecordSize, i < commit ? id + i : kJunkId, kRecordSize);
    }
    producer.commitBatch(commit);
    for (let i = 0; i < commit; i++) model.note(id++, -1, 'written');
    return n;
  };
  const offerOne = (): void => {
    const key = run.keys[id % run.keys.length]!;
    model.note(id, key, producer.offer(makeRecord(id, kRecordSize), key));
    id++;
  };

  // Fill the ring before any consumer may start: every run meets a full ring.
  while (id < total && claimOnce() > 0);
  expect(readRingStats(ring).fill).toBe(run.capacity);
  Atomics.store(boardWords, kBoardTurn, 0);
  Atomics.notify(boardWords, kBoardTurn);

  while (id < total) {
    if (draw() < run.offerChance) {
      offerOne();
      continue;
    }
    // A full ring (or held records still waiting) claims nothing: wait for the consumers, as a caller would.
    if (claimOnce() === 0) blockUntil(() => claimOnce() > 0, 'room for a batch');
    if (draw() < run.publishChance) {
      producer.publish();
      checkCounters();
    }
    if (draw() < run.catchUpChance) {
      producer.publish();
      blockUntil(() => readRingStats(ring).fill === 0, 'the consumers to drain the ring');
    }
  }
  blockUntil(() => { producer.publish(); return producer.pendingCount === 0; }, 'held records to move in');
  checkCounters();
  Atomics.store(boardWords, kBoardDone, 1);
  new Doorbell(stage.doorbell).ring();
  model.flushAll();
  return model;
}

async function runOnce(policy: FullPolicy, run: Run): Promise<void> {
  const stage = makeStage(run.capacity, run.records);
  const { model } = await runTurns(workers, stage, run, () => produce(policy, run, stage));
  expectDelivered(stage, model);
  expect(model.offered).toBe(run.records);
  expect(readRingStats(stage.ring)).toEqual({
    capacity: run.capacity, recordSize: kRecordSize, fill: 0, pending: 0,
    written: model.ids.length, read: model.ids.length, dropped: model.dropped, conflated: model.conflated,
    highWatermark: run.capacity,
  });
}

describe('batch claim across two threads (fast-check)', () => {
  it.each<FullPolicy>(['drop', 'conflate', 'block'])(
    '%s: every committed record once, in order, bit-exact; nothing claimed but uncommitted arrives',
    async (policy) => {
      await fc.assert(fc.asyncProperty(runArb, (run) => runOnce(policy, run)), { numRuns: 15 });
    },
  );
});
