import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { kFastBackoff, kFastHeartbeat } from './topology-fixture.js';

const producer = new URL('../../fixtures/runtime/seq-producer.ts', import.meta.url).href;
const consumer = new URL('../../fixtures/runtime/seq-consumer.ts', import.meta.url).href;

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
});

describe('rest_for_one', () => {
  it('restarts exactly the failed child and the siblings started after it', async () => {
    const { log, lines } = captureLog();
    const child = { heartbeat: kFastHeartbeat, backoff: kFastBackoff };
    const topology = new Topology()
      .actor({ name: 'first', entry: producer, counters: ['produced'], config: { perTick: 10, intervalMs: 1 }, child })
      .actor({ name: 'second', entry: consumer, counters: ['consumed', 'gaps', 'corrupt'], child })
      .actor({ name: 'third', entry: producer, counters: ['produced'], config: { perTick: 10, intervalMs: 1 }, child })
      .actor({ name: 'fourth', entry: consumer, counters: ['consumed', 'gaps', 'corrupt'], child })
      .connect('first.out', 'second.in')
      .connect('third.out', 'fourth.in');
    system = new ActorSystem({
      topology,
      log,
      chaos: true,
      tree: { name: 'root', strategy: 'rest_for_one', children: ['first', 'second', 'third', 'fourth'] },
    });
    await system.start();
    const s = system;
    await s.inject('second', 'crash');
    await waitFor(
      () => ['second', 'third', 'fourth'].every((n) => s.actors().find((a) => a.name === n)?.incarnation === 2 && s.actors().find((a) => a.name === n)?.state === 'running'),
      'second, third and fourth to restart',
    );
    const incarnations = Object.fromEntries(s.actors().map((a) => [a.name, a.incarnation]));
    expect(incarnations).toEqual({ first: 1, second: 2, third: 2, fourth: 2 });
    // Siblings were stopped in reverse start order, then started in order.
    const afterFail = lines.slice(lines.findIndex((l) => l.action === 'fail'));
    const stops = afterFail.filter((l) => l.action === 'stop').map((l) => l.actor);
    expect(stops).toEqual(['fourth', 'third']);
    const readies = afterFail.filter((l) => l.action === 'ready').map((l) => l.actor);
    expect(readies).toEqual(['second', 'third', 'fourth']);
    const report = await s.stop();
    expect(report.clean).toBe(true);
    expect(s.counters()['second.gaps']).toBe(0);
    expect(s.counters()['fourth.gaps']).toBe(0);
  });
});
