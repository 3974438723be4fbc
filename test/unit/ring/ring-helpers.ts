// Helpers shared by the ring unit tests: records whose bytes encode a number,
// and a consumer drain that copies out what it read.
import type { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';

export function recordOf(n: number, size = 64): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, n, true);
  for (let i = 8; i < size; i++) bytes[i] = (n * 31 + i) & 0xff;
  return bytes;
}

export function numberOf(view: DataView, off: number): number {
  return view.getFloat64(off, true);
}

/** Polls everything available; returns the numbers read, in order. */
export function drain(consumer: RingConsumer, max = Number.MAX_SAFE_INTEGER): number[] {
  const out: number[] = [];
  consumer.poll((view, off) => out.push(numberOf(view, off)), max);
  return out;
}
