import { parentPort, workerData } from 'node:worker_threads';
import { kWorkerReady, type PortSinkReply, type PortSinkRequest, type PortWorkerData } from './bench-worker-data.js';

// postMessage one-way baseline: counts the records it receives; `null` asks
// for the count (see bench-worker-data.ts). The port is closed by the main thread.
const { port } = workerData as PortWorkerData;
let count = 0;
port.on('message', (msg: PortSinkRequest) => {
  if (msg === null) port.postMessage(count satisfies PortSinkReply);
  else count += Array.isArray(msg) ? msg.length : 1;
});
parentPort?.postMessage(kWorkerReady);
