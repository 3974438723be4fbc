import type { SymbolParts, SymbolTable } from '../../symbol-table.js';

/**
 * Configured symbols in one exchange's spelling, both ways, built once from
 * the SymbolTable. The hot path is one Map lookup of the spelling found on
 * the wire (a Map, not an object, so `__proto__` or `constructor` on the wire
 * is just an unknown symbol).
 */
export class SymbolMap {
  private readonly idsBySpelling = new Map<string, number>();
  private readonly spellings: string[] = [];

  /**
   * @param spell canonical parts to the exchange's spelling (`BTC`,`USDT` to `BTCUSDT`)
   * @param exchange name used in the error when two symbols spell the same
   */
  constructor(table: SymbolTable, spell: (parts: SymbolParts) => string, exchange: string) {
    for (let id = 0; id < table.size; id++) {
      const parts = table.parts(id)!;
      const spelling = spell(parts);
      const clash = this.idsBySpelling.get(spelling);
      if (clash !== undefined) {
        throw new RangeError(
          `symbols[${id}]: "${table.nameOf(id)}" and symbols[${clash}]: "${table.nameOf(clash)}" are both "${spelling}" on ${exchange}`,
        );
      }
      this.idsBySpelling.set(spelling, id);
      this.spellings.push(spelling);
    }
  }

  get size(): number {
    return this.spellings.length;
  }

  /** Symbol id of an exchange spelling, or -1 when it is not configured. */
  idOf(spelling: string): number {
    return this.idsBySpelling.get(spelling) ?? -1;
  }

  /** Exchange spelling of a configured symbol id. */
  spellingOf(symbolId: number): string {
    const s = this.spellings[symbolId];
    if (s === undefined) throw new RangeError(`symbol id ${symbolId} is not in the symbol table`);
    return s;
  }
}
