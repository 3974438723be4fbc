import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateDoorbell, Doorbell } from '../../src/runtime/ring/doorbell.js';
import type { FullPolicy } from '../../src/runtime/ring/full-policy.js';
import { allocateRing, readRingStats } from '../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { kProducerWaiting, kProducerWaitingForRoom } from '../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { spawnWorker } from '../../src/runtime/worker/spawn-worker.js';
import { ExpectedStream } from '../fixtures/ring/expected-stream.js';
import { makeRecord, recordId } from '../fixtures/ring/records.js';
import {
  behaviourArb, blockUntil, expectDelivered, kRecordSize, makeStage, RingWorker, ringWorkerEntry, runTurns, type Stage,
} from '../fixtures/ring/ring-thread-run.js';
import {
  boardByteLength, type ConsumeJob, kBoardCount, kBoardDone, kBoardRecordsOffset, kBoardTurn,
} from '../fixtures/ring/ring-worker-protocol.js';

// The ring across real threads. The producer runs here; consumers run in two
// worker threads that take turns on the same ring (each turn a fresh
// RingConsumer resuming at the released tail: a restarted actor on another
// thread), with random batch sizes, pauses, handle recreation and crashes
// between read and release. Every record the producer reported as accepted
// arrives exactly once, in the model's order, bit-exact; the ring's counters
// account for the rest exactly.

let workers: RingWorker[] = [];

beforeAll(() => {
  workers = [0, 1].map(() => new RingWorker(spawnWorker(ringWorkerEntry)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.worker.terminate()));
});

const runArb = fc.record({
  capacity: fc.constantFrom(4, 8, 16, 64),
  batchFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  records: fc.integer({ min: 100, max: 1200 }),
  /** Records offered beyond capacity before any consumer may start: every run meets a full ring. */
  overfill: fc.integer({ min: 1, max: 3 }),
  bursts: fc.array(fc.integer({ min: 1, max: 96 }), { minLength: 1, maxLength: 8 }),
  keys: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 16 }),
  conflateKeys: fc.integer({ min: 1, max: 8 }),
  claimChance: fc.double({ min: 0, max: 0.3, noNaN: true }),
  /** Chance per burst that the producer waits for the consumers to drain the ring: long loss-free stretches. */
  catchUpChance: fc.double({ min: 0, max: 1, noNaN: true }),
  blockSpins: fc.integer({ min: 0, max: 200 }),
  blockTimeoutMs: fc.double({ min: 0, max: 2, noNaN: true }),
  /** Turn 0 ends after this many records (<= capacity, so it certainly hands over); later turns after more. */
  firstHandoff: fc.integer({ min: 1, max: 4 }),
  laterHandoffs: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 2 }),
  behaviour: behaviourArb,
});

type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

async function runOnce(policy: FullPolicy, run: Run): Promise<void> {
  const stage = makeStage(run.capacity, run.capacity + run.overfill + run.records);
  const { model, replies } = await runTurns(workers, stage, run, () => produce(policy, run, stage));
  verify(run, stage, model);
  if (run.behaviour.crashOnFirstRead) {
    expect(replies.reduce((sum, r) => sum + (r.kind === 'done' ? r.crashes : 0), 0)).toBeGreaterThan(0);
  }
}

/** Runs the producer on this thread to the end; returns the model of what must arrive. */
function produce(policy: FullPolicy, run: Run, stage: Stage): ExpectedStream {
  const { ring, boardWords, total } = stage;
  const producer = new RingProducer(ring, stage.doorbell, {
    policy,
    batchSize: Math.max(1, Math.round(run.batchFraction * run.capacity)),
    conflateKeys: run.conflateKeys,
    blockSpins: run.blockSpins,
    blockTimeoutMs: run.blockTimeoutMs,
  });
  const model = new ExpectedStream();
  let lcg = run.behaviour.seed;
  const draw = (): number => (lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let id = 0;
  const offerOne = (): void => {
    const key = run.keys[id % run.keys.length]!;
    if (draw() < run.claimChance) {
      const off = producer.tryClaim();
      if (off >= 0) {
        producer.bytes.set(makeRecord(id, kRecordSize), off);
        producer.commit();
        model.note(id++, key, 'written');
        return;
      }
    }
    model.note(id, key, producer.offer(makeRecord(id, kRecordSize), key));
    id++;
  };
  const publishAndCheck = (): void => {
    producer.publish();
    const s = readRingStats(ring);
    expect(s.written + s.dropped + s.conflated + producer.pendingCount).toBe(model.offered);
  };

  while (id < run.capacity + run.overfill) offerOne();
  publishAndCheck();
  Atomics.store(boardWords, kBoardTurn, 0);
  Atomics.notify(boardWords, kBoardTurn);

  for (let burst = 0; id < total; burst++) {
    const size = run.bursts[burst % run.bursts.length]!;
    for (let i = 0; i < size && id < total; i++) offerOne();
    publishAndCheck();
    if (draw() < run.catchUpChance) blockUntil(() => readRingStats(ring).fill === 0, 'the consumers to drain the ring');
  }
  // Held conflated records go in as the consumers make room.
  blockUntil(() => { publishAndCheck(); return producer.pendingCount === 0; }, 'held records to move in');
  Atomics.store(boardWords, kBoardDone, 1);
  new Doorbell(stage.doorbell).ring();
  model.flushAll();
  return model;
}

function verify(run: Run, stage: Stage, model: ExpectedStream): void {
  expectDelivered(stage, model);
  expect(model.offered).toBe(stage.total);
  expect(readRingStats(stage.ring)).toEqual({
    capacity: run.capacity, recordSize: kRecordSize, fill: 0, pending: 0,
    written: model.ids.length, read: model.ids.length, dropped: model.dropped, conflated: model.conflated,
    // The overfill filled the ring before any consumer ran.
    highWatermark: run.capacity,
  });
}

describe('SPSC ring across two threads (fast-check)', () => {
  it.each<FullPolicy>(['drop', 'conflate', 'block'])(
    '%s: every accepted record once, in order, bit-exact; counters account for the rest; consumers resume across threads',
    async (policy) => {
      await fc.assert(fc.asyncProperty(runArb, (run) => runOnce(policy, run)), { numRuns: 25 });
    },
  );
});

describe('wake-ups across threads', () => {
  it('block: a producer asleep for room is woken by release() in another thread', async () => {
    const ring = allocateRing({ capacity: 2 });
    const filler = new RingProducer(ring, null, { policy: 'drop' });
    filler.offer(makeRecord(0, kRecordSize), 0);
    filler.offer(makeRecord(1, kRecordSize), 0);
    filler.publish();
    // The worker's producer waits up to an hour: only release()'s notify ends it within the test timeout.
    const worker = workers[0]!;
    worker.send({ kind: 'offer-blocked', ring, recordSize: kRecordSize, id: 2 });
    const seqs = new Int32Array(ring);
    while (Atomics.load(seqs, kProducerWaiting) !== kProducerWaitingForRoom) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const consumer = new RingConsumer(ring);
    const got: number[] = [];
    consumer.poll((view, off) => got.push(recordId(view, off)), 1);
    expect(await worker.next((r) => r.kind === 'offered')).toEqual({ kind: 'offered', outcome: 'written' });
    consumer.poll((view, off) => got.push(recordId(view, off)), 10);
    expect(got).toEqual([0, 1, 2]);
    expect(readRingStats(ring)).toMatchObject({ written: 3, dropped: 0, read: 3 });
  });

  it.each([
    ['sleeping', false], ['sleeping', true], ['spin-then-wait', false], ['spin-then-wait', true],
  ] as const)('%s consumer (async: %s) asleep on its doorbell is woken by publish()', async (kind, asyncWait) => {
    const ring = allocateRing({ capacity: 8 });
    const doorbell = allocateDoorbell();
    const bell = new Doorbell(doorbell);
    const board = new SharedArrayBuffer(boardByteLength(1, kRecordSize));
    const worker = workers[1]!;
    const job: ConsumeJob = {
      kind: 'consume', ring, doorbell, board, recordSize: kRecordSize, turn: 0, stopAt: 1,
      behaviour: {
        seed: 1, maxBatch: 1, pauseChance: 0, pauseMaxMs: 0, recreateChance: 0, crashChance: 0, crashOnFirstRead: false,
        wait: kind === 'sleeping' ? { kind } : { kind, spins: 16 },
        asyncWait,
        // An hour: only the doorbell's notify ends this sleep within the test timeout.
        idleWaitMs: 3_600_000,
      },
    };
    worker.send(job);
    await worker.next((r) => r.kind === 'started');
    while (!bell.sleeping) await new Promise((resolve) => setTimeout(resolve, 1));
    const producer = new RingProducer(ring, doorbell, { policy: 'drop' });
    producer.offer(makeRecord(42, kRecordSize), 0);
    producer.publish();
    await worker.next((r) => r.kind === 'done');
    expect(Atomics.load(new Int32Array(board), kBoardCount)).toBe(1);
    expect(recordId(new DataView(board), kBoardRecordsOffset)).toBe(42);
  });
});
