/**
 * The latency report that `npm run bench` writes (DESIGN.md §7).
 *
 * latest.json holds exactly `{machine, at, results}`; each result is one
 * measured value (the median over the runs) next to one baseline measured in
 * the same runs. A value compared with two baselines appears as two results.
 *
 * `ratio` is "times better than the baseline", so that > 1 always means
 * better whatever the unit: baseline ÷ value for times (lower is better),
 * value ÷ baseline for rates (higher is better). It is null when there is no
 * baseline.
 */

/** Time units (lower is better) and rate units (higher is better). */
export type Unit = 'ns' | 'ns/record' | 'ns/op' | 'µs' | 'ms' | 'records/s' | 'ops/s';

const kLowerIsBetter: ReadonlySet<Unit> = new Set<Unit>(['ns', 'ns/record', 'ns/op', 'µs', 'ms']);

export function lowerIsBetter(unit: Unit): boolean {
  return kLowerIsBetter.has(unit);
}

/** Times better than the baseline (> 1 is better); null when undefined. */
export function ratioOf(unit: Unit, value: number, baseline: number): number | null {
  const ratio = lowerIsBetter(unit) ? baseline / value : value / baseline;
  return Number.isFinite(ratio) ? ratio : null;
}

export interface MachineInfo {
  /** CPU model as the OS reports it. */
  readonly cpu: string;
  /** Logical cores available to this process. */
  readonly cores: number;
  /** Node.js version, e.g. v20.17.0. */
  readonly node: string;
  /** OS type, release and architecture. */
  readonly os: string;
}

export interface BaselineValue {
  readonly name: string;
  readonly value: number;
}

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly unit: Unit;
  readonly value: number;
  readonly baseline: BaselineValue | null;
  readonly ratio: number | null;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  /** ISO 8601 time the report was written. */
  readonly at: string;
  readonly results: readonly BenchResult[];
}

/** Free text for latest.md; not part of latest.json. */
export interface ReportNote {
  readonly suite: string;
  readonly text: string;
  /** The whole suite did not run; `text` says why. */
  readonly skipped?: boolean;
}

/** A goal to report against, never to assert: met when ratio >= minRatio. */
export interface BenchTarget {
  readonly label: string;
  readonly suite: string;
  readonly name: string;
  /** Name of the baseline as it appears in the result. */
  readonly baseline: string;
  readonly minRatio: number;
}
