/**
 * A small host process for the SIGKILL test (sigkill-restart.test.ts): the
 * real recorder and five fixture producers under an ActorSystem, writing
 * into the store at argv[2]. Every 10 ms it prints one JSON line with the
 * records written to each ring, released by the recorder, and committed. With
 * argv[3] = 'complete' the producers stop at their totals and the host stops
 * gracefully and prints {"stopped":true,...}; otherwise it runs until killed.
 * Totals per exchange and per shard stream: argv[4], argv[5].
 *
 *   node --import tsx test/integration/recorder/recorder-host.ts DIR kill|complete PER_EXCHANGE PER_SHARD
 */
import { pino } from 'pino';
import { kHostCapacity, kHostRecorder, kHostShape } from './recorder-host-plan.js';
import { buildRig, standardProducers } from './recorder-rig.js';

const [dir, mode, perExchange, perShard] = process.argv.slice(2);
const complete = mode === 'complete';
if (dir === undefined || perExchange === undefined || perShard === undefined) throw new Error('usage: recorder-host.ts DIR kill|complete PER_EXCHANGE PER_SHARD');

const producers = standardProducers({ ...kHostShape, perExchange: Number(perExchange), perShard: Number(perShard) });
const rig = buildRig({ dir, log: pino({ level: 'warn' }), producers, perTick: 60, capacity: kHostCapacity, recorder: kHostRecorder });
const { system } = rig;
await system.start();

const snapshot = () => {
  const rings = system.rings();
  return {
    written: Object.fromEntries(producers.map((p) => [p.port, rings[rig.ringOf(p.port)]!.written])),
    released: Object.fromEntries(producers.map((p) => [p.port, rings[rig.ringOf(p.port)]!.read])),
    committed: system.counters()['recorder.recordsCommitted'] ?? 0,
  };
};
const timer = setInterval(() => process.stdout.write(`${JSON.stringify(snapshot())}\n`), 10);

if (complete) {
  const done = () => producers.every((p) => system.rings()[rig.ringOf(p.port)]!.written === p.total);
  while (!done()) await new Promise((r) => setTimeout(r, 10));
  const report = await system.stop(20_000);
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ stopped: true, clean: report.clean, ...snapshot() })}\n`);
  process.exit(report.clean ? 0 : 1);
}
