import { parentPort, workerData } from 'node:worker_threads';
import { kWorkerReady, type PortWorkerData } from './bench-worker-data.js';

// postMessage round-trip baseline: sends every message straight back.
const { port } = workerData as PortWorkerData;
port.on('message', (msg: unknown) => port.postMessage(msg));
parentPort?.postMessage(kWorkerReady);
