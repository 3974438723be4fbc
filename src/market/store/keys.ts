import {
  kExchangeIdOffset, kRecvTsOffset, kSeqOffset, kSymbolIdOffset, RecordKind,
} from '../tick-layout.js';

/**
 * Ordered binary keys of the recorder's store. Every record kind uses the
 * same 18-byte, big-endian layout, so that LMDB's memcmp order is the order
 * of the tuple (symbolId, stream, time, seq) and a range read per symbol and
 * time is one cursor walk:
 *
 *   off  size  field
 *     0   u32  symbolId
 *     4   u16  stream    ticks and gaps: exchangeId
 *                        spreads: buy exchange (high byte), sell exchange (low byte)
 *     6   f64  time      µs since the epoch, made order-preserving (see below)
 *    14   u32  seq       per-connection sequence
 *
 * The first 6 bytes (symbolId, stream) are the key's *prefix*; a prefix is
 * also handled as one number `symbolId * 65536 + stream` (< 2^48, exact).
 *
 * The time is the local clock of the record (recvTs for ticks and gaps, the
 * shard's computedTs for spreads; both live at kRecvTsOffset), because it is
 * always present, while an exchange may send no event time.
 *
 * Keys are a pure function of the record's bytes, so writing the same batch
 * twice puts the same keys: a re-written batch overwrites itself.
 *
 * Order-preserving f64: the IEEE bits, big endian, with the sign bit set for
 * values >= 0 and every bit inverted for values < 0. Then unsigned byte order
 * equals numeric order for all non-NaN values (and -0 is stored as +0).
 * Unlike a u64 of whole microseconds it is lossless for fractional times.
 */
export const kKeySize = 18;
export const kKeySymbolOffset = 0;
export const kKeyStreamOffset = 4;
export const kKeyTimeOffset = 6;
export const kKeySeqOffset = 14;
export const kKeyPrefixSize = 6;

/** Largest prefix number: symbolId 0xffffffff, stream 0xffff. */
export const kMaxPrefix = 0xffffffff * 65536 + 0xffff;

export interface KeyFields {
  readonly symbolId: number;
  readonly stream: number;
  readonly timeUs: number;
  readonly seq: number;
}

export function prefixOf(symbolId: number, stream: number): number {
  return symbolId * 65536 + stream;
}

/** Stream of a spread key: buy exchange in the high byte, so buy sorts first. */
export function spreadStream(buyExchangeId: number, sellExchangeId: number): number {
  return ((buyExchangeId & 0xff) << 8) | (sellExchangeId & 0xff);
}

export function writeOrderedTime(view: DataView, off: number, timeUs: number): void {
  view.setFloat64(off, timeUs === 0 ? 0 : timeUs, false); // -0 → +0
  const hi = view.getUint32(off, false);
  if (hi & 0x80000000) {
    view.setUint32(off, ~hi >>> 0, false);
    view.setUint32(off + 4, ~view.getUint32(off + 4, false) >>> 0, false);
  } else {
    view.setUint32(off, (hi | 0x80000000) >>> 0, false);
  }
}

export function readOrderedTime(view: DataView, off: number): number {
  const hi = view.getUint32(off, false);
  const lo = view.getUint32(off + 4, false);
  // Decode into a scratch view so the key itself stays untouched.
  if (hi & 0x80000000) {
    scratch.setUint32(0, (hi & 0x7fffffff) >>> 0, false);
    scratch.setUint32(4, lo, false);
  } else {
    scratch.setUint32(0, ~hi >>> 0, false);
    scratch.setUint32(4, ~lo >>> 0, false);
  }
  return scratch.getFloat64(0, false);
}
const scratch = new DataView(new ArrayBuffer(8));

export function writeKey(view: DataView, off: number, k: KeyFields): void {
  view.setUint32(off + kKeySymbolOffset, k.symbolId >>> 0, false);
  view.setUint16(off + kKeyStreamOffset, k.stream & 0xffff, false);
  writeOrderedTime(view, off + kKeyTimeOffset, k.timeUs);
  view.setUint32(off + kKeySeqOffset, k.seq >>> 0, false);
}

export function encodeKey(k: KeyFields): Buffer {
  const b = Buffer.alloc(kKeySize);
  writeKey(new DataView(b.buffer, b.byteOffset, kKeySize), 0, k);
  return b;
}

export function decodeKey(key: Uint8Array): KeyFields {
  const v = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return {
    symbolId: v.getUint32(kKeySymbolOffset, false),
    stream: v.getUint16(kKeyStreamOffset, false),
    timeUs: readOrderedTime(v, kKeyTimeOffset),
    seq: v.getUint32(kKeySeqOffset, false),
  };
}

/** Prefix number of a stored key (its first 6 bytes). */
export function keyPrefix(key: Uint8Array): number {
  const v = new DataView(key.buffer, key.byteOffset, kKeyPrefixSize);
  return prefixOf(v.getUint32(kKeySymbolOffset, false), v.getUint16(kKeyStreamOffset, false));
}

/**
 * A 6-byte key: sorts before every stored key with this prefix and after
 * every stored key with a smaller one, so it serves as an inclusive start
 * and, for `prefix + 1`, as an exclusive end.
 */
export function prefixKey(prefix: number): Buffer {
  const b = Buffer.alloc(kKeyPrefixSize);
  b.writeUInt32BE(Math.floor(prefix / 65536), kKeySymbolOffset);
  b.writeUInt16BE(prefix % 65536, kKeyStreamOffset);
  return b;
}

/** A 14-byte key (prefix, time): sorts before every stored key at or after `timeUs` in that prefix. */
export function prefixTimeKey(prefix: number, timeUs: number): Buffer {
  const b = Buffer.alloc(kKeyTimeOffset + 8);
  b.writeUInt32BE(Math.floor(prefix / 65536), kKeySymbolOffset);
  b.writeUInt16BE(prefix % 65536, kKeyStreamOffset);
  writeOrderedTime(new DataView(b.buffer, b.byteOffset, b.byteLength), kKeyTimeOffset, timeUs);
  return b;
}

/**
 * Writes the key of the 64-byte record at `src[srcOff]` into `dst[dstOff]`.
 * Reads the record through the named offsets of tick-layout.ts (no object is
 * built: this runs once per recorded record).
 */
export function writeRecordKey(dst: DataView, dstOff: number, src: DataView, srcOff: number, kind: RecordKind): void {
  const raw = src.getUint16(srcOff + kExchangeIdOffset, true);
  // A spread record holds buy in the low byte and sell in the high byte.
  const stream = kind === RecordKind.Spread ? spreadStream(raw & 0xff, raw >>> 8) : raw;
  dst.setUint32(dstOff + kKeySymbolOffset, src.getUint32(srcOff + kSymbolIdOffset, true), false);
  dst.setUint16(dstOff + kKeyStreamOffset, stream, false);
  writeOrderedTime(dst, dstOff + kKeyTimeOffset, src.getFloat64(srcOff + kRecvTsOffset, true));
  dst.setUint32(dstOff + kKeySeqOffset, src.getUint32(srcOff + kSeqOffset, true), false);
}
