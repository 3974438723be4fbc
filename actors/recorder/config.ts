/**
 * What the host hands the recorder (workerData config). Inputs: one ring per
 * exchange (`binance`, `bybit`, `okx`) and per shard (`shard0`, ...), all
 * `block` edges released manually after each commit.
 */
export interface RecorderActorConfig {
  readonly path: string;
  readonly batchRecords: number;
  readonly batchMs: number;
  readonly retentionMs: number;
  readonly diskBudgetBytes: number;
  readonly dlqMaxPerSource: number;
  readonly mapSizeBytes: number;
  /** Passed to openTickStore; every opener of the data directory must pass the same. */
  readonly durability: 'fsync' | 'os';
  readonly symbols: readonly string[];
}
