import { describe, expect, it } from 'vitest';
import type { RestartType } from '../../../src/runtime/supervisor/child-spec.js';
import { waitFor } from '../../support/wait-for.js';
import { probeChildPerTest, type Probe } from './probe-child.js';

// WorkerChild starts the next incarnation's thread as soon as the current
// one is known to be going down, held at a start gate; spawn() adopts it
// once the old worker has exited. Shown with a real worker: the prepared
// thread loads the actor but runs none of it before spawn(), spawn() adopts
// exactly that thread, and a prepared thread nobody adopts is discarded.

const kProbe = new URL('../../fixtures/runtime/gate-probe.ts', import.meta.url).href;
const startProbe = probeChildPerTest();

function probe(restart: RestartType): Probe & { loaded: () => number; inits: () => number } {
  const p = startProbe({ entry: kProbe, counters: ['loaded', 'inits'], restart, chaos: true });
  return { ...p, loaded: () => p.counter('loaded'), inits: () => p.counter('inits') };
}

describe('restart through a prepared, gated thread', () => {
  it('loads the replacement while the old worker dies, runs it only from spawn(), and adopts that very thread', async () => {
    const p = probe('permanent');
    await p.child.spawn();
    expect([p.loaded(), p.inits()]).toEqual([1, 1]);

    p.child.send({ type: 'chaos', fault: 'crash' });
    await waitFor(() => p.exits.length === 1, 'the crashed worker to exit');
    expect(p.exits[0]!.reason).toBe('error');
    const prepared = p.child.preparedThreadId;
    expect(prepared, 'a thread was prepared when the worker emitted error').toBeDefined();

    // The prepared thread has loaded the actor's module: it now waits at the gate.
    await waitFor(() => p.loaded() === 2, 'the prepared thread to load the actor');
    expect(p.inits(), 'init must wait for spawn()').toBe(1);

    await p.child.spawn();
    expect(p.child.threadId).toBe(prepared);
    expect(p.child.incarnation).toBe(2);
    expect([p.loaded(), p.inits()]).toEqual([2, 2]);
    expect(p.child.preparedThreadId).toBeUndefined();
  });

  it('discards a prepared thread that no restart asks for', async () => {
    const p = probe('permanent');
    await p.child.spawn();
    p.child.send({ type: 'chaos', fault: 'crash' });
    await waitFor(() => p.exits.length === 1, 'the crashed worker to exit');
    await waitFor(() => p.loaded() === 2, 'the prepared thread to load the actor');
    p.child.discardPrepared();
    expect(p.child.preparedThreadId).toBeUndefined();
    // A later spawn starts a fresh thread (it loads the module once more).
    await p.child.spawn();
    expect([p.loaded(), p.inits()]).toEqual([3, 2]);
  });

  it('prepares nothing for a temporary child, which is never restarted', async () => {
    const p = probe('temporary');
    await p.child.spawn();
    p.child.send({ type: 'chaos', fault: 'crash' });
    await waitFor(() => p.exits.length === 1, 'the crashed worker to exit');
    expect(p.child.preparedThreadId).toBeUndefined();
  });

  it('prepares on a kill (terminate, not planned), not on a planned terminate', async () => {
    const p = probe('permanent');
    await p.child.spawn();
    await p.child.terminate(false);
    expect(p.child.preparedThreadId).toBeDefined();
    await p.child.spawn();
    await p.child.terminate(true);
    expect(p.child.preparedThreadId).toBeUndefined();
  });
});
