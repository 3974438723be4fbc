import { afterEach, describe, expect, it } from 'vitest';
import { CounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { childSpec } from '../../../src/runtime/supervisor/child-spec.js';
import { WorkerChild, type ChildExit } from '../../../src/runtime/supervisor/worker-child.js';
import { allocate, wiringFor } from '../../../src/runtime/system/allocation.js';
import { Topology } from '../../../src/runtime/system/topology.js';
import { waitFor } from '../../support/wait-for.js';

// A kill asks the worker to leave at its next turn boundary (the `exit`
// command) before it terminates it from outside: lmdb-js aborts the whole
// process when a terminate lands inside one of its native calls. Shown with
// a real worker: a responsive one leaves by itself, reported like a kill
// (exit code 1); a blocked one is still terminated.

const kProbe = new URL('../../fixtures/runtime/exit-marker.ts', import.meta.url).href;
let child: WorkerChild | undefined;

afterEach(async () => {
  child?.discardPrepared();
  await child?.terminate(true);
  child = undefined;
});

function probe(block: boolean): { child: WorkerChild; exitedByItself: () => number; blocked: () => number; exits: ChildExit[] } {
  const topology = new Topology().actor({ name: 'probe', entry: kProbe, counters: ['exitedByItself', 'blocked'], config: { block } });
  const alloc = allocate(topology);
  const board = new CounterBoard(alloc.counterBoard);
  const exits: ChildExit[] = [];
  const c = new WorkerChild(
    childSpec({ name: 'probe', entry: kProbe, restart: 'temporary' }),
    (incarnation) => wiringFor(topology, alloc, 'probe', { incarnation, heartbeatIntervalMs: 100, chaos: false, logLevel: 'warn' }),
    (_c, exit) => exits.push(exit),
  );
  return { child: c, exitedByItself: () => board.value('probe.exitedByItself'), blocked: () => board.value('probe.blocked'), exits };
}

describe('kill', () => {
  it('lets a responsive worker leave at a turn boundary, reported as a kill', async () => {
    const p = probe(false);
    child = p.child;
    await p.child.spawn();
    const exit = await p.child.terminate(false);
    expect(exit?.exitCode).toBe(1);
    expect(p.exitedByItself(), 'the worker left through process.exit, not an outside terminate').toBe(1);
    await waitFor(() => p.exits.length === 1, 'the exit to be reported');
    expect(p.exits[0]!.reason).toBe(exit?.reason);
  });

  it('terminates a worker that cannot answer', async () => {
    const p = probe(true);
    child = p.child;
    await p.child.spawn();
    await waitFor(() => p.blocked() === 1, 'the worker to block its event loop');
    const exit = await p.child.terminate(false);
    expect(exit?.exitCode).toBe(1);
    expect(p.exitedByItself(), 'a blocked worker is terminated from outside').toBe(0);
  });
});
