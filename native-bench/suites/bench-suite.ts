import type { Measurement } from '../report/aggregate.js';
import type { BenchTarget } from '../report/report-model.js';

/**
 * A benchmark suite as run.ts drives it: prepared once, run `runs` times
 * (interleaved with the other suites so that a noisy moment on the machine
 * spreads over all of them), then closed. Each run measures the suite's
 * values and its baselines together; the report keeps the medians.
 */
export interface BenchSuite {
  readonly name: string;
  /** Goals this suite's results are reported against (never asserted). */
  readonly targets?: readonly BenchTarget[];
  /** Builds or checks what the suite needs; returns a reason to skip when it cannot run here. */
  prepare(): Promise<SuiteReadiness>;
  runOnce(context: SuiteRunContext): Promise<SuiteRunResult>;
  close?(): Promise<void>;
}

export type SuiteReadiness =
  | { readonly ready: true; readonly notes?: readonly string[] }
  | { readonly ready: false; readonly reason: string };

export interface SuiteRunContext {
  /** 0-based index of this run. */
  readonly run: number;
  readonly runs: number;
}

export interface SuiteRunResult {
  readonly measurements: readonly Measurement[];
  /** Remarks for latest.md; repeated remarks are shown once. */
  readonly notes?: readonly string[];
}
