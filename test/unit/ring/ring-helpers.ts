// Shorthands for the ring unit tests over the shared test records
// (test/fixtures/ring/records.ts): the id of a record is its first u32.
import type { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { makeRecord, recordId } from '../../fixtures/ring/records.js';

export function recordOf(id: number, size = 64): Uint8Array {
  return makeRecord(id, size);
}

/** Polls up to `max` records; returns their ids, in order. */
export function drain(consumer: RingConsumer, max = Number.MAX_SAFE_INTEGER): number[] {
  const out: number[] = [];
  consumer.poll((view, off) => out.push(recordId(view, off)), max);
  return out;
}

export { recordId };
