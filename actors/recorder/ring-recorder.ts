import type { Logger } from 'pino';
import { kTickRecordSize } from '../../src/market/tick-layout.js';
import { readRingConfig } from '../../src/runtime/ring/ring-buffer.js';
import type { ActorInput, CounterHandle } from '../../src/runtime/index.js';
import type { AsyncStoreWriter, WriteOutcome } from './async-store-writer.js';
import type { kRecorderCounterNames } from './counters.js';
import type { RecorderOptions } from './recorder-options.js';
import { StagedBatch } from './staged-batch.js';
import type { ThrottledLog } from './throttled-log.js';

/**
 * The recorder's commit cycle over its manual-release input rings, with two
 * batches in flight.
 *
 *   read     the run loop hands every record to `add`, which copies it into
 *            the staging batch (StagedBatch: a private copy, in ring order
 *            per input); a batch starts with its first record.
 *   commit   once the staging batch holds batchRecords, or its oldest record
 *            waited batchMs (a timer), or on drain: top it up with what the
 *            rings already hold, up to maxBatchRecords (a backlog makes
 *            fewer, larger commits), seal it (note how many records of each
 *            input it holds) and write it (AsyncStoreWriter, one transaction
 *            per maxBatchRecords). Reading goes on into the other batch while
 *            this one commits, so reading, encoding and LMDB's write thread
 *            overlap.
 *   release  a batch gives its own records back to each ring
 *            (RingConsumer.releaseCount) only after its write resolved ok
 *            and every older batch has released: in read order, so a ring
 *            slot is reused only once its record is durable.
 *
 * Bounded: there are exactly kBatches (2) batches. While both are sealed
 * (writing, written and waiting for the older one, or failed) nothing more
 * is read: the recorder takes its onRecord away from the run loop
 * (setReading(false)) and gives it back when a batch is released. Reading
 * also stops while the staging batch holds batchRecords and may not be
 * written yet (a refused write's retry is pending).
 *
 * A crash, at any point, leaves every unreleased record in the rings for the
 * successor, which writes them again under the same keys (idempotent):
 * nothing is lost, nothing is stored twice.
 *
 * A refused write (disk budget, or a failing disk) releases nothing from
 * that batch on, and the batch is written again every retryMs (with any
 * other failed batch); the rings fill, the producers' block edges wait and
 * then count drops on their side. The refusal is reported in stats
 * (`refusing`), in counters, and in the log at a bounded rate.
 *
 * Memory: each batch holds at most max(maxBatchRecords, batchRecords + one
 * loop round) records of 64 bytes (StagedBatch grows only for a round that
 * overshoots), and the batch memory is reused, never reallocated per batch.
 */
export type RecorderCounters = Readonly<Record<(typeof kRecorderCounterNames)[number], CounterHandle>>;

export interface RecorderStats {
  readonly lastCommitAtMs: number | null;
  readonly committedRecords: number;
  readonly refusing: boolean;
  readonly batchSizeLast: number;
  readonly commitUsLast: number;
  /** Records read from the rings and not yet released (both batches; some may be committed, waiting for an older batch). */
  readonly stagedRecords: number;
  readonly writing: boolean;
  /** Batches whose write is in flight (at most kBatches). */
  readonly batchesWriting: number;
  /** Records of an unknown kind, dropped by this incarnation. */
  readonly rejectedRecords: number;
  readonly lastError: string | null;
}

export class RingRecorder {
  /** The run loop's onRecord for every input: a copy into the staging batch. */
  readonly add: (view: DataView, offset: number) => void;
  /** Sealed batches, oldest first: writing, written (waiting for an older one to release) or failed. */
  private readonly queue: StagedBatch[] = [];
  /** Batches neither staging nor sealed. */
  private readonly free: StagedBatch[] = [];
  /** The batch `add` copies into; undefined while both batches are sealed (reading is off then). */
  private staging: StagedBatch | undefined;
  private readonly retryMs: number;
  private retryAtMs = 0;
  private draining = false;
  /** While a batch is written slice by slice: resolves once its last slice is queued. */
  private slicing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueMs = Infinity;
  private lastCommitAtMs: number | null = null;
  private batchSizeLast = 0;
  private commitUsLast = 0;
  private refusing = false;
  private rejected = 0;
  private lastError: string | null = null;

  constructor(
    private readonly o: RecorderOptions,
    private readonly inputs: readonly ActorInput[],
    private readonly writer: Pick<AsyncStoreWriter, 'write'>,
    private readonly counters: RecorderCounters,
    private readonly setReading: (on: boolean) => void,
    private readonly log: Logger,
    private readonly loud: ThrottledLog,
    private readonly nowMs: () => number = Date.now,
  ) {
    let capacity = 0;
    for (const input of inputs) {
      const ring = readRingConfig(input.consumer.view.buffer as SharedArrayBuffer, `recorder input ${input.name}`);
      if (ring.recordSize !== kTickRecordSize) {
        throw new RangeError(`recorder input ${input.name}: recordSize ${ring.recordSize} must be ${kTickRecordSize} (market records)`);
      }
      capacity += ring.capacity;
    }
    // No batch can hold more than the rings can hold read and unreleased.
    const most = Math.max(1, capacity);
    for (let i = 0; i < kBatches; i++) this.free.push(new StagedBatch(Math.min(most, o.maxBatchRecords), most, inputs.length));
    this.staging = this.free.pop();
    this.add = (view, offset) => this.staging!.add(view, offset); // never called while staging is undefined (reading is off)
    this.retryMs = Math.max(o.batchMs, 100);
  }

  /** After a loop round that read records. */
  afterBatch(): void {
    const s = this.staging;
    if (s !== undefined && s.firstAtMs === 0 && s.length > 0) {
      s.firstAtMs = this.nowMs();
      this.armTimer(s.firstAtMs + this.o.batchMs);
    }
    this.maybeCommit(false);
  }

  /**
   * Graceful stop: commit what is staged and what the rings hold now. The
   * runtime's drain loop then reads the rest, and afterBatch commits every
   * round while draining.
   */
  async drain(): Promise<void> {
    this.draining = true;
    await this.flush();
  }

  /**
   * Commits everything readable now, two batches in flight, and waits until
   * it is released; returns early, with records still staged, while writes
   * are refused.
   */
  async flush(): Promise<void> {
    for (;;) {
      this.retryFailed();
      const s = this.staging;
      if (s !== undefined && this.nowMs() >= this.retryAtMs) {
        this.topUp(s, this.o.maxBatchRecords);
        if (s.length > 0) {
          this.write(this.seal(s));
          continue;
        }
      }
      const writing = this.queue.find((b) => b.state === 'writing');
      if (writing === undefined) return; // all released, or only refused batches left
      await writing.done;
    }
  }

  /** Waits for the writes in flight and commits what is staged; the store is the caller's to close. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueMs = -Infinity; // no more timers
    await this.flush();
  }

  stats(): RecorderStats {
    let staged = this.staging?.length ?? 0;
    let writing = 0;
    for (const b of this.queue) {
      staged += b.length;
      if (b.state === 'writing') writing++;
    }
    return {
      lastCommitAtMs: this.lastCommitAtMs,
      committedRecords: this.counters.recordsCommitted.value(),
      refusing: this.refusing,
      batchSizeLast: this.batchSizeLast,
      commitUsLast: this.commitUsLast,
      stagedRecords: staged,
      writing: writing > 0,
      batchesWriting: writing,
      rejectedRecords: this.rejected,
      lastError: this.lastError,
    };
  }

  private maybeCommit(force: boolean): void {
    const s = this.staging;
    if (s !== undefined && s.length > 0) {
      const now = this.nowMs();
      const due = force || this.draining || s.length >= this.o.batchRecords || now - s.firstAtMs >= this.o.batchMs;
      if (due && now >= this.retryAtMs) {
        this.topUp(s, this.o.maxBatchRecords);
        this.write(this.seal(s));
      }
    }
    this.gate();
  }

  /** Reading is on while there is a staging batch that may still grow. */
  private gate(): void {
    const s = this.staging;
    this.setReading(s !== undefined && s.length < this.o.batchRecords);
  }

  /** Reads what the rings already hold into `batch`, up to `limit` records in it. */
  private topUp(batch: StagedBatch, limit: number): void {
    for (const input of this.inputs) {
      const room = Math.min(limit - batch.length, batch.room);
      if (room <= 0) return;
      batch.addFrom(input.consumer, room);
    }
  }

  /**
   * Notes how many records of each input the batch holds: whatever each
   * input has read and not released, less what the older sealed batches
   * hold. Then the next batch stages.
   */
  private seal(batch: StagedBatch): StagedBatch {
    for (let i = 0; i < this.inputs.length; i++) {
      let older = 0;
      for (const b of this.queue) older += b.perInput[i]!;
      batch.perInput[i] = this.inputs[i]!.consumer.unreleased - older;
    }
    this.queue.push(batch);
    this.staging = this.free.pop();
    this.gate();
    return batch;
  }

  private write(batch: StagedBatch): void {
    batch.state = 'writing';
    const n = batch.length;
    const run = (): Promise<WriteOutcome> => this.writeInSlices(batch.bytes());
    // Puts are queued in batch order: a batch behind one that is still
    // writing slice by slice waits until that one has queued its last slice.
    const outcome = this.slicing === undefined ? run() : this.slicing.then(run);
    batch.done = outcome.then((r) => this.settle(batch, r, n));
  }

  /** Writes every failed batch again, oldest first, once the retry is due. */
  private retryFailed(): void {
    if (this.nowMs() < this.retryAtMs) return;
    for (const b of this.queue) if (b.state === 'failed') this.write(b);
  }

  /**
   * One transaction per maxBatchRecords: a batch grows past it only when a
   * loop round overshoots. Slices commit in order; if one fails, the ones
   * before it stay committed but unreleased, and the retry writes them
   * again under the same keys.
   */
  private async writeInSlices(bytes: Uint8Array): Promise<WriteOutcome> {
    const slice = this.o.maxBatchRecords * kTickRecordSize;
    if (bytes.byteLength <= slice) return this.writer.write(bytes); // every put queued before this returns
    let queued!: () => void;
    const slicing = new Promise<void>((resolve) => { queued = resolve; });
    this.slicing = slicing;
    let ticks = 0, spreads = 0, gaps = 0, rejected = 0, commitUs = 0;
    try {
      for (let off = 0; off < bytes.byteLength; off += slice) {
        const pending = this.writer.write(bytes.subarray(off, off + slice));
        if (off + slice >= bytes.byteLength) queued();
        const r = await pending;
        if (!r.ok) return r;
        ticks += r.ticks; spreads += r.spreads; gaps += r.gaps; rejected += r.rejected; commitUs += r.commitUs;
      }
    } finally {
      queued();
      if (this.slicing === slicing) this.slicing = undefined;
    }
    return { ok: true, ticks, spreads, gaps, rejected, commitUs };
  }

  private settle(batch: StagedBatch, r: WriteOutcome, n: number): void {
    batch.done = undefined;
    if (r.ok) {
      batch.state = 'written';
      const c = this.counters;
      c.recordsCommitted.add(r.ticks + r.spreads + r.gaps);
      c.ticksCommitted.add(r.ticks);
      c.spreadsCommitted.add(r.spreads);
      c.gapsCommitted.add(r.gaps);
      c.batches.add(1);
      this.lastCommitAtMs = this.nowMs();
      this.batchSizeLast = n;
      this.commitUsLast = r.commitUs;
      if (r.rejected > 0) {
        this.rejected += r.rejected;
        this.loud.warn('rejected-records', { rejected: r.rejected }, 'records of an unknown kind were not recorded');
      }
      if (!this.queue.some((b) => b.state === 'failed')) {
        if (this.refusing || this.lastError !== null) {
          this.log.info({ category: 'recorder', action: 'writing_again', stagedRecords: n }, 'recorder commits again');
          this.loud.reset('over-budget');
          this.loud.reset('write-failed');
        }
        this.refusing = false;
        this.lastError = null;
        this.retryAtMs = 0;
      }
      this.releaseWritten();
    } else {
      batch.state = 'failed';
      this.retryAtMs = this.nowMs() + this.retryMs;
      this.armTimer(this.retryAtMs);
      if (r.reason === 'over-budget') {
        this.refusing = true;
        this.counters.refused.add(1);
        this.loud.warn('over-budget', { liveBytes: r.liveBytes, budgetBytes: r.budgetBytes, stagedRecords: n },
          'recorder REFUSING: disk budget reached; nothing is released, producers will block and count drops');
      } else {
        this.lastError = r.error;
        this.counters.commitErrors.add(1);
        this.loud.error('write-failed', { err: r.error, stagedRecords: n }, 'recorder commit failed; nothing released, retrying');
      }
    }
    this.maybeCommit(this.draining);
  }

  /** Releases written batches from the oldest on, each exactly its own records of each input. */
  private releaseWritten(): void {
    while (this.queue.length > 0 && this.queue[0]!.state === 'written') {
      const b = this.queue.shift()!;
      for (let i = 0; i < this.inputs.length; i++) this.inputs[i]!.consumer.releaseCount(b.perInput[i]!);
      b.clear();
      if (this.staging === undefined) this.staging = b;
      else this.free.push(b);
    }
  }

  private armTimer(dueMs: number): void {
    if (!(dueMs < this.timerDueMs)) return;
    clearTimeout(this.timer);
    this.timerDueMs = dueMs;
    this.timer = setTimeout(this.onTimer, Math.max(0, dueMs - this.nowMs()));
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerDueMs = Infinity;
    this.retryFailed();
    this.maybeCommit(false);
    // Armed for an earlier batch, or the retry is not due yet: wait for the next due time.
    let due = Infinity;
    const s = this.staging;
    if (s !== undefined && s.length > 0) due = Math.max(s.firstAtMs + this.o.batchMs, this.retryAtMs);
    if (this.queue.some((b) => b.state === 'failed')) due = Math.min(due, this.retryAtMs);
    if (due < Infinity) this.armTimer(due);
  };
}

/** Batches in all: one staging while the other commits (the bound on staged memory). */
export const kBatches = 2;
