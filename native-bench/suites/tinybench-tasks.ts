import { Bench, hrtimeNow, type Fn, type Statistics } from 'tinybench';

/**
 * One timed task. `start` runs before its warmup and `stop` after its
 * measurement, so a task's worker lives through both (warm JIT on both
 * sides) and no other task's spinning worker competes for the two cores.
 * tinybench calls a non-`async` fn once when the task is added (to detect
 * promises): that call happens after `start`.
 */
export interface BenchTask {
  readonly name: string;
  readonly fn: Fn;
  readonly start?: () => Promise<void>;
  readonly stop?: () => Promise<void>;
}

export interface TaskBudget {
  /** Minimum measuring time per task, ms. */
  readonly timeMs: number;
  readonly warmupMs: number;
  /** Minimum iterations per task even when time runs out (default 5). */
  readonly iterations?: number;
  /** Minimum warmup iterations (default 3; tinybench's own default of 16 is long for slow tasks). */
  readonly warmupIterations?: number;
}

/**
 * Runs the tasks one after another, each in its own tinybench Bench, and
 * returns their per-iteration latency statistics (milliseconds, tinybench's
 * unit) by name. Timing uses process.hrtime. A task that throws fails the
 * whole suite run: a broken bench must not report numbers.
 */
export async function timeTasks(tasks: readonly BenchTask[], budget: TaskBudget): Promise<Map<string, Statistics>> {
  const timings = new Map<string, Statistics>();
  for (const task of tasks) {
    await task.start?.();
    try {
      const bench = new Bench({
        now: hrtimeNow,
        time: budget.timeMs,
        warmupTime: budget.warmupMs,
        iterations: budget.iterations ?? 5,
        warmupIterations: budget.warmupIterations ?? 3,
        throws: true,
      });
      bench.add(task.name, task.fn);
      await bench.run();
      const result = bench.tasks[0]?.result;
      if (result === undefined || result.error !== undefined) {
        throw new Error(`bench task "${task.name}" failed: ${String(result?.error ?? 'no result')}`);
      }
      timings.set(task.name, result.latency);
    } finally {
      await task.stop?.();
    }
  }
  return timings;
}

export const kNsPerMs = 1e6;
