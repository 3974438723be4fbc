/**
 * Why a parser refused a frame. A closed set: the exchange actor keeps one
 * shared counter per reason, indexed by the numeric value, and labels metrics
 * and logs with `kRejectReasonNames`. Append only: a value, once used as a
 * counter slot, keeps its meaning.
 */
export const RejectReason = {
  /** Longer than the parser's `maxFrameBytes`. */
  FrameTooLarge: 0,
  /** A binary WebSocket frame, or bytes that are not valid UTF-8. */
  BinaryFrame: 1,
  /** Text that is not JSON (and not one of the feed's bare-text keepalives). */
  NotJson: 2,
  /** JSON that is no message this feed sends: wrong top-level type, unknown event, op or channel. */
  UnknownMessage: 3,
  /** A required field is absent. */
  MissingField: 4,
  /** A field has the wrong JSON type (a number where the wire carries a decimal string, ...). */
  WrongType: 5,
  /** A price, size, timestamp or sequence that is not a finite number in range (NaN, negative, zero price). */
  BadNumber: 6,
  /** A symbol that the symbol table does not hold. */
  UnknownSymbol: 7,
  /** A side of the book is empty after this frame, so there is no best bid/offer to publish. */
  OneSidedBook: 8,
  /** An incremental update for a book whose snapshot has not arrived. */
  NoSnapshot: 9,
  /** A sequence number at or below one already applied: a duplicate or out-of-order update. */
  StaleSequence: 10,
  /** More ticks in one frame than the parser's `maxTicksPerFrame`. */
  TooManyTicks: 11,
  /** The parser itself threw. A bug, never an expected condition: tests assert it never happens. */
  ParserFault: 12,
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** Metric/log label of each reason, indexed by its value. */
export const kRejectReasonNames: readonly string[] = [
  'frame_too_large',
  'binary_frame',
  'not_json',
  'unknown_message',
  'missing_field',
  'wrong_type',
  'bad_number',
  'unknown_symbol',
  'one_sided_book',
  'no_snapshot',
  'stale_sequence',
  'too_many_ticks',
  'parser_fault',
];

export const kRejectReasonCount = kRejectReasonNames.length;
