import type { Registry } from 'prom-client';
import type { RingStats } from '../../runtime/index.js';
import { scrapedCounter, scrapedGauge } from './family-helpers.js';
import type { ScrapeView } from './scrape-view.js';

type RingField = Exclude<keyof RingStats, 'recordSize'>;

const kGauges: ReadonlyArray<readonly [string, RingField, string]> = [
  ['ring_capacity', 'capacity', 'Capacity of each ring, in records.'],
  ['ring_fill', 'fill', 'Records published into each ring and not yet released by its consumer.'],
  ['ring_high_watermark', 'highWatermark', 'Highest fill each ring has reached.'],
  ['ring_pending', 'pending', "Records held in the producer's conflation table, not yet in the ring."],
];

const kCounters: ReadonlyArray<readonly [string, RingField, string]> = [
  ['ring_written_total', 'written', 'Records that entered each ring.'],
  ['ring_read_total', 'read', 'Records the consumer of each ring released.'],
  ['ring_dropped_total', 'dropped', 'Records dropped at each ring because it was full (policy drop, or block past its timeout).'],
  ['ring_conflated_total', 'conflated', 'Records replaced by a newer one for the same key while each ring was full (policy conflate).'],
];

/** Per-ring figures, read from the rings' shared headers at scrape time. Label `ring` is `from.port->to.port`. */
export function registerRingFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  for (const [name, field, help] of kGauges) {
    scrapedGauge(registry, view, `${prefix}${name}`, help, ['ring'], (v, emit) => {
      for (const [ring, r] of Object.entries(v.snapshot.rings)) emit({ ring }, r[field]);
    });
  }
  for (const [name, field, help] of kCounters) {
    scrapedCounter(registry, view, `${prefix}${name}`, help, ['ring'], (v, emit) => {
      for (const [ring, r] of Object.entries(v.snapshot.rings)) emit({ ring }, r[field]);
    });
  }
}
