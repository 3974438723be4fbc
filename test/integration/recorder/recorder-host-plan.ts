/** What recorder-host.ts runs, shared with the test that kills it (importing the host would run it). */
export const kHostShape = { exchanges: 3, shards: 2 } as const;
/** Totals of a run that is to be killed: more than it can write before the kill. */
export const kKillRunTotals = { perExchange: 1_000_000, perShard: 250_000 } as const;
export const kHostRecorder = { batchRecords: 1000, batchMs: 25, maxBatchRecords: 20_000 } as const;
export const kHostCapacity = 8192;
