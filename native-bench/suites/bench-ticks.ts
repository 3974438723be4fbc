import { RecordKind } from '../../src/market/tick-layout.js';
import type { Tick } from '../../src/market/tick.js';

/**
 * `n` distinct, plausible ticks. Distinct objects matter for postMessage: the
 * structured clone of an array that repeats one object sends it only once.
 */
export function makeTicks(n: number): Tick[] {
  const ticks: Tick[] = [];
  let mid = 64_000;
  for (let i = 0; i < n; i++) {
    mid += Math.sin(i) * 3.25;
    ticks.push({
      // Same key order as readTick, so every codec sees one object shape.
      kind: RecordKind.Tick,
      bid: mid - 0.5,
      ask: mid + 0.5,
      bidSize: 1.25 + (i % 7) * 0.1,
      askSize: 0.75 + (i % 5) * 0.1,
      exchangeTs: 1_767_225_600_000_000 + i * 1000,
      recvTs: 1_767_225_600_000_350 + i * 1000,
      symbolId: i % 17,
      exchangeId: 1 + (i % 3),
      flags: 0,
      seq: i,
    });
  }
  return ticks;
}
