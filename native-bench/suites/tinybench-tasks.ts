import { Bench, hrtimeNow, type Fn, type Statistics } from 'tinybench';

export interface TaskTiming {
  /** Per-iteration latency statistics, in milliseconds (tinybench's unit). */
  readonly latency: Statistics;
}

export interface TaskBudget {
  /** Minimum measuring time per task, ms. */
  readonly timeMs: number;
  readonly warmupMs: number;
  /** Minimum iterations per task even when time runs out. */
  readonly iterations?: number;
}

/**
 * Runs tasks one after another with tinybench and returns their latency
 * statistics by name. Timing uses process.hrtime (ns resolution). A task that
 * throws fails the whole suite run: a broken bench must not report numbers.
 */
export async function timeTasks(tasks: ReadonlyArray<readonly [string, Fn]>, budget: TaskBudget): Promise<Map<string, TaskTiming>> {
  const bench = new Bench({
    now: hrtimeNow,
    time: budget.timeMs,
    warmupTime: budget.warmupMs,
    iterations: budget.iterations ?? 10,
    throws: true,
  });
  for (const [name, fn] of tasks) bench.add(name, fn);
  await bench.run();
  const timings = new Map<string, TaskTiming>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result === undefined || result.error !== undefined) {
      throw new Error(`bench task "${task.name}" failed: ${String(result?.error ?? 'no result')}`);
    }
    timings.set(task.name, { latency: result.latency });
  }
  return timings;
}

export const kNsPerMs = 1e6;
