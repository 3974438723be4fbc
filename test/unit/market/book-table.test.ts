import { describe, expect, it } from 'vitest';
import { BookTable, QuoteState } from '../../../src/market/book-table.js';
import { kFlagCrossed } from '../../../src/market/tick-layout.js';

const T0 = 1_700_000_000_000_000;

describe('BookTable', () => {
  it('keeps the latest quote per (symbol slot, exchange), with its imbalance', () => {
    const b = new BookTable(2, 4);
    expect(b.update(1, 2, 100, 101, 3, 1, T0 - 5, T0, 0)).toBe(QuoteState.Usable);
    b.update(1, 2, 100.5, 101, 1, 1, T0 - 4, T0 + 1, 0);
    const r = b.row(1, 2);
    expect([b.bid[r], b.ask[r], b.recvTs[r], b.imbalance[r]]).toEqual([100.5, 101, T0 + 1, 0]);
    expect(b.usableMask[1]).toBe(0b100);
    expect(b.usableMask[0]).toBe(0);
  });

  it('respects the crossed flag and treats bid >= ask as crossed: kept, imbalance computed, not usable', () => {
    const b = new BookTable(1, 4);
    expect(b.update(0, 1, 100, 101, 3, 1, 0, T0, kFlagCrossed)).toBe(QuoteState.Crossed);
    expect(b.usableMask[0]).toBe(0);
    expect(b.imbalance[b.row(0, 1)]).toBe(0.5);
    expect(b.update(0, 1, 101, 101, 1, 1, 0, T0, 0)).toBe(QuoteState.Crossed);
    expect(b.update(0, 1, 100, 101, 1, 1, 0, T0, 0)).toBe(QuoteState.Usable);
    expect(b.usableMask[0]).toBe(0b10);
    expect(b.crossedQuotes).toBe(2);
  });

  it('marks quotes with a price that is not finite and positive invalid', () => {
    const b = new BookTable(1, 4);
    for (const [bid, ask] of [[0, 1], [1, 0], [NaN, 1], [1, Infinity], [-2, -1]] as const) {
      expect(b.update(0, 3, bid, ask, 1, 1, 0, T0, 0)).toBe(QuoteState.Invalid);
    }
    expect(b.invalidQuotes).toBe(5);
    expect(b.usableMask[0]).toBe(0);
  });

  it('excludes quotes older than the age limit, and keeps one exactly at it', () => {
    const b = new BookTable(1, 4);
    b.update(0, 1, 100, 101, 1, 1, 0, T0, 0);
    b.update(0, 2, 100, 101, 1, 1, 0, T0 + 1000, 0);
    expect(b.freshMask(0, T0 + 5000, 5000)).toBe(0b110);
    expect(b.freshMask(0, T0 + 5001, 5000)).toBe(0b100);
    expect(b.freshMask(0, T0 + 6001, 5000)).toBe(0);
  });

  it('forgets a quote on invalidate (a gap)', () => {
    const b = new BookTable(1, 4);
    b.update(0, 1, 100, 101, 1, 1, 0, T0, 0);
    b.invalidate(0, 1);
    expect(b.state[b.row(0, 1)]).toBe(QuoteState.Absent);
    expect(b.freshMask(0, T0, 1e9)).toBe(0);
  });

  it('fails fast on bad dimensions, naming the option', () => {
    expect(() => new BookTable(1, 33)).toThrow(/book\.exchangeSlots: expected an integer in \[1, 32\], got 33/);
  });
});
