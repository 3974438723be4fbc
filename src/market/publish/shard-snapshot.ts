import { QuoteState, type BookTable } from '../book-table.js';
import type { RollingWindowStore } from '../windows/rolling-window-store.js';
import { createWindowStats, type WindowStats } from '../windows/window-stats.js';
import type { ShardHealth } from './shard-health.js';

/**
 * A shard's state as plain objects for /health and the dashboard: every
 * quote it holds and every window it keeps. Built on request; allocates, so
 * never on the tick path.
 */
export interface BookView {
  readonly exchangeId: number;
  readonly symbolId: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  readonly exchangeTs: number;
  readonly recvTs: number;
  readonly ageMs: number;
  readonly state: 'usable' | 'crossed' | 'invalid';
  /** Usable and young enough to take part in spreads now. */
  readonly fresh: boolean;
  readonly imbalance: number;
}

export interface WindowView extends WindowStats {
  readonly symbolId: number;
  readonly buyExchangeId: number;
  readonly sellExchangeId: number;
}

export interface ShardSnapshot {
  readonly health: ShardHealth;
  readonly books: BookView[];
  readonly windows: WindowView[];
}

/** Maps a shard's dense symbol slots back to symbol ids. */
export interface SlotMapping {
  readonly shardIndex: number;
  readonly shardCount: number;
}

const kStateNames = { [QuoteState.Usable]: 'usable', [QuoteState.Crossed]: 'crossed', [QuoteState.Invalid]: 'invalid' } as const;

export function bookViews(book: BookTable, m: SlotMapping, nowUs: number, maxQuoteAgeUs: number): BookView[] {
  const out: BookView[] = [];
  for (let slot = 0; slot < book.symbolSlots; slot++) {
    for (let e = 0; e < book.exchangeSlots; e++) {
      const r = book.row(slot, e);
      const st = book.state[r]! as QuoteState;
      if (st === QuoteState.Absent) continue;
      const ageUs = nowUs - book.recvTs[r]!;
      out.push({
        exchangeId: e, symbolId: slot * m.shardCount + m.shardIndex,
        bid: book.bid[r]!, ask: book.ask[r]!, bidSize: book.bidSize[r]!, askSize: book.askSize[r]!,
        exchangeTs: book.exchangeTs[r]!, recvTs: book.recvTs[r]!, ageMs: ageUs / 1000,
        state: kStateNames[st], fresh: st === QuoteState.Usable && ageUs <= maxQuoteAgeUs,
        imbalance: book.imbalance[r]!,
      });
    }
  }
  return out;
}

/** Window keys are slot * exchangeSlots² + buy * exchangeSlots + sell (shard-core.ts). */
export function windowViews(store: RollingWindowStore, m: SlotMapping, exchangeSlots: number, nowUs: number): WindowView[] {
  const out: WindowView[] = [];
  const pairs = exchangeSlots * exchangeSlots;
  for (let i = 0; i < store.windowCount; i++) {
    const key = store.keyAt(i);
    const stats = createWindowStats();
    if (!store.read(key, nowUs, stats)) continue;
    const pair = key % pairs;
    out.push({
      symbolId: Math.floor(key / pairs) * m.shardCount + m.shardIndex,
      buyExchangeId: Math.floor(pair / exchangeSlots),
      sellExchangeId: pair % exchangeSlots,
      ...stats,
    });
  }
  return out;
}
