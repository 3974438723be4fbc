import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WriteOutcome } from '../../../actors/recorder/async-store-writer.js';
import { resolveRecorderOptions } from '../../../actors/recorder/recorder-options.js';
import { RingRecorder, type RecorderCounters } from '../../../actors/recorder/ring-recorder.js';
import { ThrottledLog } from '../../../actors/recorder/throttled-log.js';
import { kRecorderCounterNames } from '../../../actors/recorder/counters.js';
import { writeTick } from '../../../src/market/tick-codec.js';
import { kRecvTsOffset, kSeqOffset, kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { ActorInput, CounterHandle } from '../../../src/runtime/index.js';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';

// The recorder's commit cycle (ring-recorder.ts) on real rings, with the
// store replaced by a writer whose every write the test resolves by hand,
// in any order and with any outcome, and with the run loop played by the
// test (a round reads up to pollBatch per input while reading is on, then
// calls afterBatch). What must hold: a ring slot is released only after the
// write that holds its record resolved ok and every older batch released;
// each batch releases exactly its own records of each input; at most two
// batches are staged; refused batches are written again.

interface PendingWrite {
  /** (input, seq) of every record in the write, in order. */
  readonly records: ReadonlyArray<readonly [number, number]>;
  readonly resolve: (r: WriteOutcome) => void;
}

const ok = (n: number): WriteOutcome => ({ ok: true, ticks: n, spreads: 0, gaps: 0, rejected: 0, commitUs: 1 });
const refused: WriteOutcome = { ok: false, reason: 'over-budget', liveBytes: 2, budgetBytes: 1 };

class Bench {
  readonly producers: RingProducer[] = [];
  readonly rings: SharedArrayBuffer[] = [];
  readonly inputs: ActorInput[] = [];
  readonly writes: PendingWrite[] = [];
  /** Every write call, in call order, with what it resolved to (null while pending). */
  readonly history: Array<{ records: ReadonlyArray<readonly [number, number]>; outcome: WriteOutcome | null }> = [];
  readonly produced: number[];
  reading = true;
  readonly recorder: RingRecorder;
  readonly counters: Record<string, number> = {};

  constructor(ringCount: number, capacity: number, o: { batchRecords: number; maxBatchRecords: number; batchMs?: number }, readonly pollBatch: number) {
    this.produced = Array.from({ length: ringCount }, () => 0);
    for (let i = 0; i < ringCount; i++) {
      const ring = allocateRing({ capacity });
      this.rings.push(ring);
      this.producers.push(new RingProducer(ring, null, { policy: 'drop', batchSize: 1 }));
      const consumer = new RingConsumer(ring);
      this.inputs.push({ name: `in${i}`, consumer, manual: true, release: () => consumer.release() });
    }
    const options = resolveRecorderOptions({
      path: '/unused', batchRecords: o.batchRecords, maxBatchRecords: o.maxBatchRecords, batchMs: o.batchMs ?? 60_000,
      retentionMs: 0, diskBudgetBytes: 0, dlqMaxPerSource: 1, mapSizeBytes: 1, symbols: [],
    });
    const writer = {
      write: (bytes: Uint8Array): Promise<WriteOutcome> => {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const records: Array<readonly [number, number]> = [];
        for (let off = 0; off < bytes.byteLength; off += kTickRecordSize) {
          records.push([view.getFloat64(off + kRecvTsOffset, true), view.getUint32(off + kSeqOffset, true)]);
        }
        const entry = { records, outcome: null as WriteOutcome | null };
        this.history.push(entry);
        return new Promise((resolve) => {
          this.writes.push({ records, resolve: (r) => { entry.outcome = r; resolve(r); } });
        });
      },
    };
    const counters = Object.fromEntries(kRecorderCounterNames.map((name) => {
      this.counters[name] = 0;
      const handle: CounterHandle = { add: (n) => { this.counters[name]! += n; }, value: () => this.counters[name]! };
      return [name, handle];
    })) as unknown as RecorderCounters;
    const log = pino({ level: 'silent' });
    this.recorder = new RingRecorder(options, this.inputs, writer, counters, (on) => { this.reading = on; }, log, new ThrottledLog(log), () => Date.now());
  }

  /** `n` more records into input `i`; a record is (input, seq) in recvTs and seq. */
  produce(i: number, n: number): number {
    let accepted = 0;
    for (let k = 0; k < n; k++) {
      const seq = this.produced[i]!;
      const bytes = new Uint8Array(kTickRecordSize);
      writeTick(new DataView(bytes.buffer), 0, {
        kind: RecordKind.Tick, exchangeId: 1, symbolId: 0, bid: 1, ask: 2, bidSize: 1, askSize: 1, exchangeTs: 0, recvTs: i, seq, flags: 0,
      });
      if (this.producers[i]!.offer(bytes, 0) !== 'written') break;
      this.produced[i]!++;
      accepted++;
    }
    this.producers[i]!.publish();
    return accepted;
  }

  /** One run-loop round: read while reading is on, then afterBatch if anything was read. */
  round(): number {
    if (!this.reading) return 0;
    let n = 0;
    for (const input of this.inputs) n += input.consumer.read(this.recorder.add, this.pollBatch);
    if (n > 0) this.recorder.afterBatch();
    return n;
  }

  released(i: number): number {
    return readRingStats(this.rings[i]!).read;
  }

  /** Records of input `i` that some write resolved ok holds, as a set of seqs. */
  committedSeqs(i: number): Set<number> {
    const out = new Set<number>();
    for (const h of this.history) if (h.outcome?.ok) for (const [input, seq] of h.records) if (input === i) out.add(seq);
    return out;
  }

  /** Nothing released before its commit: every released seq of every input is in an ok write. */
  checkReleasedCommitted(): void {
    for (let i = 0; i < this.rings.length; i++) {
      const committed = this.committedSeqs(i);
      const released = this.released(i);
      for (let seq = 0; seq < released; seq++) {
        if (!committed.has(seq)) expect.fail(`input ${i}: seq ${seq} released (released ${released}) but in no committed write`);
      }
    }
  }
}

/** Lets the recorder's promise chains run (write → settle). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RingRecorder: two batches in flight', () => {
  it('reads the next batch while one commits, and releases each batch only after its own commit, oldest first', async () => {
    const b = new Bench(2, 64, { batchRecords: 4, maxBatchRecords: 8 }, 3);
    b.produce(0, 10);
    b.produce(1, 6);

    expect(b.round()).toBe(6); // 3 + 3, due at 4: topped up to 8 from input 0, written
    expect(b.writes).toHaveLength(1);
    expect(b.writes[0]!.records).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [0, 3], [0, 4]]);
    expect(b.reading).toBe(true); // the other batch stages

    expect(b.round()).toBe(6); // input 0: 5..7, input 1: 3..5; topped up with 8, 9
    expect(b.writes).toHaveLength(2);
    expect(b.writes[1]!.records).toEqual([[0, 5], [0, 6], [0, 7], [1, 3], [1, 4], [1, 5], [0, 8], [0, 9]]);
    expect(b.reading, 'both batches sealed: no more reading').toBe(false);
    expect(b.round()).toBe(0);
    expect([b.released(0), b.released(1)]).toEqual([0, 0]);
    expect(b.recorder.stats()).toMatchObject({ stagedRecords: 16, batchesWriting: 2, writing: true });

    b.writes[1]!.resolve(ok(8)); // the newer one first: it must wait for the older
    await settle();
    expect([b.released(0), b.released(1)]).toEqual([0, 0]);
    expect(b.reading).toBe(false);

    b.writes[0]!.resolve(ok(8));
    await settle();
    expect([b.released(0), b.released(1)]).toEqual([10, 6]);
    expect(b.reading).toBe(true);
    expect(b.recorder.stats()).toMatchObject({ stagedRecords: 0, batchesWriting: 0, committedRecords: 16 });
  });

  it('releases the older batch as soon as it commits, while the newer one is still in flight', async () => {
    const b = new Bench(2, 64, { batchRecords: 2, maxBatchRecords: 2 }, 1);
    b.produce(0, 3);
    b.produce(1, 3);
    b.round(); // (0,0) (1,0)
    b.round(); // (0,1) (1,1)
    expect(b.writes).toHaveLength(2);
    b.writes[0]!.resolve(ok(2));
    await settle();
    expect([b.released(0), b.released(1)]).toEqual([1, 1]);
    expect(b.reading).toBe(true);
    b.round(); // (0,2) (1,2): a third write while the second is in flight
    expect(b.writes).toHaveLength(3);
    b.writes[2]!.resolve(ok(2));
    await settle();
    expect([b.released(0), b.released(1)]).toEqual([1, 1]);
    b.writes[1]!.resolve(ok(2));
    await settle();
    expect([b.released(0), b.released(1)]).toEqual([3, 3]);
  });

  it('a refused older batch holds back a newer committed one; both go once the retry commits', async () => {
    const b = new Bench(1, 64, { batchRecords: 2, maxBatchRecords: 2 }, 2);
    b.produce(0, 4);
    b.round();
    b.round();
    expect(b.writes).toHaveLength(2);
    b.writes[0]!.resolve(refused);
    b.writes[1]!.resolve(ok(2));
    await settle();
    expect(b.released(0)).toBe(0);
    expect(b.recorder.stats()).toMatchObject({ refusing: true, stagedRecords: 4 });
    expect(b.counters['refused']).toBe(1);
    expect(b.reading).toBe(false);

    vi.advanceTimersByTime(99);
    expect(b.writes).toHaveLength(2); // retry after max(batchMs, 100) ms... batchMs here is a minute
    vi.advanceTimersByTime(60_000);
    expect(b.writes).toHaveLength(3);
    expect(b.writes[2]!.records).toEqual([[0, 0], [0, 1]]); // the refused batch again, same records
    b.writes[2]!.resolve(ok(2));
    await settle();
    expect(b.released(0)).toBe(4);
    expect(b.recorder.stats()).toMatchObject({ refusing: false, stagedRecords: 0 });
    b.checkReleasedCommitted();
  });

  it('a batch written slice by slice (a round overshot maxBatchRecords) has every slice queued before the next batch', async () => {
    const b = new Bench(2, 64, { batchRecords: 2, maxBatchRecords: 2 }, 3);
    b.produce(0, 6);
    b.produce(1, 6);
    b.round(); // 6 records: one batch, written as three slices of 2, one after another
    expect(b.history.map((h) => h.records)).toEqual([[[0, 0], [0, 1]]]);
    b.round(); // the next batch stages and is due, but waits for the last slice to be queued
    expect(b.history).toHaveLength(1);
    b.writes.shift()!.resolve(ok(2));
    await settle();
    expect(b.history).toHaveLength(2);
    b.writes.shift()!.resolve(ok(2));
    await settle();
    expect(b.history.map((h) => h.records)).toEqual([
      [[0, 0], [0, 1]], [[0, 2], [1, 0]], [[1, 1], [1, 2]], // the first batch's slices, in order
      [[0, 3], [0, 4]], // the second batch's first slice, queued with the first batch's last
    ]);
    while (b.writes.length > 0) {
      b.writes.shift()!.resolve(ok(2));
      await settle();
    }
    expect([b.released(0), b.released(1)]).toEqual([6, 6]);
    b.checkReleasedCommitted();
  });

  it('stop() writes what is staged and what the rings hold, two at a time, and releases all of it', async () => {
    const b = new Bench(3, 16, { batchRecords: 5, maxBatchRecords: 5 }, 2);
    for (let i = 0; i < 3; i++) b.produce(i, 9);
    b.round(); // 2 per input: 6 read, due at 5, written as one batch of 6 (a round may overshoot)
    const stopping = b.recorder.stop();
    for (let k = 0; k < 20 && (b.released(0) + b.released(1) + b.released(2)) < 27; k++) {
      while (b.writes.length > 0) b.writes.shift()!.resolve(ok(1));
      await settle();
    }
    await stopping;
    expect([b.released(0), b.released(1), b.released(2)]).toEqual([9, 9, 9]);
    expect(b.history.every((h) => h.records.length <= 6)).toBe(true);
    b.checkReleasedCommitted();
  });
});

describe('RingRecorder: random schedules (fast-check)', () => {
  type Step =
    | { kind: 'produce'; input: number; n: number }
    | { kind: 'round' }
    | { kind: 'resolve'; which: 'oldest' | 'newest'; outcome: 'ok' | 'refused' | 'failed' }
    | { kind: 'time'; ms: number };
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('produce' as const), input: fc.integer({ min: 0, max: 2 }), n: fc.integer({ min: 1, max: 20 }) }),
    fc.constant({ kind: 'round' as const }),
    fc.record({
      kind: fc.constant('resolve' as const), which: fc.constantFrom('oldest' as const, 'newest' as const),
      outcome: fc.oneof({ arbitrary: fc.constant('ok' as const), weight: 6 }, { arbitrary: fc.constantFrom('refused' as const, 'failed' as const), weight: 1 }),
    }),
    fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 300 }) }),
  );

  it('nothing is released before its commit; at most two batches staged; after a drain every record is released once', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        capacity: fc.constantFrom(4, 8, 32),
        batchRecords: fc.integer({ min: 1, max: 12 }),
        extra: fc.integer({ min: 0, max: 12 }),
        pollBatch: fc.integer({ min: 1, max: 10 }),
        steps: fc.array(stepArb, { minLength: 1, maxLength: 120 }),
      }),
      async ({ capacity, batchRecords, extra, pollBatch, steps }) => {
        const b = new Bench(3, capacity, { batchRecords, maxBatchRecords: batchRecords + extra, batchMs: 50 }, pollBatch);
        for (const step of steps) {
          if (step.kind === 'produce') b.produce(step.input, step.n);
          else if (step.kind === 'round') b.round();
          else if (step.kind === 'time') vi.advanceTimersByTime(step.ms);
          else if (b.writes.length > 0) {
            const w = step.which === 'oldest' ? b.writes.shift()! : b.writes.pop()!;
            w.resolve(step.outcome === 'ok' ? ok(w.records.length) : step.outcome === 'refused' ? refused : { ok: false, reason: 'write-failed', error: 'disk' });
          }
          await settle();
          expect(b.writes.length, 'at most two writes in flight').toBeLessThanOrEqual(2);
          const s = b.recorder.stats();
          const unreleased = b.inputs.reduce((n, input) => n + input.consumer.unreleased, 0);
          expect(s.stagedRecords, 'every read, unreleased record is staged, and nothing else').toBe(unreleased);
          b.checkReleasedCommitted();
        }
        // Drain: everything commits from here on.
        const draining = b.recorder.drain();
        for (let k = 0; k < 500; k++) {
          while (b.writes.length > 0) b.writes.shift()!.resolve(ok(1));
          vi.advanceTimersByTime(200);
          await settle();
          b.round();
          const done = b.inputs.every((input, i) => input.consumer.unreleased === 0 && b.released(i) === b.produced[i]);
          if (done && b.writes.length === 0) break;
        }
        await draining;
        for (let i = 0; i < 3; i++) expect(b.released(i), `input ${i}`).toBe(b.produced[i]);
        b.checkReleasedCommitted();
      },
    ), { numRuns: 150 });
  });
});
