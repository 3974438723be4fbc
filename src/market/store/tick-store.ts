import type { RootDatabase } from 'lmdb';
import { readGap, readKind, readSpread, readTick } from '../tick-codec.js';
import { kTickRecordSize, RecordKind } from '../tick-layout.js';
import type { GapMarker, SpreadUpdate, Tick } from '../tick.js';
import { liveBytes, measureDiskUsage, type DiskUsage } from './disk-usage.js';
import { decodeKey, kKeySize, kMaxPrefix, prefixKey, prefixOf, prefixTimeKey, writeRecordKey } from './keys.js';
import { SymbolGrouping } from './symbol-grouping.js';
import { kSyncTxnFlags, openBinaryDb, openStoreEnv, SubDb, type BinaryDb } from './lmdb-env.js';
import { scanEntries, symbolSpan, type RawEntry, type TimeWindow } from './prefix-scan.js';
import { pruneChunk, type PruneResult } from './retention.js';
import { readLastCommit, readSymbolNames, stampCommit, writeSymbolNames, type LastCommit, type SymbolNamesResult } from './store-meta.js';
import { resolveStoreOptions, type ResolvedStoreOptions, type StoreOptions } from './store-options.js';

/**
 * The recorder's storage layer over LMDB, usable from any thread (each thread
 * opens its own store on the same path; see lmdb-env.ts).
 *
 * Contract of writeBatch: every record of the batch is written in ONE
 * transaction that is committed (and, with durability 'fsync', flushed)
 * before it returns. The caller releases its ring slots only after an `ok`
 * result; a hard kill then loses at most the batch in flight, and re-writing
 * that batch after a restart is idempotent (keys are a function of the
 * record, keys.ts). Expected refusals are results, not exceptions:
 * 'over-budget' (disk budget reached: health shows it) and 'write-failed'
 * (LMDB or the file system refused, e.g. disk full; nothing was written).
 *
 * Values are the 64-byte records exactly as they travelled in the ring.
 */
export interface RecordRef {
  readonly view: DataView;
  readonly offset: number;
}

export type WriteBatchResult =
  | { readonly ok: true; readonly ticks: number; readonly spreads: number; readonly gaps: number; readonly rejected: number; readonly commitUs: number }
  | { readonly ok: false; readonly reason: 'over-budget'; readonly liveBytes: number; readonly budgetBytes: number }
  | { readonly ok: false; readonly reason: 'write-failed'; readonly error: string };

export interface TickQuery extends TimeWindow {
  readonly symbolId?: number;
  readonly exchangeId?: number;
  readonly limit?: number;
}

export interface SpreadQuery extends TimeWindow {
  readonly symbolId?: number;
  readonly buyExchangeId?: number;
  readonly sellExchangeId?: number;
  readonly limit?: number;
}

export interface StoreCounts {
  readonly ticks: number;
  readonly spreads: number;
  readonly gaps: number;
}

export type { LastCommit, SymbolNamesResult } from './store-meta.js';

/**
 * Upper bound of the pages one record can add: a leaf node (8-byte header,
 * 18-byte key, 64-byte value, 2-byte pointer) in a page that may be only
 * half full after a split, plus a share of branch pages.
 */
const kMaxBytesPerRecord = 256;

export class LmdbTickStore {
  private readonly root: RootDatabase;
  private readonly ticks: BinaryDb | null;
  private readonly spreads: BinaryDb | null;
  private readonly gaps: BinaryDb | null;
  private readonly meta: BinaryDb | null;
  /** Every sub-db of the environment, for disk usage. */
  private readonly all: (BinaryDb | null)[];
  private readonly grouping = new SymbolGrouping();
  private readonly keyBuf = Buffer.alloc(kKeySize);
  private readonly keyView = new DataView(this.keyBuf.buffer, this.keyBuf.byteOffset, kKeySize);
  /** Private copy of SharedArrayBuffer-backed batches and of RecordRef lists (see copy()). */
  private scratch = Buffer.alloc(0);
  private closed = false;
  private lastLiveBytes = Infinity; // forces a measurement on the first batch
  private recordsSinceBudgetCheck = 0;

  constructor(private readonly o: ResolvedStoreOptions) {
    this.root = openStoreEnv(o);
    this.ticks = openBinaryDb(this.root, SubDb.ticks);
    this.spreads = openBinaryDb(this.root, SubDb.spreads);
    this.gaps = openBinaryDb(this.root, SubDb.gaps);
    this.meta = openBinaryDb(this.root, SubDb.meta);
    this.all = [this.ticks, this.spreads, this.gaps, this.meta,
      openBinaryDb(this.root, SubDb.deadLetters), openBinaryDb(this.root, SubDb.deadLetterStats)];
  }

  get path(): string {
    return this.o.path;
  }

  /** A Uint8Array of N×64 bytes (e.g. a ring segment), or references to records. */
  writeBatch(batch: Uint8Array | readonly RecordRef[]): WriteBatchResult {
    this.assertWritable();
    const refusal = this.checkBudget();
    if (refusal) return refusal;
    const bytes = this.contiguous(batch);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = bytes.byteLength / kTickRecordSize;
    const commitUs = this.o.clock();
    if (n === 0) return { ok: true, ticks: 0, spreads: 0, gaps: 0, rejected: 0, commitUs };
    let ticks = 0, spreads = 0, gaps = 0, rejected = 0;
    try {
      this.root.transactionSync(() => {
        const order = this.grouping.orderOf(view, n);
        for (let j = 0; j < n; j++) {
          const off = order[j]! * kTickRecordSize;
          const kind = readKind(view, off);
          const db = kind === RecordKind.Tick ? this.ticks : kind === RecordKind.Spread ? this.spreads : kind === RecordKind.Gap ? this.gaps : null;
          if (db === null) { rejected++; continue; }
          writeRecordKey(this.keyView, 0, view, off, kind);
          db.putSync(this.keyBuf, bytes.subarray(off, off + kTickRecordSize) as Buffer);
          if (kind === RecordKind.Tick) ticks++; else if (kind === RecordKind.Spread) spreads++; else gaps++;
        }
        stampCommit(this.meta!, commitUs, ticks + spreads + gaps);
      }, kSyncTxnFlags);
    } catch (err) {
      return { ok: false, reason: 'write-failed', error: err instanceof Error ? err.message : String(err) };
    }
    this.recordsSinceBudgetCheck += n;
    return { ok: true, ticks, spreads, gaps, rejected, commitUs };
  }

  /** Ticks in key order (symbol, exchange, recvTs, seq); lazy, constant memory. */
  rangeTicks(q: TickQuery = {}): Generator<Tick> {
    const ex = q.exchangeId;
    return decoded(scanEntries(this.ticks, symbolSpan(q.symbolId, ex === undefined ? undefined : (s) => s === ex), q), readTick, q.limit);
  }

  /**
   * recvTs of the n-th newest tick (n >= 1) of one (symbol, exchange) stream
   * among those stamped at or after sinceUs; undefined when it holds fewer.
   * One reverse cursor positioning: LMDB steps over the n - 1 newer keys
   * natively (lmdb-js `offset`) and no value is read, so it costs far less
   * than reading the n ticks. A restarted shard uses it to replay only what
   * its windows can hold (actors/shard/replay-plan.ts).
   */
  nthNewestTickTime(q: { readonly symbolId: number; readonly exchangeId: number; readonly n: number; readonly sinceUs?: number }): number | undefined {
    if (this.ticks === null) return undefined;
    if (!Number.isInteger(q.n) || q.n < 1) throw new RangeError(`nthNewestTickTime.n: ${q.n} must be a positive integer`);
    const prefix = prefixOf(q.symbolId, q.exchangeId);
    const since = q.sinceUs;
    const end = since !== undefined && Number.isFinite(since) ? prefixTimeKey(prefix, since) : prefixKey(prefix);
    for (const key of this.ticks.getKeys({
      ...(prefix < kMaxPrefix ? { start: prefixKey(prefix + 1) } : {}), end, reverse: true, offset: q.n - 1, limit: 1,
    })) {
      return decodeKey(key as Uint8Array).timeUs;
    }
    return undefined;
  }

  /** Spread updates in key order (symbol, buy, sell, computedTs, seq). */
  rangeSpreads(q: SpreadQuery = {}): Generator<SpreadUpdate> {
    const { buyExchangeId: buy, sellExchangeId: sell } = q;
    const match = buy === undefined && sell === undefined ? undefined
      : (s: number) => (buy === undefined || s >> 8 === buy) && (sell === undefined || (s & 0xff) === sell);
    return decoded(scanEntries(this.spreads, symbolSpan(q.symbolId, match), q), readSpread, q.limit);
  }

  /** Gap markers; symbolId kAllSymbols (0xffffffff) marks a whole-connection gap. */
  rangeGaps(q: TickQuery = {}): Generator<GapMarker> {
    const ex = q.exchangeId;
    return decoded(scanEntries(this.gaps, symbolSpan(q.symbolId, ex === undefined ? undefined : (s) => s === ex), q), readGap, q.limit);
  }

  /** Deletes at most maxDeletesPerChunk records older than cutoffUs (recvTs / computedTs), in one transaction. */
  pruneOlderThan(cutoffUs: number, opts: { maxDeletesPerChunk?: number } = {}): PruneResult {
    this.assertWritable();
    const max = opts.maxDeletesPerChunk ?? 10_000;
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`pruneOlderThan.maxDeletesPerChunk: ${max} must be a positive integer`);
    return pruneChunk(this.root, [this.ticks, this.spreads, this.gaps], cutoffUs, max);
  }

  lastCommit(): LastCommit | undefined {
    return this.meta === null ? undefined : readLastCommit(this.meta);
  }

  counts(): StoreCounts {
    const count = (db: BinaryDb | null): number => (db === null ? 0 : (db.getStats() as { entryCount: number }).entryCount);
    return { ticks: count(this.ticks), spreads: count(this.spreads), gaps: count(this.gaps) };
  }

  /** Live bytes, the figure the budget is enforced on (disk-usage.ts). */
  diskUsageBytes(): number {
    return liveBytes(this.root, this.all);
  }

  diskUsage(): DiskUsage & { readonly budgetBytes: number | undefined } {
    return { ...measureDiskUsage(this.root, this.all, this.o.path), budgetBytes: this.o.budgetBytes };
  }

  /** Symbol names by id, as the recorder recorded them (exports need them without a config). */
  symbolNames(): readonly string[] | undefined {
    return this.meta === null ? undefined : readSymbolNames(this.meta);
  }

  /** Records the config's symbol table; ids may only be appended to, never renumbered. */
  putSymbolNames(names: readonly string[]): SymbolNamesResult {
    this.assertWritable();
    return writeSymbolNames(this.root, this.meta!, names);
  }

  /** Must be awaited before the owning worker exits (lmdb-env.ts). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.root.close();
  }

  /**
   * Measuring live bytes costs ~30 µs (a native stat per sub-db), so it is
   * skipped while even the worst-case growth since the last measurement
   * (kMaxBytesPerRecord per record written) stays under the budget. Near or
   * past the budget every batch measures, so a prune reopens it at once.
   */
  private checkBudget(): WriteBatchResult | undefined {
    const budget = this.o.budgetBytes;
    if (budget === undefined) return undefined;
    if (this.lastLiveBytes + this.recordsSinceBudgetCheck * kMaxBytesPerRecord < budget) return undefined;
    this.lastLiveBytes = liveBytes(this.root, this.all);
    this.recordsSinceBudgetCheck = 0;
    return this.lastLiveBytes >= budget ? { ok: false, reason: 'over-budget', liveBytes: this.lastLiveBytes, budgetBytes: budget } : undefined;
  }

  private assertWritable(): void {
    if (this.closed) throw new Error(`store ${this.o.path}: used after close()`);
    if (this.o.readOnly) throw new Error(`store ${this.o.path}: opened readOnly`);
  }

  private contiguous(batch: Uint8Array | readonly RecordRef[]): Uint8Array {
    if (batch instanceof Uint8Array) {
      if (batch.byteLength % kTickRecordSize !== 0) {
        throw new RangeError(`writeBatch: ${batch.byteLength} bytes is not a whole number of ${kTickRecordSize}-byte records`);
      }
      return batch.buffer instanceof SharedArrayBuffer ? this.copy(batch) : batch;
    }
    const out = this.grow(batch.length * kTickRecordSize);
    batch.forEach((r, i) => {
      out.set(new Uint8Array(r.view.buffer, r.view.byteOffset + r.offset, kTickRecordSize), i * kTickRecordSize);
    });
    return out;
  }

  /**
   * lmdb-js (3.5) hands the native side the address of a value's buffer; for
   * a SharedArrayBuffer that address is wrong and the stored value is
   * garbage (seen: zeros). Ring memory is shared, so such batches are copied
   * into private memory first (one memcpy per batch).
   */
  private copy(src: Uint8Array): Uint8Array {
    const out = this.grow(src.byteLength);
    out.set(src);
    return out;
  }

  private grow(bytes: number): Buffer {
    if (this.scratch.byteLength < bytes) this.scratch = Buffer.alloc(Math.max(bytes, this.scratch.byteLength * 2));
    return this.scratch.subarray(0, bytes);
  }
}

export function openTickStore(options: StoreOptions): LmdbTickStore {
  return new LmdbTickStore(resolveStoreOptions(options, 'tickStore'));
}

function* decoded<T>(entries: Generator<RawEntry>, read: (v: DataView, off: number) => T, limit = Infinity): Generator<T> {
  if (limit <= 0) return;
  let n = 0;
  for (const { value } of entries) {
    yield read(new DataView(value.buffer, value.byteOffset, kTickRecordSize), 0);
    if (++n >= limit) return;
  }
}
