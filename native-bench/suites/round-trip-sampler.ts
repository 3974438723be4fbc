import type { BenchTask } from './tinybench-tasks.js';

/**
 * Round-trip sampling that mirrors the C floor's procedure exactly, so the two
 * are comparable sample for sample: warm up for `samples / 10 + 1000` round
 * trips or a quarter of the budget, then time each round trip on its own
 * until `samples` are taken or the wall-clock budget is spent.
 *
 * tinybench is not used here: it stops when the SUM of sample times reaches
 * its budget, so on a shared machine a few descheduled round trips of
 * several ms end a run after a few hundred samples, while the C floor takes
 * its full count; the two distributions would not be comparable.
 */
export interface SamplerBudget {
  readonly samples: number;
  readonly budgetMs: number;
}

/** Round-trip times in ns. Runs task.start before and task.stop after. */
export async function sampleRoundTrips(task: BenchTask, budget: SamplerBudget): Promise<Float64Array> {
  await task.start?.();
  try {
    const fn = task.fn;
    const times = new Float64Array(budget.samples);
    const warmup = Math.floor(budget.samples / 10) + 1000;
    const start = performance.now();
    let measured = 0;
    for (let i = 0; measured < budget.samples; i++) {
      const t0 = performance.now();
      if (t0 - start > budget.budgetMs) break;
      const warming = i < warmup && t0 - start < budget.budgetMs / 4;
      const pending = fn();
      if (pending instanceof Promise) await pending;
      if (!warming) times[measured++] = (performance.now() - t0) * 1e6;
    }
    if (measured === 0) throw new Error(`${task.name}: no round trip measured within ${budget.budgetMs} ms`);
    return times.subarray(0, measured);
  } finally {
    await task.stop?.();
  }
}
