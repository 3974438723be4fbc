import { describe, expect, it } from 'vitest';
import { FenceStream, RecoveryFence } from '../../../actors/shard/recovery-fence.js';
import { kAllSymbols } from '../../../src/market/tick.js';

// The rule of recovery-fence.ts, stream by stream: a ring record is a
// duplicate iff its stream restored a record with a key (recvTs, seq) at
// least its own; the first record past the mark disarms the stream.

const { Tick, SymbolGap } = FenceStream;

describe('RecoveryFence', () => {
  // Shard 1 of 3 over 8 symbols owns 1, 4, 7; exchanges are slots 0..3.
  const fence = () => new RecoveryFence(4, 1, 3, 8);

  it('is inactive until a record is restored', () => {
    const f = fence();
    expect(f.active).toBe(false);
    expect(f.isDuplicate(Tick, 1, 4, 10, 1)).toBe(false);
    f.noteRestored(Tick, 1, 4, 10, 1);
    expect(f.active).toBe(true);
    expect(f.armedStreams).toBe(1);
  });

  it('marks the largest key restored per stream, ties on recvTs broken by seq', () => {
    const f = fence();
    f.noteRestored(Tick, 1, 4, 10, 5);
    f.noteRestored(Tick, 1, 4, 10, 3); // out of order: the mark stays at (10, 5)
    expect(f.isDuplicate(Tick, 1, 4, 9, 99)).toBe(true);
    expect(f.isDuplicate(Tick, 1, 4, 10, 5)).toBe(true);
    expect(f.isDuplicate(Tick, 1, 4, 10, 6)).toBe(false);
    // Disarmed: older records now pass.
    expect(f.isDuplicate(Tick, 1, 4, 1, 0)).toBe(false);
    expect(f.duplicates).toBe(2);
    expect(f.active).toBe(false);
  });

  it('keeps streams apart: kind, exchange, symbol, and whole-connection gaps', () => {
    const f = fence();
    f.noteRestored(Tick, 1, 4, 100, 1);
    f.noteRestored(SymbolGap, 1, 4, 50, 1);
    f.noteRestored(SymbolGap, 2, kAllSymbols, 70, 1);
    expect(f.armedStreams).toBe(3);
    expect(f.isDuplicate(Tick, 2, 4, 10, 1)).toBe(false); // other exchange
    expect(f.isDuplicate(Tick, 1, 7, 10, 1)).toBe(false); // other symbol
    expect(f.isDuplicate(SymbolGap, 1, 7, 10, 1)).toBe(false);
    expect(f.isDuplicate(SymbolGap, 1, kAllSymbols, 10, 1)).toBe(false); // exchange 1 restored no connection gap
    expect(f.isDuplicate(SymbolGap, 1, 4, 50, 1)).toBe(true);
    expect(f.isDuplicate(SymbolGap, 2, kAllSymbols, 60, 9)).toBe(true);
    expect(f.isDuplicate(Tick, 1, 4, 99, 1)).toBe(true);
    expect(f.armedStreams).toBe(3);
    expect(f.isDuplicate(SymbolGap, 2, kAllSymbols, 71, 0)).toBe(false);
    expect(f.armedStreams).toBe(2);
  });

  it('ignores what it cannot place: another shard\'s symbol, an exchange past the slots, a NaN time', () => {
    const f = fence();
    f.noteRestored(Tick, 1, 5, 10, 1);
    f.noteRestored(Tick, 9, 4, 10, 1);
    f.noteRestored(Tick, 1, 4, NaN, 1);
    f.noteRestored(Tick, 1, 10, 10, 1); // symbol 10 would be shard 1's, but only 8 symbols exist
    expect(f.active).toBe(false);
    expect(f.isDuplicate(Tick, 1, 5, 1, 1)).toBe(false);
  });
});
