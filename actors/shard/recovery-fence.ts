import { kAllSymbols } from '../../src/market/tick.js';

/**
 * Keeps a restarted shard from applying a record twice: once restored from
 * the recorder's store and once more read from its input ring.
 *
 * Why it happens: an exchange actor writes every record to the recorder's
 * ring and to the shard's ring. When the shard restarts, its rings still hold
 * what its predecessor had not read, and the recorder may already have
 * committed some or all of those records (it may even have committed records
 * that reach the shard's ring only later). Restoring from the store and then
 * reading the rings would apply those records twice.
 *
 * The rule. The store is read per stream: the ticks of one (exchange,
 * symbol), the symbol gaps of one (exchange, symbol), the whole-connection
 * gaps of one exchange. In each stream the store holds a prefix of what the
 * exchange sent, in key order (recvTs, seq), because the recorder commits its
 * ring in order and keys are the record's own time and sequence. So a ring
 * record is already applied iff its stream restored a record with a key at
 * least as large as its own: its key is <= the stream's mark (the last key
 * restored). The first ring record of a stream above the mark is new, and so
 * is everything after it; the stream's mark is then dropped, and once every
 * marked stream has passed its mark the fence costs one boolean per record.
 *
 * This needs no peek into the rings and no timing: it holds whether the
 * recorder is ahead of the shard's ring (duplicates are skipped) or behind
 * it (nothing is skipped; the ticks the recorder had not committed before the
 * restart are missing from the rebuilt windows, at most its uncommitted
 * batch). It assumes recvTs does not run backwards within one stream (one
 * exchange connection stamps it from one clock) and ties on recvTs are
 * ordered by seq (one connection numbers its records).
 */
export const FenceStream = {
  Tick: 0,
  SymbolGap: 1,
} as const;
export type FenceStream = (typeof FenceStream)[keyof typeof FenceStream];

export class RecoveryFence {
  private readonly markTs: Float64Array;
  private readonly markSeq: Float64Array;
  private readonly symbolSlots: number;
  private readonly streamsPerExchange: number;
  private armed = 0;
  /** Ring records skipped as already restored. */
  duplicates = 0;

  constructor(
    private readonly exchangeSlots: number,
    private readonly shardIndex: number,
    private readonly shardCount: number,
    symbolCount: number,
  ) {
    this.symbolSlots = Math.max(1, Math.ceil((symbolCount - shardIndex) / shardCount));
    // Per exchange: ticks of each slot, symbol gaps of each slot, then one stream of whole-connection gaps.
    this.streamsPerExchange = 2 * this.symbolSlots + 1;
    const n = exchangeSlots * this.streamsPerExchange;
    this.markTs = new Float64Array(n).fill(-Infinity);
    this.markSeq = new Float64Array(n);
  }

  /** True while some stream still has a mark: the adapter checks records only then. */
  get active(): boolean {
    return this.armed > 0;
  }

  get armedStreams(): number {
    return this.armed;
  }

  /** A record fed to ShardCore.restore(); kind Tick or SymbolGap (a gap with kAllSymbols has its own stream). */
  noteRestored(kind: FenceStream, exchangeId: number, symbolId: number, recvTs: number, seq: number): void {
    const i = this.streamOf(kind, exchangeId, symbolId);
    if (i < 0 || !Number.isFinite(recvTs)) return;
    const t = this.markTs[i]!;
    if (t === -Infinity) this.armed++;
    if (recvTs > t || (recvTs === t && seq > this.markSeq[i]!)) {
      this.markTs[i] = recvTs;
      this.markSeq[i] = seq;
    }
  }

  /** A live ring record: true when it was restored already (skip it, counted). */
  isDuplicate(kind: FenceStream, exchangeId: number, symbolId: number, recvTs: number, seq: number): boolean {
    const i = this.streamOf(kind, exchangeId, symbolId);
    if (i < 0) return false;
    const t = this.markTs[i]!;
    if (t === -Infinity) return false;
    if (recvTs < t || (recvTs === t && seq <= this.markSeq[i]!)) {
      this.duplicates++;
      return true;
    }
    this.markTs[i] = -Infinity;
    this.armed--;
    return false;
  }

  private streamOf(kind: FenceStream, exchangeId: number, symbolId: number): number {
    if (!(exchangeId >= 0 && exchangeId < this.exchangeSlots)) return -1;
    const base = exchangeId * this.streamsPerExchange;
    if (kind === FenceStream.SymbolGap && symbolId === kAllSymbols) return base + 2 * this.symbolSlots;
    const d = symbolId - this.shardIndex;
    if (!(d >= 0 && d % this.shardCount === 0)) return -1;
    const slot = d / this.shardCount;
    if (slot >= this.symbolSlots) return -1;
    return base + (kind === FenceStream.Tick ? slot : this.symbolSlots + slot);
  }
}
