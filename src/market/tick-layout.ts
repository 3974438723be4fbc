/**
 * Binary layout of the 64-byte record that travels through every market ring
 * (DESIGN.md §2). Little endian. Every offset used anywhere lives here; other
 * modules read and write records only through tick-codec.ts.
 *
 *   off  size  field
 *     0   f64  bid            (spread record: spread in basis points)
 *     8   f64  ask            (spread record: mid price)
 *    16   f64  bidSize        (spread record: buy-side exchange's ask size)
 *    24   f64  askSize        (spread record: sell-side exchange's bid size)
 *    32   f64  exchangeTs     microseconds since the epoch (0 when the exchange sends none)
 *    40   f64  recvTs         microseconds since the epoch, stamped on receipt
 *    48   u32  symbolId
 *    52   u16  exchangeId     (spread record: buy exchange in the low byte, sell exchange in the high byte)
 *    54   u16  flags          low 4 bits: record kind; higher bits: kFlag* below
 *    56   u32  seq            per-connection sequence, wraps at 2^32
 *    60   u32  reserved       (gap marker: number of the connection epoch)
 */
export const kTickRecordSize = 64;

export const kBidOffset = 0;
export const kAskOffset = 8;
export const kBidSizeOffset = 16;
export const kAskSizeOffset = 24;
export const kExchangeTsOffset = 32;
export const kRecvTsOffset = 40;
export const kSymbolIdOffset = 48;
export const kExchangeIdOffset = 52;
export const kFlagsOffset = 54;
export const kSeqOffset = 56;
export const kReservedOffset = 60;

/** Record kinds, stored in the low 4 bits of `flags`. */
export const RecordKind = {
  Tick: 0,
  Spread: 1,
  /** Data may be missing before this record (disconnect, sequence jump). */
  Gap: 2,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export const kKindMask = 0x000f;
/** The book was crossed (bid >= ask) when received: kept, but flagged. */
export const kFlagCrossed = 0x0010;
/** Bybit-style service restart: the book was overwritten, not updated. */
export const kFlagReset = 0x0020;
/** The exchange sent no event time; exchangeTs is 0. */
export const kFlagNoExchangeTs = 0x0040;
