/**
 * Parameters and result names shared by the JS ring suite and its C floor, so
 * that both measure the same shape of ring and their rows can be paired.
 */

/** Records per ring (power of two). */
export const kRingCapacity = 1024;
/** Records per publication in the batched runs. */
export const kRingBatch = 64;
/**
 * One-way runs send this many records per timed iteration; ns/record is the
 * median iteration ÷ this, in JS and in C alike. The median keeps an
 * iteration in which a spinning thread was descheduled from swamping the figure.
 */
export const kOneWayRecords = 16_384;

/**
 * Round-trip sampling, JS and C alike: at most this many samples within this
 * wall-clock budget (the C program's kTimeLimitNs is the same 2 s).
 */
export const kRoundTripBudget = { samples: 500_000, budgetMs: 2_000 } as const;

export const kRingSuite = 'ring';
export const kCFloorSuite = 'c-floor';

/** Row names used by both suites. */
export const kRingNames = {
  oneWayPerRecord: 'one-way, publish per record',
  oneWayBatched: `one-way, publish per ${kRingBatch} records`,
  roundTripSpin: (p: Percentile) => `round trip ${p}, busy-spin`,
  roundTripSpinThenWait: (p: Percentile) => `round trip ${p}, spin-then-wait`,
} as const;

export const kPercentiles = ['p50', 'p99', 'p99.9'] as const;
export type Percentile = (typeof kPercentiles)[number];
