import { describe, expect, it } from 'vitest';
import { allocateCounterBoard, CounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { allocateHeartbeatBoard } from '../../../src/runtime/shared/heartbeat-board.js';
import { kCacheLine } from '../../../src/runtime/shared/cache-line.js';
import { counterSlotOffsets, counterSlotsOffset, kCounterSize } from '../../../src/runtime/shared/counter-layout.js';

const names = ['binance.ticksIn', 'binance.ticksOut', 'okx.ticksIn', 'binance.drops', 'recorder.commits'];

describe('counter board', () => {
  it('describes itself: a board rebuilt from the buffer alone knows its names', () => {
    const sab = allocateCounterBoard(names);
    const board = new CounterBoard(sab);
    expect(board.names).toEqual(names);
    expect(board.snapshot()).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
  });

  it('adds through handles and reads back exactly', () => {
    const sab = allocateCounterBoard(names);
    const writer = new CounterBoard(sab);
    const ticks = writer.counterHandle('binance.ticksIn');
    ticks.add(1);
    ticks.add(1023);
    ticks.add(1024);
    ticks.add(2 ** 40);
    ticks.add(0);
    ticks.add(2.9); // truncated
    const expected = 1 + 1023 + 1024 + 2 ** 40 + 2;
    expect(ticks.value()).toBe(expected);
    const reader = new CounterBoard(sab);
    expect(reader.value('binance.ticksIn')).toBe(expected);
    expect(reader.snapshot()).toMatchObject({ 'binance.ticksIn': expected, 'okx.ticksIn': 0, 'binance.drops': 0 });
  });

  it('keeps counters apart: every name its own cell', () => {
    const board = new CounterBoard(allocateCounterBoard(names));
    names.forEach((name, i) => board.counterHandle(name).add(i + 1));
    expect(board.snapshot()).toEqual(Object.fromEntries(names.map((n, i) => [n, i + 1])));
  });

  it('groups counters by owner, each owner on its own cache lines', () => {
    const slotsOffset = counterSlotsOffset(100);
    expect(slotsOffset % kCacheLine).toBe(0);
    const { offsets, end } = counterSlotOffsets(names, slotsOffset);
    const line = (name: string): number => Math.floor(offsets[names.indexOf(name)]! / kCacheLine);
    expect(offsets[names.indexOf('binance.ticksOut')]! - offsets[names.indexOf('binance.ticksIn')]!).toBe(kCounterSize);
    expect(offsets[names.indexOf('binance.drops')]! - offsets[names.indexOf('binance.ticksOut')]!).toBe(kCounterSize);
    expect(new Set([line('binance.ticksIn'), line('okx.ticksIn'), line('recorder.commits')]).size).toBe(3);
    expect(new Set(offsets).size).toBe(names.length);
    expect(end % kCacheLine).toBe(0);
    expect(Math.max(...offsets) + kCounterSize).toBeLessThanOrEqual(end);
  });

  it('works with no counters at all', () => {
    const board = new CounterBoard(allocateCounterBoard([]));
    expect(board.snapshot()).toEqual({});
    expect(() => board.counterHandle('x')).toThrow(/no counter named "x"; known: \(none\)/);
  });

  it('fails fast on unknown, duplicate or empty names and on a wrong buffer', () => {
    const board = new CounterBoard(allocateCounterBoard(names));
    expect(() => board.counterHandle('bybit.ticksIn')).toThrow(/no counter named "bybit.ticksIn"; known: binance.ticksIn/);
    expect(() => allocateCounterBoard(['a.x', 'a.x'])).toThrow(/names\[1\] "a.x" is declared twice/);
    expect(() => allocateCounterBoard(['a.x', ''])).toThrow(/names\[1\] must be a non-empty string/);
    expect(() => new CounterBoard(allocateHeartbeatBoard(2))).toThrow(/not a counter board/);
  });
});
