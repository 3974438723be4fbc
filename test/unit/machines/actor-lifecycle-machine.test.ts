import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { actorLifecycleMachine, type ActorLifecycleEvent } from '../../../src/runtime/machines/actor-lifecycle-machine.js';

function harness() {
  const effects: string[] = [];
  const record = (name: string) => () => void effects.push(name);
  const machine = actorLifecycleMachine.provide({
    actions: {
      announceReady: record('announceReady'),
      beginDrain: record('beginDrain'),
      announceStopped: record('announceStopped'),
      reportFailure: record('reportFailure'),
    },
  });
  const actor = createActor(machine, { input: { name: 'shard-0' } }).start();
  return {
    effects,
    send: (...events: ActorLifecycleEvent[]) => events.forEach((event) => actor.send(event)),
    snapshot: () => actor.getSnapshot(),
  };
}

describe('actor lifecycle (worker side)', () => {
  it('init → running → draining → stopped', () => {
    const h = harness();
    expect(h.snapshot().value).toBe('init');
    h.send({ type: 'READY' });
    expect(h.snapshot().value).toBe('running');
    h.send({ type: 'DRAIN' });
    expect(h.snapshot().value).toBe('draining');
    h.send({ type: 'DRAINED' });
    expect(h.snapshot().value).toBe('stopped');
    expect(h.snapshot().status).toBe('done');
    expect(h.effects).toEqual(['announceReady', 'beginDrain', 'announceStopped']);
  });

  it('a drain during start-up still drains, without announcing ready', () => {
    const h = harness();
    h.send({ type: 'DRAIN' }, { type: 'DRAINED' });
    expect(h.snapshot().value).toBe('stopped');
    expect(h.effects).toEqual(['beginDrain', 'announceStopped']);
  });

  it.each([
    ['init', []],
    ['running', [{ type: 'READY' }]],
    ['draining', [{ type: 'READY' }, { type: 'DRAIN' }]],
  ] as Array<[string, ActorLifecycleEvent[]]>)('FAIL in %s ends in failed with the message', (state, before) => {
    const h = harness();
    h.send(...before);
    expect(h.snapshot().value).toBe(state);
    h.send({ type: 'FAIL', error: new Error('socket exploded') });
    expect(h.snapshot().value).toBe('failed');
    expect(h.snapshot().status).toBe('done');
    expect(h.snapshot().context.failure).toBe('socket exploded');
    expect(h.effects.at(-1)).toBe('reportFailure');
  });

  it('ignores out-of-order events: DRAINED while running, READY while draining', () => {
    const h = harness();
    h.send({ type: 'READY' }, { type: 'DRAINED' });
    expect(h.snapshot().value).toBe('running');
    h.send({ type: 'DRAIN' }, { type: 'READY' });
    expect(h.snapshot().value).toBe('draining');
    expect(h.effects).toEqual(['announceReady', 'beginDrain']);
  });

  it('a non-Error failure is kept as its string', () => {
    const h = harness();
    h.send({ type: 'FAIL', error: 42 });
    expect(h.snapshot().context.failure).toBe('42');
  });
});
