import { existsSync } from 'node:fs';
import { ExchangeId, type ExchangeName } from '../../src/market/exchange-ids.js';
import { prefixKey, prefixOf } from '../../src/market/store/keys.js';
import { openBinaryDb, openStoreEnv, SubDb, type BinaryDb } from '../../src/market/store/lmdb-env.js';
import { kAllPrefixes, scanEntries } from '../../src/market/store/prefix-scan.js';
import { resolveStoreOptions, type Durability } from '../../src/market/store/store-options.js';
import { kExchangeTsOffset, kRecvTsOffset } from '../../src/market/tick-layout.js';
import { kAllSymbols } from '../../src/market/tick.js';

/**
 * What the recorder left on disk, read after the host has shut down (the
 * recorder has closed the store): ticks and gap markers per exchange, and
 * the tick-to-spread latency of every recorded spread update.
 *
 * Counting is one native range count per (symbol, exchange) prefix, so it
 * costs nothing per record. Spread latency reads every spread value (64
 * bytes, no decoding beyond two f64s).
 */
export interface ExchangeRecordCounts {
  readonly ticks: number;
  readonly gaps: number;
}

export interface StoreAuditOptions {
  readonly path: string;
  readonly symbolCount: number;
  readonly exchanges: readonly ExchangeName[];
  readonly durability?: Durability;
}

export class StoreAudit {
  private readonly root;
  private readonly ticks: BinaryDb | null;
  private readonly gaps: BinaryDb | null;
  private readonly spreads: BinaryDb | null;

  private constructor(private readonly o: StoreAuditOptions) {
    this.root = openStoreEnv(resolveStoreOptions({ path: o.path, readOnly: true, ...(o.durability === undefined ? {} : { durability: o.durability }) }, 'storeAudit'));
    this.ticks = openBinaryDb(this.root, SubDb.ticks);
    this.gaps = openBinaryDb(this.root, SubDb.gaps);
    this.spreads = openBinaryDb(this.root, SubDb.spreads);
  }

  /** Undefined when nothing was ever recorded at `path`. */
  static open(o: StoreAuditOptions): StoreAudit | undefined {
    if (!existsSync(`${o.path}/data.mdb`)) return undefined;
    return new StoreAudit(o);
  }

  counts(): Record<string, ExchangeRecordCounts> {
    const out: Record<string, ExchangeRecordCounts> = {};
    for (const x of this.o.exchanges) {
      let ticks = 0;
      let gaps = 0;
      for (let s = 0; s < this.o.symbolCount; s++) {
        const p = prefixOf(s, ExchangeId[x]);
        ticks += countPrefix(this.ticks, p);
        gaps += countPrefix(this.gaps, p);
      }
      // A gap for a whole connection carries kAllSymbols instead of a symbol id.
      gaps += countPrefix(this.gaps, prefixOf(kAllSymbols, ExchangeId[x]));
      out[x] = { ticks, gaps };
    }
    return out;
  }

  /**
   * computedTs − ts (µs) of every spread update computed in [sinceUs, untilUs)
   * (the store keys spreads by computedTs, so the window is a key range).
   * `ts` is the receive stamp of the tick that moved the spread.
   */
  spreadLatenciesUs(sinceUs: number, untilUs: number): Float64Array {
    let out = new Float64Array(1 << 16);
    let n = 0;
    for (const { value } of scanEntries(this.spreads, kAllPrefixes, { sinceUs, untilUs })) {
      const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
      const ts = v.getFloat64(kExchangeTsOffset, true);
      const computed = v.getFloat64(kRecvTsOffset, true);
      if (n === out.length) {
        const bigger = new Float64Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[n++] = computed - ts;
    }
    return out.subarray(0, n);
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}

function countPrefix(db: BinaryDb | null, prefix: number): number {
  return db === null ? 0 : db.getKeysCount({ start: prefixKey(prefix), end: prefixKey(prefix + 1) });
}
