import { expect } from 'vitest';
import type { FaultKind } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { buildRig, checkStore, gapsIn, standardProducers, type Rig } from './recorder-rig.js';

/**
 * One fault drill on the real recorder worker while five producers write to
 * it (three exchanges with gap markers, two shards): wait for load, inject
 * the fault `times` times (each after more commits, each followed by the
 * restart), let the producers finish, stop gracefully, then account for
 * every record in the store. Returns the rig (for cleanup) and how many
 * records were committed again by a successor.
 */
export const kBatchRecords = 500;
export const kMaxBatchRecords = 5000;
const kPollBatch = 256; // the runtime's default loop.pollBatch
const kInputs = 5;
/** Most records one crash can make the successor write again: the batch in flight. */
export const kRewriteBound = Math.max(kMaxBatchRecords, kBatchRecords + kPollBatch * kInputs);
/** A terminate that does not finish is the lmdb-js deadlock (actors/recorder/async-store-writer.ts). */
const kTerminateMs = 10_000;

export async function faultUnderLoad(dir: string, fault: FaultKind | 'kill', times: number, reason: string, onRig: (rig: Rig) => void): Promise<{ rewritten: number }> {
  const { log } = captureLog();
  // Enough records that the load outlasts every fault: each restart lets the
  // producers fill their rings (5 × 4096), which the successor then drains.
  const producers = standardProducers({ exchanges: 3, shards: 2, perExchange: 40_000 + times * 10_000, perShard: 10_000 + times * 3_000 });
  const rig = buildRig({
    dir, log, producers, chaos: true, perTick: 40,
    recorder: { batchRecords: kBatchRecords, batchMs: 20, maxBatchRecords: kMaxBatchRecords },
    ...(fault === 'oom' ? { recorderLimits: { maxOldGenerationSizeMb: 64 } } : {}),
  });
  onRig(rig);
  const s = rig.system;
  await s.start();
  const committed = () => s.counters()['recorder.recordsCommitted'] ?? 0;
  const recorder = () => s.actors().find((a) => a.name === 'recorder')!;

  for (let i = 0; i < times; i++) {
    const before = committed();
    await waitFor(() => committed() > before + 3000, 'load through the recorder');
    const incarnation = recorder().incarnation;
    const injected = await Promise.race([
      s.inject('recorder', fault).then(() => 'done'),
      new Promise<string>((r) => setTimeout(() => r('stuck'), kTerminateMs).unref()),
    ]);
    expect(injected, `${fault} #${i + 1}: the worker must end (a stuck terminate is the lmdb-js cleanup deadlock)`).toBe('done');
    await waitFor(() => recorder().incarnation === incarnation + 1 && recorder().state === 'running', `recorder restarted after ${fault} #${i + 1}`);
  }
  expect(recorder().restarts).toBe(times);
  expect(recorder().lastFailure?.reason).toBe(reason);

  // The load ends; the replacement catches up on everything in the rings.
  const total = producers.reduce((n, p) => n + p.total, 0);
  await waitFor(() => {
    const rings = s.rings();
    return producers.every((p) => rings[rig.ringOf(p.port)]!.written === p.total && rings[rig.ringOf(p.port)]!.read === p.total);
  }, 'every record written and released');
  const report = await s.stop(15_000);
  expect(report.clean).toBe(true);

  const written = Object.fromEntries(producers.map((p) => [p.port, p.total]));
  const check = await checkStore(dir, producers, written);
  expect(check.mismatches).toEqual([]);
  expect(check.strays).toBe(0);
  for (const p of producers) expect(check.perPort[p.port], p.port).toEqual({ stored: p.total, firstMissing: null, beyond: 0 });
  expect(check.ticks + check.spreads + check.gaps).toBe(total);
  expect(check.gaps).toBe(producers.reduce((n, p) => n + gapsIn(p.stream, p.total), 0));

  const rewritten = committed() - total;
  expect(rewritten).toBeGreaterThanOrEqual(0);
  expect(rewritten, 'at most the batch in flight, per crash').toBeLessThanOrEqual(times * kRewriteBound);
  return { rewritten };
}
