import { exchangeName } from '../../market/exchange-ids.js';
import type { SymbolTable } from '../../market/symbol-table.js';
import { readKind, readSpread } from '../../market/tick-codec.js';
import { RecordKind } from '../../market/tick-layout.js';

export interface SpreadRow {
  readonly symbol: string;
  readonly buy: string;
  readonly sell: string;
  readonly spreadBps: number;
  readonly mid: number;
  /** µs since the epoch of the tick that moved it. */
  readonly ts: number;
}

/**
 * The latest published spread per (symbol, buy exchange, sell exchange), as
 * the shards push them to the host thread. Bounded by construction: at most
 * symbols × ordered exchange pairs rows, keyed by a small integer.
 */
export class SpreadBoard {
  private readonly rows = new Map<number, SpreadRow>();
  private received = 0;

  constructor(private readonly symbols: SymbolTable) {}

  get size(): number {
    return this.rows.size;
  }

  get updates(): number {
    return this.received;
  }

  /** Ring handler: takes spread records, ignores anything else. */
  readonly onRecord = (view: DataView, offset: number): void => {
    if (readKind(view, offset) !== RecordKind.Spread) return;
    const s = readSpread(view, offset);
    const symbol = this.symbols.nameOf(s.symbolId);
    const buy = exchangeName(s.buyExchangeId);
    const sell = exchangeName(s.sellExchangeId);
    if (symbol === undefined || buy === undefined || sell === undefined) return;
    this.received++;
    this.rows.set(s.symbolId * 65_536 + s.buyExchangeId * 256 + s.sellExchangeId, {
      symbol,
      buy,
      sell,
      spreadBps: s.spreadBps,
      mid: s.mid,
      ts: s.ts,
    });
  };

  /** Rows sorted by symbol, then pair. */
  list(): SpreadRow[] {
    return [...this.rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  }
}
