import type { Counter, Registry } from 'prom-client';
import { scrapedCounter } from './family-helpers.js';
import type { ScrapeView } from './scrape-view.js';

/**
 * The actors' shared hot-path counters (`actor.counter` on the counter
 * board), one family per counter name: `ticksOut` becomes
 * `ringmaster_actor_ticks_out_total{actor="exchange.okx"}`. A family per
 * counter rather than one `{counter=...}` family keeps each family one unit,
 * so sum() over it means something and HELP can say what it counts.
 * Families appear the first time a scrape sees their counter; values are
 * copied from shared memory at scrape time (no work per tick).
 */
export class ActorCounterFamilies {
  private readonly families = new Map<string, Counter<'actor'>>();

  constructor(
    private readonly registry: Registry,
    private readonly view: () => ScrapeView,
    private readonly prefix: string,
  ) {}

  /** Registers a family for every counter name not seen before; call before collecting. */
  sync(counters: Readonly<Record<string, number>>): void {
    for (const key of Object.keys(counters)) {
      const { counter } = splitCounterKey(key);
      const name = actorCounterMetricName(this.prefix, counter);
      if (this.families.has(name)) continue;
      this.families.set(
        name,
        scrapedCounter(this.registry, this.view, name, `Hot-path counter "${counter}" of each actor that declares it (shared memory, read at scrape).`, ['actor'], (v, emit) => {
          // Two counter names that map to one metric name (ticksOut, ticks_out) add up.
          const sums = new Map<string, number>();
          for (const [k, value] of Object.entries(v.snapshot.counters)) {
            const parts = splitCounterKey(k);
            if (actorCounterMetricName(this.prefix, parts.counter) === name) sums.set(parts.actor, (sums.get(parts.actor) ?? 0) + value);
          }
          for (const [actor, value] of sums) emit({ actor }, value);
        }),
      );
    }
  }
}

/** `exchange.okx.ticksOut` → actor `exchange.okx`, counter `ticksOut` (actor names may hold dots; counter names do not). */
export function splitCounterKey(key: string): { actor: string; counter: string } {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? { actor: '', counter: key } : { actor: key.slice(0, dot), counter: key.slice(dot + 1) };
}

/** camelCase or anything else → a valid snake_case metric name ending in _total. */
export function actorCounterMetricName(prefix: string, counter: string): string {
  const snake = counter
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/_total$/, '');
  return `${prefix}actor_${snake === '' ? 'unnamed' : snake}_total`;
}
