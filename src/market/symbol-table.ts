/**
 * Symbols interned at start-up from config (DESIGN.md §2). Ids are dense,
 * 0-based, in config order, so every actor built from the same config agrees
 * on them without talking. The canonical name is `BASE-QUOTE` (`BTC-USDT`).
 */
export const kCanonicalSymbolPattern = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,20}$/;

export interface SymbolParts {
  readonly base: string;
  readonly quote: string;
}

export class SymbolTable {
  readonly names: readonly string[];
  private readonly idsByName: Map<string, number>;

  constructor(names: readonly string[]) {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (!kCanonicalSymbolPattern.test(name)) {
        throw new RangeError(`symbols[${i}]: "${name}" is not BASE-QUOTE (upper-case letters and digits, e.g. BTC-USDT)`);
      }
      if (seen.has(name)) throw new RangeError(`symbols[${i}]: "${name}" is listed twice`);
      seen.set(name, i);
    });
    this.names = [...names];
    this.idsByName = seen;
  }

  get size(): number {
    return this.names.length;
  }

  /** Id of a canonical name, or -1 when it is not configured. */
  idOf(name: string): number {
    return this.idsByName.get(name) ?? -1;
  }

  nameOf(id: number): string | undefined {
    return this.names[id];
  }

  parts(id: number): SymbolParts | undefined {
    const name = this.names[id];
    if (name === undefined) return undefined;
    const dash = name.indexOf('-');
    return { base: name.slice(0, dash), quote: name.slice(dash + 1) };
  }
}
