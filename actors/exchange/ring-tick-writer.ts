import type { TickBatch } from '../../src/market/exchanges/base/tick-batch.js';
import { writeGap, writeTick } from '../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../src/market/tick-layout.js';
import { kAllSymbols, type GapMarker, type Tick } from '../../src/market/tick.js';
import type { RingProducer } from '../../src/runtime/index.js';

/** The output ports of an exchange actor: `shard0`..`shard{N-1}` and `recorder`. */
export interface ExchangeOutputs {
  readonly shards: readonly RingProducer[];
  readonly recorder: RingProducer;
}

/** Port names in the topology: exchange.<x>.shard<i> and exchange.<x>.recorder. */
export function shardPortName(index: number): string {
  return `shard${index}`;
}
export const kRecorderPort = 'recorder';

/** Picks the outputs from ctx.outputs; fails fast naming a missing port. */
export function exchangeOutputs(outputs: Readonly<Record<string, RingProducer>>, shardCount: number): ExchangeOutputs {
  const pick = (port: string): RingProducer => {
    const out = outputs[port];
    if (out === undefined) {
      throw new RangeError(`exchange actor: output port "${port}" is not wired (have: ${Object.keys(outputs).join(', ') || 'none'})`);
    }
    return out;
  };
  return { shards: Array.from({ length: shardCount }, (_, i) => pick(shardPortName(i))), recorder: pick(kRecorderPort) };
}

/**
 * Writes parse results into the rings, in place (DESIGN.md §2):
 *
 *   - a tick goes to shard `symbolId % shardCount`, then to the recorder
 *     (that order, so a shard never sees a tick the recorder cannot have);
 *   - a gap marker for one symbol goes to that symbol's shard and the
 *     recorder; one for all symbols (kAllSymbols) goes to every output.
 *
 * Zero copy while a ring has room: tryClaim() → encode into the slot →
 * commit(). When tryClaim() says no (full, or conflated records still wait),
 * the record is encoded once into a private scratch slot and offered, which
 * applies the edge's full policy (conflate by symbol / drop / block) and
 * counts the outcome in the ring's own stats. Nothing here allocates.
 *
 * `publish()` ends a burst: the owner calls it after every socket message.
 */
export class RingTickWriter {
  private readonly all: readonly RingProducer[];
  private readonly scratch = new Uint8Array(kTickRecordSize);
  private readonly scratchView = new DataView(this.scratch.buffer);
  private readonly shardCount: number;

  constructor(
    private readonly outputs: ExchangeOutputs,
    readonly exchangeId: number,
  ) {
    this.shardCount = outputs.shards.length;
    if (this.shardCount < 1) throw new RangeError('exchange actor: at least one shard output is required');
    this.all = [...outputs.shards, outputs.recorder];
  }

  writeTicks(batch: TickBatch): void {
    const n = batch.length;
    for (let i = 0; i < n; i++) this.writeTick(batch.at(i));
  }

  writeTick(t: Tick): void {
    const shard = this.outputs.shards[t.symbolId % this.shardCount]!;
    this.tick(shard, t);
    this.tick(this.outputs.recorder, t);
  }

  /**
   * A gap marker: data of `symbolId` (or of every symbol, kAllSymbols) may be
   * missing before this record. `seq` makes the recorder's key unique;
   * `epoch` numbers the connection that ended.
   */
  writeGap(symbolId: number, recvTs: number, seq: number, epoch: number): void {
    const marker: GapMarker = { kind: RecordKind.Gap, exchangeId: this.exchangeId, symbolId, recvTs, seq, epoch };
    if (symbolId === kAllSymbols) {
      for (const out of this.all) this.record(out, (view, off) => writeGap(view, off, marker), symbolId);
      return;
    }
    this.record(this.outputs.shards[symbolId % this.shardCount]!, (view, off) => writeGap(view, off, marker), symbolId);
    this.record(this.outputs.recorder, (view, off) => writeGap(view, off, marker), symbolId);
  }

  publish(): void {
    for (let i = 0; i < this.all.length; i++) this.all[i]!.publish();
  }

  /** Records held for conflation in any output, waiting for room. */
  pendingCount(): number {
    let n = 0;
    for (let i = 0; i < this.all.length; i++) n += this.all[i]!.pendingCount;
    return n;
  }

  private tick(out: RingProducer, t: Tick): void {
    const off = out.tryClaim();
    if (off >= 0) {
      writeTick(out.view, off, t);
      out.commit();
      return;
    }
    writeTick(this.scratchView, 0, t);
    out.offer(this.scratch, t.symbolId);
  }

  /** Cold path (gap markers): same claim-or-offer rule with an encoder callback. */
  private record(out: RingProducer, encode: (view: DataView, off: number) => void, key: number): void {
    const off = out.tryClaim();
    if (off >= 0) {
      encode(out.view, off);
      out.commit();
      return;
    }
    encode(this.scratchView, 0);
    out.offer(this.scratch, key);
  }
}
