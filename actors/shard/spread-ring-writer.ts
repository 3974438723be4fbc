import type { BatchSink } from '../../src/market/publish/count-or-age-batcher.js';
import { writeSpread } from '../../src/market/tick-codec.js';
import { kTickRecordSize } from '../../src/market/tick-layout.js';
import type { SpreadUpdate } from '../../src/market/tick.js';
import type { RingProducer } from '../../src/runtime/index.js';

/**
 * ShardCore's batch sink: every spread update goes to every output ring (the
 * recorder's and the host's) as a 64-byte Spread record.
 *
 * Each record is encoded straight into a claimed slot (tryClaim/commit: no
 * copy). When a ring has no free slot, the record is encoded once into a
 * private scratch record and handed to offer(), which applies the edge's
 * full-ring policy: `block` on the recorder edge (bounded wait, then a
 * counted drop), `conflate` on the host edge (the ring keeps the newest
 * record per key until there is room; every replaced record is counted).
 *
 * Conflation key: (symbol, buy exchange, sell exchange), so the host keeps the
 * newest spread of every pair rather than of every symbol. Keys are u32:
 * symbol ids are taken modulo 2^16 (configs list far fewer symbols).
 *
 * Publication: commit() publishes every `batchSize` records by itself; the
 * runtime publishes every output after each loop round, and a timer flush
 * calls publish() here.
 */
export class SpreadRingWriter {
  /** Spread updates handed to this sink (each goes to every output). */
  written = 0;
  /** Records that met a full ring and went through the edge policy instead of a claimed slot. */
  viaPolicy = 0;

  private readonly scratch = new Uint8Array(kTickRecordSize);
  private readonly scratchView = new DataView(this.scratch.buffer);

  constructor(private readonly outputs: readonly RingProducer[]) {}

  readonly sink: BatchSink<SpreadUpdate> = (items, count) => {
    for (let i = 0; i < count; i++) {
      const u = items[i]!;
      let encoded = false;
      for (let k = 0; k < this.outputs.length; k++) {
        const out = this.outputs[k]!;
        const off = out.tryClaim();
        if (off >= 0) {
          writeSpread(out.view, off, u);
          out.commit();
          continue;
        }
        if (!encoded) {
          writeSpread(this.scratchView, 0, u);
          encoded = true;
        }
        this.viaPolicy++;
        out.offer(this.scratch, conflationKey(u));
      }
      this.written++;
    }
  };

  publish(): void {
    for (let k = 0; k < this.outputs.length; k++) this.outputs[k]!.publish();
  }
}

export function conflationKey(u: SpreadUpdate): number {
  return (((u.symbolId & 0xffff) << 16) | ((u.buyExchangeId & 0xff) << 8) | (u.sellExchangeId & 0xff)) >>> 0;
}
