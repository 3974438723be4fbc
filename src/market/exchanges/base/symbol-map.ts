import type { SymbolParts, SymbolTable } from '../../symbol-table.js';
import { bytesEqual } from './json-scanner.js';

/**
 * Configured symbols in one exchange's spelling, both ways, built once from
 * the SymbolTable. The hot path is one Map lookup of the spelling found on
 * the wire (a Map, not an object, so `__proto__` or `constructor` on the wire
 * is just an unknown symbol).
 */
export class SymbolMap {
  private readonly idsBySpelling = new Map<string, number>();
  private readonly spellings: string[] = [];
  /** Span hash to id, or kHashShared when two spellings share the hash. */
  private readonly idsByHash = new Map<number, number>();

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
      const h = stringHash(spelling);
      this.idsByHash.set(h, this.idsByHash.has(h) ? kHashShared : id);
    }
  }

  get size(): number {
    return this.spellings.length;
  }

  /** Symbol id of an exchange spelling, or -1 when it is not configured. */
  idOf(spelling: string): number {
    return this.idsBySpelling.get(spelling) ?? -1;
  }

  /**
   * Id of the (ASCII) spelling in bytes[start, end), without making a string
   * of it (the parsers' fast path); -1 when it is not configured.
   */
  idOfSpan(bytes: Uint8Array, start: number, end: number): number {
    const id = this.idsByHash.get(bytesHash(bytes, start, end));
    if (id === undefined) return -1;
    if (id === kHashShared) return this.idOf(String.fromCharCode(...bytes.subarray(start, end)));
    const spelling = this.spellings[id]!;
    return spelling.length === end - start && bytesEqual(bytes, start, spelling) ? id : -1;
  }

  /** Exchange spelling of a configured symbol id. */
  spellingOf(symbolId: number): string {
    const s = this.spellings[symbolId];
    if (s === undefined) throw new RangeError(`symbol id ${symbolId} is not in the symbol table`);
    return s;
  }
}

const kHashShared = -2;

// FNV-1a, over bytes; for a string over its code units, which are its bytes
// when it is ASCII (a non-ASCII spelling simply never matches a span).
function bytesHash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
