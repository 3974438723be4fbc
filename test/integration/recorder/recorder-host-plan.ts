/** What recorder-host.ts runs, shared with the test that kills it (importing the host would run it). */
export const kHostProducers = { exchanges: 3, shards: 2, perExchange: 150_000, perShard: 40_000 } as const;
export const kHostRecorder = { batchRecords: 1000, batchMs: 25, maxBatchRecords: 10_000 } as const;
export const kHostCapacity = 8192;
