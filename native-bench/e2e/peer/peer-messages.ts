import { readlinkSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { ExchangeName } from '../../../src/market/exchange-ids.js';

/**
 * Messages and shared counters of the baseline ("peer") pipeline, typed in
 * one place: one worker per venue (peer-exchange.worker.ts) posting every
 * tick as an object to the shard worker that owns its symbol
 * (peer-shard.worker.ts), over MessagePorts.
 */

/** What an exchange worker posts to a shard, one message per tick. */
export interface PeerTick {
  readonly x: number;
  readonly s: number;
  readonly b: number;
  readonly a: number;
  readonly bs: number;
  readonly as: number;
  /** Receive stamp, µs since the epoch (performance.timeOrigin + now). */
  readonly t: number;
}

export interface PeerExchangeData {
  readonly venue: ExchangeName;
  readonly venueIndex: number;
  readonly url: string;
  readonly symbols: readonly string[];
  /** One port per shard; symbol i goes to shard i % ports.length. */
  readonly shards: readonly MessagePort[];
  /** Float64Array over it: [kFramesIn, kTid]. */
  readonly counters: SharedArrayBuffer;
}

export interface PeerShardData {
  readonly symbolCount: number;
  readonly venues: number;
  /** One port per exchange worker. */
  readonly inputs: readonly MessagePort[];
  /** Float64Array over it: [kTicksIn, kTid]. */
  readonly counters: SharedArrayBuffer;
}

export const kFramesIn = 0;
export const kTicksIn = 0;
/** The worker's OS thread id (from /proc/thread-self), for its CPU time; 0 when unknown. */
export const kTid = 1;
export const kPeerCounterBytes = 64;

/** This thread's OS id, or 0 off Linux. */
export function osThreadId(): number {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return 0;
  }
}

/** Parent → worker. */
export type PeerCommand =
  | { readonly type: 'measure'; readonly on: boolean }
  | { readonly type: 'collect' }
  | { readonly type: 'stop' };

/** Worker → parent. */
export type PeerEvent =
  | { readonly type: 'connected' }
  | { readonly type: 'firstTick' }
  | { readonly type: 'samples'; readonly latenciesUs: Float64Array }
  | { readonly type: 'stopped' };
