import type { Transaction } from 'lmdb';
import type { BinaryDb } from './lmdb-env.js';
import { keyPrefix, kMaxPrefix, prefixKey, prefixTimeKey } from './keys.js';

/**
 * Range reads over the (prefix, time) key space of keys.ts. A query names a
 * span of prefixes [lo, hi) and optionally a stream filter; the scan finds
 * each prefix that holds data with one cursor seek (a skip scan), then walks
 * only its time window. Cost: one seek per stored prefix in the span plus
 * one step per returned entry; memory: constant.
 *
 * Time bounds: sinceUs is inclusive, untilUs exclusive.
 */
export interface PrefixSpan {
  readonly lo: number;
  /** Exclusive. */
  readonly hi: number;
  readonly streamMatches?: (stream: number) => boolean;
}

export interface TimeWindow {
  readonly sinceUs?: number;
  readonly untilUs?: number;
}

export interface RawEntry {
  readonly key: Buffer;
  readonly value: Buffer;
}

export const kAllPrefixes: PrefixSpan = { lo: 0, hi: kMaxPrefix + 1 };

export function symbolSpan(symbolId: number | undefined, streamMatches?: (s: number) => boolean): PrefixSpan {
  const base = symbolId === undefined ? kAllPrefixes : { lo: symbolId * 65536, hi: (symbolId + 1) * 65536 };
  return streamMatches === undefined ? base : { ...base, streamMatches };
}

/**
 * Stored prefixes within the span, ascending. `txn` pins a read snapshot;
 * inside a write transaction pass none (reads then see the write txn).
 */
export function* storedPrefixes(db: BinaryDb, span: PrefixSpan, txn?: Transaction): Generator<number> {
  let p = span.lo;
  while (p < span.hi) {
    let found: number | undefined;
    for (const key of db.getKeys({ start: prefixKey(p), limit: 1, ...(txn ? { transaction: txn } : {}) })) {
      found = keyPrefix(key);
    }
    if (found === undefined || found >= span.hi) return;
    if (span.streamMatches === undefined || span.streamMatches(found % 65536)) yield found;
    p = found + 1;
  }
}

/** Entries of one prefix within the time window, in key order. */
export function prefixWindow(db: BinaryDb, prefix: number, w: TimeWindow, txn?: Transaction, limit?: number): Iterable<RawEntry> {
  const start = w.sinceUs === undefined ? prefixKey(prefix) : prefixTimeKey(prefix, w.sinceUs);
  const end = w.untilUs !== undefined
    ? prefixTimeKey(prefix, w.untilUs)
    : prefix < kMaxPrefix ? prefixKey(prefix + 1) : undefined;
  return db.getRange({
    start,
    ...(end ? { end } : {}),
    ...(txn ? { transaction: txn } : {}),
    ...(limit !== undefined ? { limit } : {}),
  }) as Iterable<RawEntry>;
}

/**
 * Every entry in the span and window, in key order, under one read snapshot
 * that is released when the iteration ends or is abandoned (return()).
 * A long iteration keeps LMDB from reusing pages freed meanwhile.
 */
export function* scanEntries(db: BinaryDb | null, span: PrefixSpan, w: TimeWindow): Generator<RawEntry> {
  if (db === null) return;
  const txn = db.useReadTransaction();
  try {
    for (const prefix of storedPrefixes(db, span, txn)) {
      yield* prefixWindow(db, prefix, w, txn);
    }
  } finally {
    txn.done();
  }
}
