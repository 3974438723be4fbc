import { describe, expect, it } from 'vitest';
import { CountOrAgeBatcher } from '../../../src/market/publish/count-or-age-batcher.js';
import { DebounceDecision, ThresholdBypassDebouncer } from '../../../src/market/publish/threshold-bypass-debouncer.js';

const T0 = 1_700_000_000_000_000;
const ms = 1000;

/** Drives the debouncer the way the shard does: each publication is recorded and acknowledged. */
function harness(debounceMs = 250, thresholdBps = 1) {
  const d = new ThresholdBypassDebouncer({ keys: 4, debounceMs, thresholdBps });
  const published: { key: number; at: number }[] = [];
  const offer = (key: number, now: number, move: number) => {
    if (d.offer(key, now, move) === DebounceDecision.PublishNow) {
      published.push({ key, at: now });
      d.published(key);
    }
  };
  const poll = (now: number) => {
    for (let k = d.nextDue(now); k >= 0; k = d.nextDue(now)) {
      published.push({ key: k, at: now });
      d.published(k);
    }
  };
  return { d, published, offer, poll };
}

describe('ThresholdBypassDebouncer (fake clock)', () => {
  it('turns a burst of 1000 small moves inside 250 ms into one publication, at the end of the interval', () => {
    const h = harness();
    for (let i = 0; i < 1000; i++) {
      const now = T0 + i * 249; // 1000 moves over 249 ms
      h.offer(0, now, 0.5);
      h.poll(now);
    }
    expect(h.published).toEqual([]);
    expect(h.d.nextDueAt).toBe(T0 + 250 * ms);
    h.poll(T0 + 250 * ms - 1);
    expect(h.published).toEqual([]);
    h.poll(T0 + 250 * ms);
    expect(h.published).toEqual([{ key: 0, at: T0 + 250 * ms }]);
    h.poll(T0 + 10_000 * ms);
    expect(h.published).toHaveLength(1);
  });

  it('publishes a move past the threshold at once', () => {
    const h = harness();
    h.offer(1, T0, 0.2);
    h.offer(1, T0 + 10 * ms, 1.0001);
    expect(h.published).toEqual([{ key: 1, at: T0 + 10 * ms }]);
    h.offer(1, T0 + 11 * ms, 1); // equal to the threshold: not past it
    expect(h.published).toHaveLength(1);
  });

  it('after a bypass, the scheduled time publishes only if something changed since', () => {
    const h = harness();
    h.offer(2, T0, 0.1);
    h.offer(2, T0 + 1 * ms, 5);
    h.poll(T0 + 250 * ms);
    expect(h.published).toHaveLength(1);
    h.offer(2, T0 + 300 * ms, 0.1);
    h.offer(2, T0 + 301 * ms, 9);
    h.offer(2, T0 + 302 * ms, 0.1);
    h.poll(T0 + 550 * ms);
    expect(h.published.map((p) => p.at)).toEqual([T0 + 1 * ms, T0 + 301 * ms, T0 + 550 * ms]);
  });

  it('throttles a steady stream to one publication per interval, per key', () => {
    const h = harness();
    for (let t = 0; t < 1000; t++) {
      h.offer(0, T0 + t * ms, 0.1);
      h.offer(3, T0 + t * ms, 0.1);
      h.poll(T0 + t * ms);
    }
    expect(h.published.filter((p) => p.key === 0).map((p) => (p.at - T0) / ms)).toEqual([250, 501, 752]); // each interval starts at the first change after a publication
    expect(h.published.filter((p) => p.key === 3)).toHaveLength(3);
  });

  it('does not bypass before a first publication (NaN move)', () => {
    const h = harness();
    h.offer(0, T0, NaN);
    expect(h.published).toEqual([]);
  });

  it('fails fast on bad options', () => {
    expect(() => new ThresholdBypassDebouncer({ keys: 1, debounceMs: -1 })).toThrow(/publish\.debounceMs/);
    expect(() => new ThresholdBypassDebouncer({ keys: 1, thresholdBps: NaN })).toThrow(/publish\.thresholdBps/);
  });
});

describe('CountOrAgeBatcher (fake clock)', () => {
  function harness(maxItems: number, maxDelayMs: number) {
    const batches: number[][] = [];
    const b = new CountOrAgeBatcher({ maxItems, maxDelayMs }, () => ({ v: 0 }), (items, n) => {
      batches.push(items.slice(0, n).map((i) => i.v));
    });
    const add = (v: number, now: number) => {
      b.claim(now).v = v;
      b.commit(now);
    };
    return { b, batches, add };
  }

  it('flushes at N items', () => {
    const h = harness(3, 50);
    for (let i = 0; i < 7; i++) h.add(i, T0);
    expect(h.batches).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(h.b.pending).toBe(1);
  });

  it('flushes after T ms, counted from the oldest item, whichever comes first', () => {
    const h = harness(100, 50);
    h.add(1, T0);
    h.add(2, T0 + 30 * ms);
    expect(h.b.poll(T0 + 50 * ms - 1)).toBe(false);
    expect(h.b.deadlineUs).toBe(T0 + 50 * ms);
    expect(h.b.poll(T0 + 50 * ms)).toBe(true);
    expect(h.batches).toEqual([[1, 2]]);
    h.add(3, T0 + 60 * ms);
    h.add(4, T0 + 110 * ms); // the commit itself notices the age
    expect(h.batches).toEqual([[1, 2], [3, 4]]);
    expect(h.b.deadlineUs).toBe(Infinity);
    h.b.flush();
    expect(h.batches).toHaveLength(2);
  });

  it('reuses its item objects (no allocation per item)', () => {
    const seen = new Set<object>();
    const b = new CountOrAgeBatcher({ maxItems: 2, maxDelayMs: 1 }, () => ({ v: 0 }), (items, n) => {
      for (let i = 0; i < n; i++) seen.add(items[i]!);
    });
    for (let i = 0; i < 100; i++) {
      b.claim(T0).v = i;
      b.commit(T0);
    }
    expect(seen.size).toBe(2);
  });
});
