import type { ExportKind } from './export.js';
import type { ExportFormat } from './export-rows.js';
import type { SpreadQuery, TickQuery } from './tick-store.js';

/**
 * Messages between the host and the piscina export task (export-task.ts),
 * typed in one place. Both are structured-clone data.
 */
export interface ExportTask {
  /** The recorder's data directory (recorder.path). */
  readonly dataDir: string;
  readonly kind: ExportKind;
  readonly format: ExportFormat;
  readonly query: TickQuery & SpreadQuery;
  readonly symbols?: readonly string[];
  /**
   * Where to write the rows. Without it the rows come back inline in the
   * result, at most maxInlineRows of them (bounded memory in both threads).
   */
  readonly outPath?: string;
  /** Default 10 000. */
  readonly maxInlineRows?: number;
}

export interface ExportTaskResult {
  /** Data rows (csv header excluded). */
  readonly rows: number;
  readonly bytes: number;
  /** Inline exports only: the text, and whether rows were left out past maxInlineRows. */
  readonly text?: string;
  readonly truncated?: boolean;
}
