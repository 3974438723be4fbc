import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type SimulatorHandle } from './simulator-server.js';
import type { SimulatorCommand, SimulatorEvent, SimulatorFault, SimulatorWorkerData } from './worker-messages.js';

/**
 * Worker-thread entry of the simulator. workerData carries the options; the
 * worker posts `listening` with the URLs once every venue is bound, applies
 * fault commands, and on `stop` closes every socket, posts `stopped` and lets
 * the thread end. A start failure (bad option, port in use) is thrown, so the
 * worker fails with an `error` event naming it.
 */
const port = parentPort;
if (!port) throw new Error('actors/simulator/worker.ts must run in a worker thread');
const { options } = workerData as SimulatorWorkerData;

const sim = await startSimulator(options);
const post = (event: SimulatorEvent): void => port.postMessage(event);

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
