import { startSimulator } from '../../actors/simulator/simulator-server.js';
import type { SimulatorOptionsInput } from '../../actors/simulator/simulator-options.js';
import { emitEvent, serveRequests } from './child-rpc.js';

/**
 * The market simulator in a process of its own (started by SimulatorChild,
 * simulator-child.ts), so that the pipeline's CPU and memory are measured
 * apart from the load generator's. argv[2] is the JSON of the simulator
 * options (no clock: the process uses Date.now).
 *
 * Events: `{type: 'listening', urls, ports}` once every venue is bound.
 * Requests: `setRate {framesPerSecond}` (per venue), `stats`, `stop` (closes
 * every socket and replies; the process then ends by itself).
 */
const options = JSON.parse(process.argv[2] ?? '{}') as Omit<SimulatorOptionsInput, 'clock'>;
const sim = await startSimulator(options);

serveRequests(async (request) => {
  switch (request.type) {
    case 'setRate':
      sim.setRate(request.framesPerSecond as number);
      return null;
    case 'stats':
      return sim.stats();
    case 'stop':
      await sim.stop();
      return null;
    default:
      throw new Error(`unknown request ${String(request.type)}`);
  }
});
emitEvent({ type: 'listening', urls: sim.urls, ports: sim.ports });
