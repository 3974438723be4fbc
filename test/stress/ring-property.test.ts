import fc from 'fast-check';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateDoorbell, Doorbell } from '../../src/runtime/ring/doorbell.js';
import type { FullPolicy } from '../../src/runtime/ring/full-policy.js';
import { allocateRing, readRingStats } from '../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { kProducerWaiting, kProducerWaitingForRoom } from '../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { spawnWorker } from '../../src/runtime/worker/spawn-worker.js';
import { ExpectedStream } from '../fixtures/ring/expected-stream.js';
import { isRecordOf, makeRecord, recordId } from '../fixtures/ring/records.js';
import {
  boardByteLength, type ConsumeJob, type ConsumerBehaviour, kBoardAbort, kBoardCount, kBoardDone, kBoardPause,
  kBoardRecordsOffset, kBoardTurn, type RingWorkerJob, type RingWorkerReply,
} from '../fixtures/ring/ring-worker-protocol.js';

// The ring across real threads. The producer runs here; consumers run in two
// worker threads that take turns on the same ring (each turn a fresh
// RingConsumer resuming at the released tail: a restarted actor on another
// thread), with random batch sizes, pauses, handle recreation and crashes
// between read and release. Every record the producer reported as accepted
// arrives exactly once, in the model's order, bit-exact; the ring's counters
// account for the rest exactly.

const kRecordSize = 64;
const workerEntry = new URL('../fixtures/ring/ring-worker.ts', import.meta.url);

/** A ring worker and the replies it has sent, awaitable by predicate. */
class RingWorker {
  private readonly replies: RingWorkerReply[] = [];
  private waiters: Array<{ match: (r: RingWorkerReply) => boolean; resolve: (r: RingWorkerReply) => void; reject: (e: Error) => void }> = [];
  private failure: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: RingWorkerReply) => {
      const i = this.waiters.findIndex((w) => w.match(reply));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(reply);
      else this.replies.push(reply);
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const w of this.waiters) w.reject(err);
      this.waiters = [];
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`ring worker exited with code ${code}`)));
  }

  send(job: RingWorkerJob): void {
    this.worker.postMessage(job);
  }

  next(match: (r: RingWorkerReply) => boolean): Promise<RingWorkerReply> {
    const i = this.replies.findIndex(match);
    if (i >= 0) return Promise.resolve(this.replies.splice(i, 1)[0]!);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }
}

let workers: RingWorker[] = [];

beforeAll(() => {
  workers = [0, 1].map(() => new RingWorker(spawnWorker(workerEntry)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.worker.terminate()));
});

/**
 * Waits (blocking this thread, the producer's) until `done()`, in small
 * Atomics.wait steps. The test timeout cannot stop a blocked thread, so a
 * condition that never comes fails here instead of hanging the file.
 */
function blockUntil(done: () => boolean, what: string): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const giveUp = performance.now() + 30_000;
  while (!done()) {
    if (performance.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    Atomics.wait(nap, 0, 0, 0.2);
  }
}

const behaviourArb: fc.Arbitrary<ConsumerBehaviour> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  maxBatch: fc.integer({ min: 1, max: 48 }),
  pauseChance: fc.double({ min: 0, max: 0.15, noNaN: true }),
  pauseMaxMs: fc.double({ min: 0, max: 0.5, noNaN: true }),
  recreateChance: fc.double({ min: 0, max: 0.1, noNaN: true }),
  crashChance: fc.double({ min: 0, max: 0.05, noNaN: true }),
  crashOnFirstRead: fc.boolean(),
  wait: fc.oneof(
    { arbitrary: fc.constant({ kind: 'busy-spin' as const }), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 256 }).map((spins) => ({ kind: 'spin-then-wait' as const, spins })), weight: 3 },
    { arbitrary: fc.constant({ kind: 'sleeping' as const }), weight: 2 },
  ),
  asyncWait: fc.boolean(),
  idleWaitMs: fc.constant(20),
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

interface Stage {
  ring: SharedArrayBuffer;
  doorbell: SharedArrayBuffer;
  board: SharedArrayBuffer;
  boardWords: Int32Array;
  total: number;
}

async function runOnce(policy: FullPolicy, run: Run): Promise<void> {
  const total = run.capacity + run.overfill + run.records;
  const board = new SharedArrayBuffer(boardByteLength(total, kRecordSize));
  const stage: Stage = {
    ring: allocateRing({ capacity: run.capacity, recordSize: kRecordSize }),
    doorbell: allocateDoorbell(),
    board,
    boardWords: new Int32Array(board),
    total,
  };
  Atomics.store(stage.boardWords, kBoardTurn, -1);

  // Turns alternate between the two workers; the last runs until the producer is done.
  const stops: Array<number | null> = [run.firstHandoff];
  for (const more of run.laterHandoffs) stops.push(stops[stops.length - 1]! + more);
  stops.push(null);
  const ended = stops.map((stopAt, turn) => {
    const worker = workers[turn % 2]!;
    worker.send({
      kind: 'consume', ring: stage.ring, doorbell: stage.doorbell, board, recordSize: kRecordSize, turn, stopAt,
      behaviour: run.behaviour,
    });
    return {
      started: worker.next((r) => r.kind === 'started' && r.turn === turn),
      done: worker.next((r) => r.kind === 'done' && r.turn === turn),
    };
  });
  try {
    // Each worker's first turn is up and waiting for its go before the producer starts.
    await Promise.all(ended.slice(0, 2).map((e) => e.started));
    const model = produce(policy, run, stage);
    const replies = await Promise.all(ended.map((e) => e.done));
    verify(run, stage, model);
    if (run.behaviour.crashOnFirstRead) {
      expect(replies.reduce((sum, r) => sum + (r.kind === 'done' ? r.crashes : 0), 0)).toBeGreaterThan(0);
    }
  } finally {
    // A failed run must not leave turns waiting: the next run's jobs queue behind them.
    Atomics.store(stage.boardWords, kBoardAbort, 1);
    Atomics.notify(stage.boardWords, kBoardTurn);
    new Doorbell(stage.doorbell).ring();
    await Promise.allSettled(ended.flatMap((e) => [e.started, e.done]));
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
  const received = Atomics.load(stage.boardWords, kBoardCount);
  const boardView = new DataView(stage.board);
  const ids = Array.from({ length: received }, (_, i) => recordId(boardView, kBoardRecordsOffset + i * kRecordSize));
  expect(ids).toEqual(model.ids);
  const bytes = new Uint8Array(stage.board);
  const scratch = new Uint8Array(kRecordSize);
  for (let i = 0; i < received; i++) {
    if (!isRecordOf(bytes, kBoardRecordsOffset + i * kRecordSize, ids[i]!, kRecordSize, scratch)) {
      expect.fail(`record #${i} (id ${ids[i]}) is not bit-exact`);
    }
  }
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
