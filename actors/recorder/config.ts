/**
 * What the host hands the recorder (workerData config). Inputs: one ring per
 * exchange (`binance`, `bybit`, `okx`) and per shard (`shard0`, ...), all
 * `block` edges released manually after each commit.
 *
 * Defaults and validation of every key: recorder-options.ts.
 */
export interface RecorderActorConfig {
  readonly path: string;
  readonly batchRecords: number;
  readonly batchMs: number;
  readonly retentionMs: number;
  readonly diskBudgetBytes: number;
  readonly dlqMaxPerSource: number;
  readonly mapSizeBytes: number;
  readonly symbols: readonly string[];
  /** 'fsync' (default) or 'os'; every opener of `path` in the process must agree (store-options.ts). */
  readonly durability?: 'fsync' | 'os';
  /** Largest batch a backlog may grow to. Default 20 × batchRecords. */
  readonly maxBatchRecords?: number;
  /** How often retention runs. Default retentionMs / 10, within [1 s, 60 s]. */
  readonly retentionIntervalMs?: number;
  /** Records deleted per retention transaction. Default 10 000. */
  readonly retentionChunkRecords?: number;
  /** ArrayBuffer bytes the recorder's thread may pile up before it runs a full GC (buffer-sweeper.ts). Default 32 MiB. */
  readonly gcSlackBytes?: number;
  /** Store bytes the recorder's memory map may keep resident before it closes and reopens the store (async-store-writer.ts). Default 64 MiB. */
  readonly mapResidencyBytes?: number;
}
