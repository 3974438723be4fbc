import { requireInteger, requireNumber } from '../windows/require-option.js';

export const DebounceDecision = {
  /** Hold: the key will come due (nextDue) within debounceMs of its first unpublished change. */
  Deferred: 0,
  /** The move passed the threshold: publish now, then call published(key). */
  PublishNow: 1,
} as const;
export type DebounceDecision = (typeof DebounceDecision)[keyof typeof DebounceDecision];

export interface DebouncerOptions {
  /** Keys are integers in [0, keys): a shard's symbol slots. */
  readonly keys: number;
  /** Longest a change waits before it is published; default 250 ms. */
  readonly debounceMs?: number;
  /** A move larger than this (bps, strictly) skips the wait; default 1 bps. */
  readonly thresholdBps?: number;
}

export const kDebounceDefaults = { debounceMs: 250, thresholdBps: 1 } as const;

/**
 * Per-key publication gate with a threshold bypass. Time is passed in (µs)
 * on every call, so tests step it; nothing here reads a clock.
 *
 * A change (offer) either passes the threshold, and the caller publishes at
 * once, or marks the key dirty. The first dirty change since the key was last
 * due schedules the key at now + debounceMs; further changes before then only
 * coalesce (the caller publishes its latest data when the key comes due). So
 * a burst of small moves within one interval gives one publication, at the end
 * of the interval; under a steady stream a key publishes at most once per
 * interval (plus bypasses), and never waits longer than debounceMs: the gate
 * throttles on the trailing edge, it does not wait for quiet, which would
 * starve a busy symbol.
 *
 * A bypass publication leaves a scheduled due time in place; when it comes,
 * the key publishes only if it changed since (dirty).
 *
 * Because every key waits the same debounceMs, due times are scheduled in
 * order: a FIFO of keys (each at most once) replaces a timer heap, and every
 * call is O(1) and allocation-free.
 */
export class ThresholdBypassDebouncer {
  readonly debounceUs: number;
  readonly thresholdBps: number;

  private readonly dueAt: Float64Array;
  private readonly queued: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly fifo: Int32Array;
  private head = 0;
  private length = 0;

  constructor(options: DebouncerOptions, path = 'publish') {
    const keys = requireInteger(`${path}.keys`, options.keys, 1, 1 << 24);
    this.debounceUs = requireInteger(`${path}.debounceMs`, options.debounceMs ?? kDebounceDefaults.debounceMs, 0, 3_600_000) * 1000;
    this.thresholdBps = requireNumber(`${path}.thresholdBps`, options.thresholdBps ?? kDebounceDefaults.thresholdBps, 0, 1e6);
    this.dueAt = new Float64Array(keys);
    this.queued = new Uint8Array(keys);
    this.dirty = new Uint8Array(keys);
    this.fifo = new Int32Array(keys);
  }

  /** moveBps: how far the key's data moved since it was last published (NaN: never published, no bypass). */
  offer(key: number, nowUs: number, moveBps: number): DebounceDecision {
    if (moveBps > this.thresholdBps) return DebounceDecision.PublishNow;
    this.dirty[key] = 1;
    if (this.queued[key] === 0) {
      this.queued[key] = 1;
      this.dueAt[key] = nowUs + this.debounceUs;
      this.fifo[(this.head + this.length) % this.fifo.length] = key;
      this.length++;
    }
    return DebounceDecision.Deferred;
  }

  /** The caller published key's latest data. */
  published(key: number): void {
    this.dirty[key] = 0;
  }

  /** A key due at nowUs with unpublished data, or -1. Call until -1; publish each and call published(). */
  nextDue(nowUs: number): number {
    while (this.length > 0) {
      const key = this.fifo[this.head]!;
      if (this.dueAt[key]! > nowUs) return -1;
      this.head = (this.head + 1) % this.fifo.length;
      this.length--;
      this.queued[key] = 0;
      if (this.dirty[key] === 1) return key;
    }
    return -1;
  }

  /** When the next key comes due (µs), Infinity when none is scheduled. */
  get nextDueAt(): number {
    return this.length > 0 ? this.dueAt[this.fifo[this.head]!]! : Infinity;
  }

  /** Keys scheduled (dirty or not). */
  get scheduled(): number {
    return this.length;
  }
}
