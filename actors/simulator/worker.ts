import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type SimulatorHandle } from './simulator-server.js';
import type { SimulatorCommand, SimulatorEvent, SimulatorFault, SimulatorWorkerData } from './worker-messages.js';

/**
 * Worker-thread entry of the simulator. workerData carries the options; the
 * worker posts `listening` with the URLs once every venue is bound, applies
 * fault commands, and on `stop` closes every socket, posts `stopped` and lets
 * the thread end. A start failure (bad option, port in use) is thrown, so the
 * worker fails with an `error` event naming it.
 *
 * uWS and worker threads: a thread that ends while uWS still holds sockets
 * aborts the WHOLE PROCESS (libuv: "uv_loop_close() while having open
 * handles"; uWebSockets.js issues #324, #925). So:
 *   - an uncaught error here first drops every socket, then fails the worker
 *     with that same error (the parent sees `error` and exit code 1);
 *   - the parent must end this worker with the `stop` command, never with
 *     `worker.terminate()`: terminate runs no JavaScript, the sockets stay
 *     open, and the process aborts. A supervisor that needs a hard kill should
 *     run the simulator in a child process instead of a worker.
 */
const port = parentPort;
if (!port) throw new Error('actors/simulator/worker.ts must run in a worker thread');
const { options } = workerData as SimulatorWorkerData;

const sim = await startSimulator(options);
const post = (event: SimulatorEvent): void => port.postMessage(event);

function failCleanly(err: unknown): void {
  process.off('uncaughtException', failCleanly);
  void sim.stop({ abrupt: true });
  // Rethrown once uWS has let go of its handles: the worker fails, the process lives.
  setImmediate(() => {
    throw err;
  });
}
process.on('uncaughtException', failCleanly);

port.on('message', (cmd: SimulatorCommand) => {
  switch (cmd.type) {
    case 'stop':
      void sim.stop().then(() => {
        post({ type: 'stopped' });
        port.close();
      });
      return;
    case 'stats':
      post({ type: 'stats', id: cmd.id, stats: sim.stats() });
      return;
    case 'fault':
      try {
        applyFault(sim, cmd.fault);
        post({ type: 'done', id: cmd.id });
      } catch (err) {
        post({ type: 'done', id: cmd.id, error: err instanceof Error ? err.message : String(err) });
      }
      return;
    case 'crash':
      throw new Error('simulator crash drill');
  }
});
post({ type: 'listening', urls: sim.urls, ports: sim.ports });

function applyFault(s: SimulatorHandle, f: SimulatorFault): void {
  switch (f.op) {
    case 'setRate': return s.setRate(f.framesPerSecond, f.exchange);
    case 'disconnect': s.disconnect(f.exchange, { abrupt: f.abrupt ?? false }); return;
    case 'stall': return s.stall(f.exchange, f.ms, { silent: f.silent ?? false });
    case 'resume': return s.resume(f.exchange);
    case 'sendMalformed': s.sendMalformed(f.exchange, f.count, f.kinds); return;
    case 'burst': return s.burst(f.exchange, f.count);
    case 'refuseConnections': return s.refuseConnections(f.exchange, f.ms, f.status);
    case 'acceptConnections': return s.acceptConnections(f.exchange);
    case 'resetSequences': return s.resetSequences(f.exchange);
  }
}
