import {
  kAskOffset, kAskSizeOffset, kBidOffset, kBidSizeOffset, kExchangeIdOffset, kExchangeTsOffset,
  kFlagsOffset, kKindMask, kRecvTsOffset, kReservedOffset, kSeqOffset, kSymbolIdOffset, RecordKind,
} from './tick-layout.js';
import type { GapMarker, MarketRecord, SpreadUpdate, Tick } from './tick.js';

// Conversion between the typed records of tick.ts and their 64-byte layout.
// Hot-path callers use the write*/read* field functions on a DataView they
// already hold, so encoding allocates nothing.

export function writeTick(view: DataView, off: number, t: Tick): void {
  view.setFloat64(off + kBidOffset, t.bid, true);
  view.setFloat64(off + kAskOffset, t.ask, true);
  view.setFloat64(off + kBidSizeOffset, t.bidSize, true);
  view.setFloat64(off + kAskSizeOffset, t.askSize, true);
  view.setFloat64(off + kExchangeTsOffset, t.exchangeTs, true);
  view.setFloat64(off + kRecvTsOffset, t.recvTs, true);
  view.setUint32(off + kSymbolIdOffset, t.symbolId, true);
  view.setUint16(off + kExchangeIdOffset, t.exchangeId, true);
  view.setUint16(off + kFlagsOffset, (t.flags & ~kKindMask) | RecordKind.Tick, true);
  view.setUint32(off + kSeqOffset, t.seq >>> 0, true);
  view.setUint32(off + kReservedOffset, 0, true);
}

export function writeSpread(view: DataView, off: number, s: SpreadUpdate): void {
  view.setFloat64(off + kBidOffset, s.spreadBps, true);
  view.setFloat64(off + kAskOffset, s.mid, true);
  view.setFloat64(off + kBidSizeOffset, s.buyAskSize, true);
  view.setFloat64(off + kAskSizeOffset, s.sellBidSize, true);
  view.setFloat64(off + kExchangeTsOffset, s.ts, true);
  view.setFloat64(off + kRecvTsOffset, s.computedTs, true);
  view.setUint32(off + kSymbolIdOffset, s.symbolId, true);
  view.setUint16(off + kExchangeIdOffset, (s.buyExchangeId & 0xff) | ((s.sellExchangeId & 0xff) << 8), true);
  view.setUint16(off + kFlagsOffset, RecordKind.Spread, true);
  view.setUint32(off + kSeqOffset, s.seq >>> 0, true);
  view.setUint32(off + kReservedOffset, 0, true);
}

export function writeGap(view: DataView, off: number, g: GapMarker): void {
  for (let i = 0; i < 48; i += 8) view.setFloat64(off + i, 0, true);
  view.setFloat64(off + kRecvTsOffset, g.recvTs, true);
  view.setUint32(off + kSymbolIdOffset, g.symbolId >>> 0, true);
  view.setUint16(off + kExchangeIdOffset, g.exchangeId, true);
  view.setUint16(off + kFlagsOffset, RecordKind.Gap, true);
  view.setUint32(off + kSeqOffset, g.seq >>> 0, true);
  view.setUint32(off + kReservedOffset, g.epoch >>> 0, true);
}

export function readKind(view: DataView, off: number): RecordKind {
  return (view.getUint16(off + kFlagsOffset, true) & kKindMask) as RecordKind;
}

export function readSymbolId(view: DataView, off: number): number {
  return view.getUint32(off + kSymbolIdOffset, true);
}

export function readTick(view: DataView, off: number): Tick {
  return {
    kind: RecordKind.Tick,
    bid: view.getFloat64(off + kBidOffset, true),
    ask: view.getFloat64(off + kAskOffset, true),
    bidSize: view.getFloat64(off + kBidSizeOffset, true),
    askSize: view.getFloat64(off + kAskSizeOffset, true),
    exchangeTs: view.getFloat64(off + kExchangeTsOffset, true),
    recvTs: view.getFloat64(off + kRecvTsOffset, true),
    symbolId: view.getUint32(off + kSymbolIdOffset, true),
    exchangeId: view.getUint16(off + kExchangeIdOffset, true),
    flags: view.getUint16(off + kFlagsOffset, true),
    seq: view.getUint32(off + kSeqOffset, true),
  };
}

export function readSpread(view: DataView, off: number): SpreadUpdate {
  const pair = view.getUint16(off + kExchangeIdOffset, true);
  return {
    kind: RecordKind.Spread,
    spreadBps: view.getFloat64(off + kBidOffset, true),
    mid: view.getFloat64(off + kAskOffset, true),
    buyAskSize: view.getFloat64(off + kBidSizeOffset, true),
    sellBidSize: view.getFloat64(off + kAskSizeOffset, true),
    ts: view.getFloat64(off + kExchangeTsOffset, true),
    computedTs: view.getFloat64(off + kRecvTsOffset, true),
    symbolId: view.getUint32(off + kSymbolIdOffset, true),
    buyExchangeId: pair & 0xff,
    sellExchangeId: pair >>> 8,
    seq: view.getUint32(off + kSeqOffset, true),
  };
}

export function readGap(view: DataView, off: number): GapMarker {
  return {
    kind: RecordKind.Gap,
    recvTs: view.getFloat64(off + kRecvTsOffset, true),
    symbolId: view.getUint32(off + kSymbolIdOffset, true),
    exchangeId: view.getUint16(off + kExchangeIdOffset, true),
    seq: view.getUint32(off + kSeqOffset, true),
    epoch: view.getUint32(off + kReservedOffset, true),
  };
}

export function readRecord(view: DataView, off: number): MarketRecord {
  switch (readKind(view, off)) {
    case RecordKind.Spread: return readSpread(view, off);
    case RecordKind.Gap: return readGap(view, off);
    default: return readTick(view, off);
  }
}
