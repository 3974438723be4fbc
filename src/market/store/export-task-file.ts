import { fileURLToPath } from 'node:url';

/**
 * Absolute filename to give piscina for the export task (main side):
 * export-task.js beside this file in a compiled build, or the tsx shim when
 * running from TypeScript source.
 *
 *   const pool = new Piscina({ filename: exportTaskFilename(), maxThreads: 1 });
 *   const result: ExportTaskResult = await pool.run(task satisfies ExportTask);
 */
export function exportTaskFilename(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './export-task-tsx.mjs' : './export-task.js', import.meta.url));
}
