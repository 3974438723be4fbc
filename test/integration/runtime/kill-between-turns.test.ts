import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';
import { probeChildPerTest, type Probe } from './probe-child.js';

// A kill asks the worker to leave at its next turn boundary (the `exit`
// command) before it terminates it from outside: lmdb-js aborts the whole
// process when a terminate lands inside one of its native calls. Shown with
// a real worker: a responsive one leaves by itself, reported like a kill
// (exit code 1); a blocked one is still terminated.

const kProbe = new URL('../../fixtures/runtime/exit-marker.ts', import.meta.url).href;
const startProbe = probeChildPerTest();

function probe(block: boolean): Probe & { exitedByItself: () => number; blocked: () => number } {
  const p = startProbe({ entry: kProbe, counters: ['exitedByItself', 'blocked'], restart: 'temporary', chaos: false, config: { block } });
  return { ...p, exitedByItself: () => p.counter('exitedByItself'), blocked: () => p.counter('blocked') };
}

describe('kill', () => {
  it('lets a responsive worker leave at a turn boundary, reported as a kill', async () => {
    const p = probe(false);
    await p.child.spawn();
    const exit = await p.child.terminate(false);
    expect(exit?.exitCode).toBe(1);
    expect(p.exitedByItself(), 'the worker left through process.exit, not an outside terminate').toBe(1);
    await waitFor(() => p.exits.length === 1, 'the exit to be reported');
    expect(p.exits[0]!.reason).toBe(exit?.reason);
  });

  it('terminates a worker that cannot answer', async () => {
    const p = probe(true);
    await p.child.spawn();
    await waitFor(() => p.blocked() === 1, 'the worker to block its event loop');
    const exit = await p.child.terminate(false);
    expect(exit?.exitCode).toBe(1);
    expect(p.exitedByItself(), 'a blocked worker is terminated from outside').toBe(0);
  });
});
