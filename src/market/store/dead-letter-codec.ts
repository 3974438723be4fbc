import { decode, encode } from '@msgpack/msgpack';
import { parse as parseUuid, stringify as stringifyUuid, v7 } from 'uuid';

/**
 * Keys and values of the dead-letter sub-dbs.
 *
 * Entry key: [source length u8][source utf8][UUIDv7, 16 bytes]. One source's
 * entries are contiguous and ordered by id, i.e. by arrival time (UUIDv7
 * starts with the millisecond; ids from one store are strictly increasing).
 * Entry value: MessagePack of { id, source, reason, receivedAt, raw, truncated }.
 * Stats key: the source utf8; value 4 × f64 LE (count, added, evicted, removed).
 */
export interface DeadLetter {
  /** UUIDv7. */
  readonly id: string;
  /** Who produced it, e.g. the exchange name. */
  readonly source: string;
  readonly reason: string;
  /** µs since the epoch. */
  readonly receivedAt: number;
  /** The frame as received (text or bytes), cut to maxRawBytes. */
  readonly raw: string | Uint8Array;
  readonly truncated: boolean;
}

export interface SourceStats {
  /** Entries held now. */
  readonly count: number;
  readonly added: number;
  /** Dropped, oldest first, to keep the source within its bound. */
  readonly evicted: number;
  /** Taken or replayed out of the store. */
  readonly removed: number;
}

export const kMaxSourceBytes = 64;
const kIdBytes = 16;

export function sourcePrefix(source: string): Buffer {
  const s = Buffer.from(source, 'utf8');
  if (s.byteLength === 0 || s.byteLength > kMaxSourceBytes) {
    throw new RangeError(`dead letter source ${JSON.stringify(source)}: must be 1..${kMaxSourceBytes} bytes of utf8`);
  }
  return Buffer.concat([Buffer.from([s.byteLength]), s]);
}

/** Exclusive end of a source's key range: the prefix with its last byte raised (length byte caps at 64, so no overflow). */
export function sourceEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  let i = end.byteLength - 1;
  while (i >= 0 && end[i] === 0xff) i--;
  if (i < 0) throw new RangeError('dead letter: source prefix has no successor');
  end[i] = end[i]! + 1;
  return end.subarray(0, i + 1);
}

export function entryKey(prefix: Buffer, id: string): Buffer {
  return Buffer.concat([prefix, Buffer.from(parseUuid(id))]);
}

export function idOfKey(key: Uint8Array): string {
  return stringifyUuid(key.subarray(key.byteLength - kIdBytes));
}

export function encodeEntry(e: DeadLetter): Buffer {
  const bytes = encode(e);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeEntry(value: Uint8Array): DeadLetter {
  return decode(value) as DeadLetter;
}

const kCountField = 0, kAddedField = 8, kEvictedField = 16, kRemovedField = 24, kStatsSize = 32;

export function decodeStats(b: Uint8Array | undefined): SourceStats {
  if (!b || b.byteLength < kStatsSize) return { count: 0, added: 0, evicted: 0, removed: 0 };
  const v = new DataView(b.buffer, b.byteOffset, kStatsSize);
  return {
    count: v.getFloat64(kCountField, true),
    added: v.getFloat64(kAddedField, true),
    evicted: v.getFloat64(kEvictedField, true),
    removed: v.getFloat64(kRemovedField, true),
  };
}

export function encodeStats(s: SourceStats): Buffer {
  const b = Buffer.alloc(kStatsSize);
  b.writeDoubleLE(s.count, kCountField);
  b.writeDoubleLE(s.added, kAddedField);
  b.writeDoubleLE(s.evicted, kEvictedField);
  b.writeDoubleLE(s.removed, kRemovedField);
  return b;
}

/**
 * UUIDv7 from an injected millisecond clock, strictly increasing per
 * generator: within one millisecond (or if the clock steps back) the 31-bit
 * sequence counts up, as uuid's own v7() does for Date.now().
 */
export function makeIdGenerator(nowMs: () => number): () => string {
  let lastMs = -Infinity;
  let seq = 0;
  return () => {
    const now = Math.floor(nowMs());
    if (now > lastMs) {
      lastMs = now;
      seq = Math.floor(Math.random() * 0x40000000); // leave room to count up
    } else {
      seq = (seq + 1) | 0;
      if (seq === 0) lastMs++;
    }
    return v7({ msecs: lastMs, seq });
  };
}
