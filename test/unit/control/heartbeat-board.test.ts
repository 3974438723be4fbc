import { describe, expect, it } from 'vitest';
import { kCacheLine } from '../../../src/runtime/shared/cache-line.js';
import { allocateCounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { allocateHeartbeatBoard, HeartbeatBoard } from '../../../src/runtime/shared/heartbeat-board.js';
import {
  HeartbeatState,
  heartbeatBoardBytes,
  kLastBeatOffset,
  kNeverBeat,
  kSlotStride,
  slotByteOffset,
} from '../../../src/runtime/shared/heartbeat-layout.js';

describe('heartbeat board', () => {
  it('starts with every slot never beaten', () => {
    const board = new HeartbeatBoard(allocateHeartbeatBoard(3));
    expect(board.slots).toBe(3);
    for (let slot = 0; slot < 3; slot++) {
      expect(board.lastBeat(slot)).toBe(kNeverBeat);
      expect(board.ageMs(slot, 1_000)).toBe(Infinity);
      expect(board.beatCount(slot)).toBe(0);
      expect(board.incarnation(slot)).toBe(0);
      expect(board.state(slot)).toBe(HeartbeatState.Empty);
    }
  });

  it('records beats with the injected clock', () => {
    const board = new HeartbeatBoard(allocateHeartbeatBoard(2));
    expect(board.beat(1, 1_700_000_000_000)).toBe(true);
    expect(board.beat(1, 1_700_000_000_250.9)).toBe(true);
    expect(board.lastBeat(1)).toBe(1_700_000_000_250);
    expect(board.beatCount(1)).toBe(2);
    expect(board.ageMs(1, 1_700_000_001_250)).toBe(1_000);
    expect(board.lastBeat(0)).toBe(kNeverBeat);
  });

  it('gives every slot its own cache line', () => {
    const sab = allocateHeartbeatBoard(3);
    expect(sab.byteLength).toBe(heartbeatBoardBytes(3));
    expect(kSlotStride % kCacheLine).toBe(0);
    const board = new HeartbeatBoard(sab);
    board.beat(1, 42);
    const i64 = new BigInt64Array(sab);
    const at = (slot: number): number => slotByteOffset(slot, kLastBeatOffset) / BigInt64Array.BYTES_PER_ELEMENT;
    expect(i64[at(1)]).toBe(42n);
    expect(i64[at(0)]).toBe(0n);
    expect(i64[at(2)]).toBe(0n);
  });

  it('resetSlot starts a new incarnation, with a start time as grace', () => {
    const board = new HeartbeatBoard(allocateHeartbeatBoard(1));
    board.resetSlot(0, 1, 1_000);
    board.beat(0, 1_500, 1);
    board.setState(0, HeartbeatState.Running);

    board.resetSlot(0, 2, 9_000);
    expect(board.incarnation(0)).toBe(2);
    expect(board.lastBeat(0)).toBe(9_000);
    expect(board.ageMs(0, 9_100)).toBe(100);
    expect(board.beatCount(0)).toBe(0);
    expect(board.state(0)).toBe(HeartbeatState.Starting);

    board.resetSlot(0, 3);
    expect(board.ageMs(0, 9_100)).toBe(Infinity);
  });

  it('refuses a beat from a superseded incarnation', () => {
    const board = new HeartbeatBoard(allocateHeartbeatBoard(1));
    board.resetSlot(0, 7, 100);
    expect(board.beat(0, 200, 6)).toBe(false);
    expect(board.lastBeat(0)).toBe(100);
    expect(board.beat(0, 300, 7)).toBe(true);
    expect(board.lastBeat(0)).toBe(300);
  });

  it('fails fast on bad slots, incarnations and buffers', () => {
    const board = new HeartbeatBoard(allocateHeartbeatBoard(2));
    expect(() => board.beat(2, 1)).toThrow(/slot 2 is outside \[0, 2\)/);
    expect(() => board.beat(-1, 1)).toThrow(RangeError);
    expect(() => board.lastBeat(0.5)).toThrow(RangeError);
    expect(() => board.resetSlot(0, -1)).toThrow(/incarnation/);
    expect(() => allocateHeartbeatBoard(0)).toThrow(/slots must be a positive integer/);
    expect(() => new HeartbeatBoard(new SharedArrayBuffer(128))).toThrow(/not a heartbeat board/);
    expect(() => new HeartbeatBoard(allocateCounterBoard(['a.b']))).toThrow(/not a heartbeat board/);
  });
});
