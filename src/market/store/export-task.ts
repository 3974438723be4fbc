import { exportLines, exportTo, type ExportRequest } from './export.js';
import type { ExportTask, ExportTaskResult } from './export-task-types.js';
import { openTickStore } from './tick-store.js';

/**
 * piscina task (worker side): runs one export over the recorded data, off
 * the main thread. Stateless: it opens the store read-only for this task and
 * closes it before returning, because piscina may terminate its idle workers
 * and terminating a worker with an open LMDB handle can abort the process
 * (lmdb-env.ts). Main side: export-task-file.ts names this file for piscina.
 */
export default async function runExportTask(task: ExportTask): Promise<ExportTaskResult> {
  const store = openTickStore({ path: task.dataDir, readOnly: true });
  try {
    const req: ExportRequest = { kind: task.kind, format: task.format, query: task.query, ...(task.symbols ? { symbols: task.symbols } : {}) };
    if (task.outPath !== undefined) return await exportTo(store, req, task.outPath);
    return inline(exportLines(store, req), task.format === 'csv' ? 1 : 0, task.maxInlineRows ?? 10_000);
  } finally {
    await store.close();
  }
}

function inline(lines: Generator<string>, headerLines: number, maxRows: number): ExportTaskResult {
  let text = '', seen = 0;
  for (const line of lines) {
    if (seen - headerLines >= maxRows) {
      lines.return(undefined);
      return { rows: maxRows, bytes: Buffer.byteLength(text), text, truncated: true };
    }
    text += line;
    seen++;
  }
  return { rows: Math.max(0, seen - headerLines), bytes: Buffer.byteLength(text), text, truncated: false };
}
