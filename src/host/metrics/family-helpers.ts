import { Counter, Gauge, type Registry } from 'prom-client';
import type { ScrapeView } from './scrape-view.js';

export type Labels<L extends string> = Partial<Record<L, string>>;
export type Emit<L extends string> = (labels: Labels<L>, value: number) => void;

/**
 * A gauge family filled at scrape time from the current ScrapeView: reset,
 * then one emit per series, so a series whose subject vanished (an actor
 * removed, an exchange that stopped reporting an age) vanishes too.
 */
export function scrapedGauge<L extends string>(
  registry: Registry,
  view: () => ScrapeView,
  name: string,
  help: string,
  labelNames: readonly L[],
  fill: (v: ScrapeView, emit: Emit<L>) => void,
): Gauge<L> {
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect(this: Gauge<L>) {
      clear(this, labelNames);
      fill(view(), (labels, value) => this.set(labels, value));
    },
  });
}

/**
 * A counter family whose values live elsewhere (shared memory, the
 * pipeline's own tallies) and are copied in at scrape time. The source is
 * monotonic, so the exposition is a true counter; a negative or non-finite
 * reading is skipped rather than thrown (a scrape never fails for one bad cell).
 */
export function scrapedCounter<L extends string>(
  registry: Registry,
  view: () => ScrapeView,
  name: string,
  help: string,
  labelNames: readonly L[],
  fill: (v: ScrapeView, emit: Emit<L>) => void,
): Counter<L> {
  return new Counter<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect(this: Counter<L>) {
      clear(this, labelNames);
      fill(view(), (labels, value) => {
        if (Number.isFinite(value) && value >= 0) this.inc(labels, value);
      });
    },
  });
}

/** Enum pattern: one series per possible state, 1 for the current one. */
export function emitEnum<L extends string>(emit: Emit<L>, labels: Labels<L>, stateLabel: L, states: readonly string[], current: string): void {
  const all = states.includes(current) ? states : [...states, current];
  for (const s of all) emit({ ...labels, [stateLabel]: s } as Labels<L>, s === current ? 1 : 0);
}

/** reset() leaves a label-less family at 0; a family with nothing to report should have no sample at all. */
function clear(metric: Gauge<string> | Counter<string>, labelNames: readonly string[]): void {
  metric.reset();
  if (labelNames.length === 0) metric.remove({});
}
