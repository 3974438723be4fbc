import type { Logger } from 'pino';
import type { SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import type { ExchangeName } from '../../market/exchange-ids.js';
import type { RingmasterConfig } from '../config/schema.js';

/**
 * With simulator.faults.enabled, injects one random fault into a random
 * simulated exchange every meanIntervalMs on average (exponential gaps), so
 * that `npm start` can show reconnects, gaps and rejections on demand.
 * Seeded from simulator.seed: the same config injects the same sequence.
 */
export function startFaultSchedule(sim: SimulatorHandle, config: RingmasterConfig, log: Logger): { stop(): void } {
  const f = config.simulator.faults;
  const venues = Object.keys(sim.urls) as ExchangeName[];
  let state = (config.simulator.seed >>> 0) || 1;
  const random = (): number => {
    // xorshift32: tiny, seeded, good enough to pick faults.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    const gap = -Math.log(1 - random()) * f.meanIntervalMs;
    timer = setTimeout(fire, Math.min(gap, 10 * f.meanIntervalMs));
    timer.unref();
  };
  const fire = () => {
    const venue = venues[Math.floor(random() * venues.length)]!;
    const kind = f.kinds[Math.floor(random() * f.kinds.length)]!;
    log.info({ category: 'simulator', action: 'fault', exchange: venue, fault: kind }, `simulator fault: ${kind} on ${venue}`);
    switch (kind) {
      case 'disconnect':
        sim.disconnect(venue);
        break;
      case 'stall':
        sim.stall(venue, f.stallMs);
        break;
      case 'malformed':
        sim.sendMalformed(venue, f.malformedFrames);
        break;
      case 'burst':
        sim.burst(venue, f.burstFrames);
        break;
      default:
        break;
    }
    schedule();
  };
  schedule();
  return { stop: () => clearTimeout(timer) };
}
