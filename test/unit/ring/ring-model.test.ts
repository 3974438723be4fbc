import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';
import { fullPolicies } from '../../../src/runtime/ring/full-policy.js';
import { ExpectedStream } from '../../fixtures/ring/expected-stream.js';
import { isRecordOf, makeRecord, recordId } from '../../fixtures/ring/records.js';

// One thread, random interleavings of every producer and consumer call: the
// ring delivers exactly the model's stream, bit-exact, and its counters
// account for every offered record at every publish.

type Op =
  | { op: 'offer'; key: number }
  | { op: 'claim' }
  | { op: 'claimBatch'; max: number; commitShare: number }
  | { op: 'publish' }
  | { op: 'poll'; max: number }
  | { op: 'read'; max: number }
  | { op: 'release' }
  | { op: 'newConsumer' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('offer' as const), key: fc.integer({ min: 0, max: 5 }) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('claim' as const) }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('claimBatch' as const),
      max: fc.integer({ min: 1, max: 12 }),
      // Mostly all of the claim; sometimes fewer (the rest goes back), sometimes none.
      commitShare: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('publish' as const) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('poll' as const), max: fc.integer({ min: 0, max: 9 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('read' as const), max: fc.integer({ min: 0, max: 9 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('release' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('newConsumer' as const) }), weight: 1 },
);

describe('ring against its model, one thread', () => {
  it.each(fullPolicies)('%s: every record once, in order, bit-exact; counters account for every offer', (policy) => {
    fc.assert(fc.property(
      fc.constantFrom(2, 4, 8),
      fc.constantFrom(8, 16, 64),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 4 }),
      fc.array(opArb, { maxLength: 200 }),
      (capacity, recordSize, batchSize, conflateKeys, ops) => {
        const ring = allocateRing({ capacity, recordSize });
        const producer = new RingProducer(ring, null, {
          policy, batchSize: Math.min(batchSize, capacity), conflateKeys, blockSpins: 0, blockTimeoutMs: 0,
        });
        let consumer = new RingConsumer(ring);
        const model = new ExpectedStream();
        const received: number[] = [];
        let releasedCount = 0;
        let nextId = 0;
        const scratch = new Uint8Array(recordSize);
        const take = (view: DataView, off: number): void => {
          const id = recordId(view, off);
          expect(isRecordOf(new Uint8Array(view.buffer), off, id, recordSize, scratch)).toBe(true);
          received.push(id);
        };
        const checkIdentity = (): void => {
          const s = readRingStats(ring);
          expect(model.offered).toBe(s.written + s.dropped + s.conflated + producer.pendingCount);
          expect(s.pending).toBe(producer.pendingCount);
          expect(s.highWatermark).toBeLessThanOrEqual(capacity);
        };

        for (const step of ops) {
          switch (step.op) {
            case 'offer': {
              const id = nextId++;
              model.note(id, step.key, producer.offer(makeRecord(id, recordSize), step.key));
              break;
            }
            case 'claim': {
              const off = producer.tryClaim();
              if (off >= 0) {
                const id = nextId++;
                producer.bytes.set(makeRecord(id, recordSize), off);
                producer.commit();
                model.note(id, -1, 'written');
              }
              break;
            }
            case 'claimBatch': {
              const n = producer.tryClaimBatch(step.max);
              expect(n).toBeLessThanOrEqual(step.max);
              const commit = Math.floor(n * step.commitShare);
              for (let i = 0; i < n; i++) {
                // Every claimed slot is written; only the first `commit` are committed.
                producer.bytes.set(makeRecord(i < commit ? nextId + i : 0xdead, recordSize), producer.claimOffset + i * recordSize);
              }
              producer.commitBatch(commit);
              for (let i = 0; i < commit; i++) model.note(nextId++, -1, 'written');
              break;
            }
            case 'publish':
              producer.publish();
              checkIdentity();
              break;
            case 'poll':
              consumer.poll(take, step.max);
              releasedCount = received.length;
              break;
            case 'read':
              consumer.read(take, step.max);
              break;
            case 'release':
              consumer.release();
              releasedCount = received.length;
              break;
            case 'newConsumer':
              // The old handle dies: what it read but did not release comes again.
              received.length = releasedCount;
              consumer = new RingConsumer(ring);
              break;
          }
        }
        // Drain to the end: publish (moving held records in) until nothing is left.
        for (let guard = 0; guard < 1000; guard++) {
          producer.publish();
          checkIdentity();
          consumer.poll(take, capacity);
          if (producer.pendingCount === 0 && consumer.available() === 0) break;
        }
        model.flushAll();
        expect(received).toEqual(model.ids);
        const stats = readRingStats(ring);
        expect(stats).toMatchObject({
          written: model.ids.length, read: model.ids.length, dropped: model.dropped, conflated: model.conflated, fill: 0, pending: 0,
        });
        if (policy !== 'conflate') expect(received).toEqual([...received].sort((a, b) => a - b));
      },
    ), { numRuns: 300 });
  });
});
