import { median } from './stats.js';
import { ratioOf, type BenchResult, type Unit } from './report-model.js';

/** Names a measurement to compare against; `suite` defaults to the measurement's own. */
export interface BaselineRef {
  readonly suite?: string;
  readonly name: string;
}

/** One value measured in one run of one suite. */
export interface Measurement {
  readonly suite: string;
  readonly name: string;
  readonly unit: Unit;
  readonly value: number;
  /** Baselines measured in the same runs; each gives one result row. */
  readonly compareTo?: readonly BaselineRef[];
}

/**
 * Folds several runs into report results: each (suite, name) becomes the
 * median of its values over the runs, and each baseline reference is
 * resolved against the medians, so value and baseline are summarised alike.
 * A reference to a measurement that never ran (a skipped suite) is left
 * out; a measurement with no resolvable baseline gets one row with a null
 * baseline. Order follows first appearance.
 */
export function aggregateRuns(runs: readonly (readonly Measurement[])[]): BenchResult[] {
  const groups = new Map<string, { first: Measurement; values: number[] }>();
  for (const run of runs) {
    for (const m of run) {
      const key = keyOf(m.suite, m.name);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { first: m, values: [m.value] });
      else if (group.first.unit !== m.unit) {
        throw new TypeError(`aggregateRuns: ${key} measured in ${group.first.unit} and ${m.unit}`);
      } else group.values.push(m.value);
    }
  }
  const medians = new Map<string, number>();
  for (const [key, group] of groups) medians.set(key, median(group.values));

  const results: BenchResult[] = [];
  for (const [key, { first }] of groups) {
    const value = medians.get(key) as number;
    const base = { suite: first.suite, name: first.name, unit: first.unit, value };
    let rows = 0;
    for (const ref of first.compareTo ?? []) {
      const suite = ref.suite ?? first.suite;
      const baselineValue = medians.get(keyOf(suite, ref.name));
      if (baselineValue === undefined) continue;
      const name = suite === first.suite ? ref.name : `${suite}: ${ref.name}`;
      results.push({ ...base, baseline: { name, value: baselineValue }, ratio: ratioOf(first.unit, value, baselineValue) });
      rows++;
    }
    if (rows === 0) results.push({ ...base, baseline: null, ratio: null });
  }
  return results;
}

function keyOf(suite: string, name: string): string {
  return `${suite}\u0000${name}`;
}
