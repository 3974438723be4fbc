// piscina entry for running export-task.ts from source (tests, tsx): registers
// tsx inside the pool's worker, then re-exports the task. Compiled builds
// point piscina at export-task.js directly (export-task-file.ts).
import { register } from 'tsx/esm/api';

register();
const task = await import('./export-task.ts');
export default task.default;
