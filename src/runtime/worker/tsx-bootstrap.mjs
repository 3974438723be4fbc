// Boots a TypeScript worker entry from source (tests, docs examples).
// Node 20 ignores `--import` in a Worker's execArgv, so the tsx loader is
// registered here, inside the worker, before the real entry is imported.
// Compiled deployments (dist/, `npm start`, benches) never use this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__ringmasterEntry);
