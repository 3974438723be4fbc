import type { RejectReason } from './reject-reason.js';
import type { TickBatch } from './tick-batch.js';

/**
 * What one frame turned out to be. Exactly one of:
 *   - `ticks`: market data, one or more normalised ticks;
 *   - `control`: a protocol message (ack, pong, error event...). Not market
 *     data: the stale-feed watchdog must not count it;
 *   - `rejected`: a frame that could not be used, with a reason from the
 *     closed `RejectReason` set, to be counted and dead-lettered.
 *
 * Ownership: the parser returns the same result object (and the same
 * TickBatch) on every call and overwrites it on the next one, so parsing
 * allocates nothing of its own per frame. Read it, write the ticks to the
 * ring, then parse the next frame; copy whatever must outlive that.
 */
export type ParseResult = TicksResult | ControlResult | RejectedResult;

export interface TicksResult {
  readonly kind: 'ticks';
  readonly ticks: TickBatch;
  /** Continuity of the exchange's own sequence numbers for this frame (see SeqCheck). */
  readonly seqCheck: SeqCheck;
  /** The exchange's sequence number carried by the frame (update id, seqId); -1 when it sends none. */
  readonly exchangeSeq: number;
  /** The number last applied for the same symbol before this frame; -1 when there was none. */
  readonly prevExchangeSeq: number;
}

export interface ControlResult {
  readonly kind: 'control';
  readonly control: ControlKind;
  /** Short human-readable detail for logs: request id, topic, error code and message. */
  readonly detail: string;
}

export interface RejectedResult {
  readonly kind: 'rejected';
  readonly reason: RejectReason;
  /** Names the field and echoes at most a short preview of the offending value. */
  readonly detail: string;
  /**
   * True when the frame was recognised as a market-data message of a
   * subscribed channel before it failed (a one-sided book, an unknown symbol,
   * a bad price). Such a frame still proves the feed is alive.
   */
  readonly dataFrame: boolean;
}

/** Protocol messages that are not market data. */
export const ControlKind = {
  /** The exchange accepted a request we sent (subscribe, unsubscribe, property). */
  Ack: 0,
  /** Answer to our application-level ping. */
  Pong: 1,
  /** An application-level ping from the server. */
  Ping: 2,
  /** The exchange refused a request or reported an error; the detail carries its code and message. */
  Error: 3,
  /** Informational event, such as a maintenance notice asking clients to reconnect. */
  Notice: 4,
} as const;
export type ControlKind = (typeof ControlKind)[keyof typeof ControlKind];

export const kControlKindNames: readonly string[] = ['ack', 'pong', 'ping', 'error', 'notice'];

/**
 * Continuity of the exchange's sequence numbers, per symbol, since the
 * parser was created or last `reset()` (at each reconnect). Values are
 * ordered by severity, so a frame with several entries reports the maximum.
 * Updates that go backwards without a documented reset are not ticks: they
 * are rejected as `StaleSequence`.
 */
export const SeqCheck = {
  /** The feed carries no sequence number. */
  None: 0,
  /** Follows the previous update as the exchange's rules require. */
  InOrder: 1,
  /** Same number again: a re-sent snapshot or an unchanged book (documented, harmless). */
  Repeat: 2,
  /** First update seen for the symbol: nothing to compare with. */
  First: 3,
  /** Numbers were skipped where the exchange promises contiguity: updates were lost. */
  Gap: 4,
  /** The exchange restarted its sequence (Bybit `u` = 1, OKX seqId going down): the book was overwritten. */
  Reset: 5,
} as const;
export type SeqCheck = (typeof SeqCheck)[keyof typeof SeqCheck];

export const kSeqCheckNames: readonly string[] = ['none', 'in_order', 'repeat', 'first', 'gap', 'reset'];

/** True when consumers should be told that data may be missing before this frame. */
export function isSequenceBreak(check: SeqCheck): boolean {
  return check === SeqCheck.Gap || check === SeqCheck.Reset;
}

/**
 * The parser's single mutable result. Typed as ParseResult for readers;
 * only JsonFrameParser writes it.
 */
export class ParseResultSlot {
  kind: ParseResult['kind'] = 'rejected';
  seqCheck: SeqCheck = SeqCheck.None;
  exchangeSeq = -1;
  prevExchangeSeq = -1;
  control: ControlKind = ControlKind.Ack;
  reason: RejectReason = 0;
  detail = '';
  dataFrame = false;

  constructor(readonly ticks: TickBatch) {}
}
