import type { Logger } from 'pino';
import { RecordBatch } from '../../src/market/store/record-batch.js';
import { kTickRecordSize } from '../../src/market/tick-layout.js';
import { readRingConfig } from '../../src/runtime/ring/ring-buffer.js';
import type { ActorInput, CounterHandle } from '../../src/runtime/index.js';
import type { AsyncStoreWriter, WriteOutcome } from './async-store-writer.js';
import type { kRecorderCounterNames } from './counters.js';
import type { RecorderOptions } from './recorder-options.js';
import type { ThrottledLog } from './throttled-log.js';

/**
 * The recorder's commit cycle over its manual-release input rings.
 *
 *   read     the run loop hands every record to `add` (a private copy, in
 *            ring order per input); a batch starts with its first record.
 *   commit   once the batch holds batchRecords, or its oldest record waited
 *            batchMs (a timer), or on drain: first top it up with whatever
 *            the rings already hold, up to maxBatchRecords (a backlog makes
 *            fewer, larger commits), then write it (AsyncStoreWriter), one
 *            transaction per maxBatchRecords.
 *   release  only after the write resolved ok: every input releases all it
 *            read, so a ring slot is reused only once its record is durable.
 *
 * Release is all-or-nothing per ring (RingConsumer.release), so while a write
 * is in flight nothing more may be read: reading pauses (setReading(false))
 * and resumes when the write settles. A crash, at any point, leaves the
 * unreleased records in the rings for the successor, which writes them again
 * under the same keys (idempotent): nothing is lost, nothing is stored twice.
 *
 * A refused write (disk budget, or a failing disk) releases nothing: the
 * rings fill, the producers' block edges wait and then count drops on their
 * side. The batch keeps what was read and is retried every retryMs; the
 * refusal is reported in stats (`refusing`), in counters, and in the log at
 * a bounded rate.
 *
 * Staging memory: every unreleased record is held in the batch, so its
 * capacity is the sum of the input rings' capacities (pages are touched only
 * as a backlog actually grows).
 */
export type RecorderCounters = Readonly<Record<(typeof kRecorderCounterNames)[number], CounterHandle>>;

export interface RecorderStats {
  readonly lastCommitAtMs: number | null;
  readonly committedRecords: number;
  readonly refusing: boolean;
  readonly batchSizeLast: number;
  readonly commitUsLast: number;
  /** Records read from the rings, not yet committed (and not released). */
  readonly stagedRecords: number;
  readonly writing: boolean;
  /** Records of an unknown kind, dropped by this incarnation. */
  readonly rejectedRecords: number;
  readonly lastError: string | null;
}

export class RingRecorder {
  /** The run loop's onRecord for every input. */
  readonly add: (view: DataView, offset: number) => void;
  private readonly batch: RecordBatch;
  private readonly retryMs: number;
  private firstAtMs = 0;
  private inFlight: Promise<void> | undefined;
  private retryAtMs = 0;
  private draining = false;
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
    private readonly writer: AsyncStoreWriter,
    private readonly counters: RecorderCounters,
    private readonly setReading: (on: boolean) => void,
    private readonly log: Logger,
    private readonly loud: ThrottledLog,
    private readonly nowMs: () => number = Date.now,
  ) {
    let capacity = 0;
    for (const input of inputs) capacity += readRingConfig(input.consumer.view.buffer as SharedArrayBuffer, 'recorder input').capacity;
    this.batch = new RecordBatch(Math.max(1, capacity));
    this.add = this.batch.add;
    this.retryMs = Math.max(o.batchMs, 100);
  }

  /** After a loop round that read records. */
  afterBatch(): void {
    if (this.firstAtMs === 0 && this.batch.length > 0) {
      this.firstAtMs = this.nowMs();
      this.armTimer(this.firstAtMs + this.o.batchMs);
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

  /** Commits everything readable now, one write at a time; returns early while writes are refused. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.inFlight !== undefined) {
        await this.inFlight;
        continue;
      }
      this.topUp(Infinity);
      if (this.batch.length === 0 || this.nowMs() < this.retryAtMs) return;
      this.commit();
    }
  }

  /** Waits for the write in flight and commits what is staged; the store is the caller's to close. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueMs = -Infinity; // no more timers
    await this.flush();
  }

  stats(): RecorderStats {
    return {
      lastCommitAtMs: this.lastCommitAtMs,
      committedRecords: this.counters.recordsCommitted.value(),
      refusing: this.refusing,
      batchSizeLast: this.batchSizeLast,
      commitUsLast: this.commitUsLast,
      stagedRecords: this.batch.length,
      writing: this.inFlight !== undefined,
      rejectedRecords: this.rejected,
      lastError: this.lastError,
    };
  }

  private maybeCommit(force: boolean): void {
    if (this.inFlight !== undefined || this.batch.length === 0) return;
    const now = this.nowMs();
    if (now < this.retryAtMs) return;
    const due = force || this.draining || this.batch.length >= this.o.batchRecords || now - this.firstAtMs >= this.o.batchMs;
    if (!due) return;
    this.topUp(this.o.maxBatchRecords);
    this.commit();
  }

  /** Reads what the rings already hold into the batch, up to `limit` records in all. */
  private topUp(limit: number): void {
    for (const input of this.inputs) {
      const room = Math.min(limit - this.batch.length, this.batch.room);
      if (room <= 0) return;
      input.consumer.read(this.add, room);
    }
  }

  private commit(): void {
    this.setReading(false);
    const n = this.batch.length;
    this.inFlight = this.writeInSlices(this.batch.bytes()).then((r) => this.settle(r, n));
  }

  /**
   * One transaction per maxBatchRecords: a batch grows past it only when a
   * loop round overshoots or while writes are refused. Slices commit in
   * order; if one fails, the ones before it stay committed but unreleased,
   * and the retry writes them again under the same keys.
   */
  private async writeInSlices(bytes: Uint8Array): Promise<WriteOutcome> {
    const slice = this.o.maxBatchRecords * kTickRecordSize;
    if (bytes.byteLength <= slice) return this.writer.write(bytes);
    let ticks = 0, spreads = 0, gaps = 0, rejected = 0, commitUs = 0;
    for (let off = 0; off < bytes.byteLength; off += slice) {
      const r = await this.writer.write(bytes.subarray(off, off + slice));
      if (!r.ok) return r;
      ticks += r.ticks; spreads += r.spreads; gaps += r.gaps; rejected += r.rejected; commitUs += r.commitUs;
    }
    return { ok: true, ticks, spreads, gaps, rejected, commitUs };
  }

  private settle(r: WriteOutcome, n: number): void {
    this.inFlight = undefined;
    if (r.ok) {
      for (const input of this.inputs) input.release();
      this.batch.clear();
      this.firstAtMs = 0;
      this.retryAtMs = 0;
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
      if (this.refusing || this.lastError !== null) {
        this.log.info({ category: 'recorder', action: 'writing_again', stagedRecords: n }, 'recorder commits again');
        this.loud.reset('over-budget');
        this.loud.reset('write-failed');
      }
      this.refusing = false;
      this.lastError = null;
    } else {
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
    this.setReading(true);
    if (this.draining) this.maybeCommit(true);
  }

  private armTimer(dueMs: number): void {
    if (!(dueMs < this.timerDueMs)) return;
    clearTimeout(this.timer);
    this.timerDueMs = dueMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueMs = Infinity;
      this.maybeCommit(false);
      // Armed for an earlier batch, or the retry is not due yet: wait for this batch's own time.
      if (this.inFlight === undefined && this.batch.length > 0) this.armTimer(Math.max(this.firstAtMs + this.o.batchMs, this.retryAtMs));
    }, Math.max(0, dueMs - this.nowMs()));
  }
}
