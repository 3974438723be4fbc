import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeGap, writeSpread, writeTick } from '../../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { GapMarker, MarketRecord, SpreadUpdate, Tick } from '../../../src/market/tick.js';

/** A fresh temp directory; the returned function removes it. */
export function tempDir(prefix = 'ringmaster-store-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const kT0 = 1_700_000_000_000_000; // µs, 2023-11-14T22:13:20Z

/**
 * Deterministic ticks interleaved like a recorder ring: `symbols` × `exchanges`
 * streams, recvTs increasing by 1 µs per record, seq per exchange.
 */
export function makeTicks(n: number, opts: { symbols?: number; exchanges?: number; t0?: number; seq0?: number } = {}): Tick[] {
  const symbols = opts.symbols ?? 5, exchanges = opts.exchanges ?? 3, t0 = opts.t0 ?? kT0, seq0 = opts.seq0 ?? 0;
  const out: Tick[] = [];
  for (let i = 0; i < n; i++) {
    const symbolId = i % symbols;
    const exchangeId = 1 + (Math.floor(i / symbols) % exchanges);
    const px = 100 + symbolId * 10 + (i % 97) / 8;
    out.push({
      kind: RecordKind.Tick, exchangeId, symbolId, bid: px, ask: px + 0.125, bidSize: 1 + (i % 7), askSize: 2 + (i % 5),
      exchangeTs: i % 11 === 0 ? 0 : t0 + i - 3, recvTs: t0 + i, seq: seq0 + i, flags: 0,
    });
  }
  return out;
}

export function makeSpreads(n: number, t0 = kT0): SpreadUpdate[] {
  const out: SpreadUpdate[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      kind: RecordKind.Spread, symbolId: i % 4, buyExchangeId: 1 + (i % 3), sellExchangeId: 1 + ((i + 1) % 3),
      spreadBps: (i % 13) - 6.5, mid: 1000 + i / 4, buyAskSize: 1.5, sellBidSize: 2.25, ts: t0 + i - 2, computedTs: t0 + i, seq: i,
    });
  }
  return out;
}

export function makeGap(g: Partial<GapMarker> = {}): GapMarker {
  return { kind: RecordKind.Gap, exchangeId: 2, symbolId: 0xffffffff, recvTs: kT0, seq: 0, epoch: 1, ...g };
}

/** Encodes records into one contiguous N×64 array, as a ring segment would hold them. */
export function encode(records: readonly MarketRecord[], shared = false): Uint8Array {
  const bytes = records.length * kTickRecordSize;
  const u8 = new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const view = new DataView(u8.buffer);
  records.forEach((r, i) => {
    const off = i * kTickRecordSize;
    if (r.kind === RecordKind.Tick) writeTick(view, off, r);
    else if (r.kind === RecordKind.Spread) writeSpread(view, off, r);
    else writeGap(view, off, r);
  });
  return u8;
}

/** Key order of ticks in the store: (symbol, exchange, recvTs, seq). */
export function byTickKey(a: Tick, b: Tick): number {
  return a.symbolId - b.symbolId || a.exchangeId - b.exchangeId || a.recvTs - b.recvTs || a.seq - b.seq;
}
