import { parentPort } from 'node:worker_threads';
import { kWorkerReady } from './bench-worker-data.js';

// Baseline for restart latency: the cost of a bare worker thread that starts and says so.
parentPort?.postMessage(kWorkerReady);
