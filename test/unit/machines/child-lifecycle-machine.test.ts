import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  childLifecycleMachine,
  type ChildLifecycleEvent,
  type ChildLifecycleInput,
} from '../../../src/runtime/machines/child-lifecycle-machine.js';
import {
  transitionLogRecord,
  type SupervisorTransitionRecord,
} from '../../../src/runtime/machines/transition-log-record.js';
import { kDefaultBackoff, type RestartType } from '../../../src/runtime/supervisor/child-spec.js';
import { kExitReasons } from '../../../src/runtime/supervisor/exit-reason.js';
import { IntensityWindow } from '../../../src/runtime/supervisor/intensity-window.js';
import { shouldRestart } from '../../../src/runtime/supervisor/restart-decision.js';

const kEffects = [
  'spawnWorker',
  'notifyRunning',
  'notifyBackoff',
  'terminateWorker',
  'notifyStopped',
  'notifyGivenUp',
  'escalate',
] as const;

interface HarnessOptions extends Partial<ChildLifecycleInput> {
  readonly intensity?: { maxRestarts: number; withinMs: number };
}

/** One child machine on a simulated clock, with every effect recorded. */
function harness(options: HarnessOptions = {}) {
  const clock = new SimulatedClock();
  const effects: string[] = [];
  const lines: SupervisorTransitionRecord[] = [];
  const window = new IntensityWindow(options.intensity ?? { maxRestarts: 100, withinMs: 1000 });
  let intensityChecks = 0;
  const errors: unknown[] = [];
  const record = (name: string) => () => void effects.push(name);
  const machine = childLifecycleMachine.provide({
    actions: {
      ...Object.fromEntries(kEffects.map((name) => [name, record(name)])),
      logTransition: (_args, line) => void lines.push(line),
    },
    guards: {
      intensityExceeded: ({ context }) => {
        intensityChecks += 1;
        return window.record(context.now());
      },
    },
  });
  const actor = createActor(machine, {
    clock,
    input: {
      name: options.name ?? 'binance',
      restartType: options.restartType ?? 'permanent',
      backoff: options.backoff ?? { ...kDefaultBackoff, jitter: 0 },
      now: () => clock.now(),
      ...(options.random ? { random: options.random } : {}),
    },
  });
  actor.subscribe({ error: (error) => void errors.push(error) });
  actor.start();
  const send = (event: ChildLifecycleEvent) => actor.send(event);
  return {
    clock,
    actor,
    effects,
    lines,
    errors,
    send,
    state: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context,
    actions: () => lines.map((line) => line.action),
    intensityChecks: () => intensityChecks,
    crash: (exitCode = 1) => send({ type: 'FAIL', reason: 'error', exitCode, error: new Error('boom') }),
  };
}

describe('child lifecycle: start and stop', () => {
  it('idle → starting → running → stopping → stopped, one effect and one line per step', () => {
    const h = harness();
    expect(h.state()).toBe('idle');
    h.send({ type: 'START' });
    expect(h.state()).toBe('starting');
    h.send({ type: 'READY' });
    expect(h.state()).toBe('running');
    h.send({ type: 'STOP' });
    expect(h.state()).toBe('stopping');
    h.send({ type: 'STOPPED', exitCode: 0 });
    expect(h.state()).toBe('stopped');
    expect(h.effects).toEqual(['spawnWorker', 'notifyRunning', 'terminateWorker', 'notifyStopped']);
    expect(h.actions()).toEqual(['start', 'ready', 'stop', 'stopped']);
    expect(h.lines.at(-1)).toEqual({
      category: 'supervisor',
      action: 'stopped',
      actor: 'binance',
      reason: 'shutdown',
      exitCode: 0,
      attempt: 0,
      backoffMs: null,
      downtimeMs: null,
    });
  });

  it('a stopped child can be started again (rest_for_one siblings, admin restart)', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.send({ type: 'STOP' });
    h.send({ type: 'STOPPED' });
    h.send({ type: 'START' });
    expect(h.state()).toBe('starting');
    expect(h.effects.filter((e) => e === 'spawnWorker')).toHaveLength(2);
  });

  it('STOP while starting terminates the booting worker', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.send({ type: 'STOP' });
    expect(h.state()).toBe('stopping');
    expect(h.effects).toEqual(['spawnWorker', 'terminateWorker']);
  });

  it('STOP from idle goes straight to stopped without touching a worker', () => {
    const h = harness();
    h.send({ type: 'STOP' });
    expect(h.state()).toBe('stopped');
    expect(h.effects).toEqual(['notifyStopped']);
  });

  it('a worker that dies while draining is stopped, and the line keeps why', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.send({ type: 'STOP' });
    h.send({ type: 'FAIL', reason: 'out_of_memory', exitCode: 1 });
    expect(h.state()).toBe('stopped');
    expect(h.lines.at(-1)).toMatchObject({ action: 'stopped', reason: 'out_of_memory', exitCode: 1 });
    expect(h.effects.filter((e) => e === 'spawnWorker')).toHaveLength(1);
  });

  it('ignores events that do not apply (READY while running, FAIL while idle)', () => {
    const h = harness();
    h.crash();
    expect(h.state()).toBe('idle');
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.send({ type: 'READY' });
    h.send({ type: 'START' });
    expect(h.state()).toBe('running');
    expect(h.effects).toEqual(['spawnWorker', 'notifyRunning']);
  });
});

describe('child lifecycle: failure, backoff, restart', () => {
  it('waits exactly backoffMs on the simulated clock, then spawns again', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.clock.increment(10);
    h.send({ type: 'READY' });
    h.clock.increment(500);
    h.crash(1);
    expect(h.state()).toBe('backoff');
    expect(h.context()).toMatchObject({ attempt: 1, backoffMs: 100, downSince: 510 });
    h.clock.increment(99);
    expect(h.state()).toBe('backoff');
    h.clock.increment(1);
    expect(h.state()).toBe('starting');
    h.clock.increment(25);
    h.send({ type: 'READY' });
    expect(h.state()).toBe('running');
    expect(h.context()).toMatchObject({ restarts: 1, downSince: null, runningSince: 635 });
    expect(h.context().lastFailure).toEqual({ reason: 'error', exitCode: 1, message: 'boom', atMs: 510 });
    expect(h.effects).toEqual(['spawnWorker', 'notifyRunning', 'notifyBackoff', 'spawnWorker', 'notifyRunning']);
    expect(h.lines.slice(2)).toEqual([
      transitionLogRecord({ action: 'fail', actor: 'binance', reason: 'error', exitCode: 1, attempt: 0, downtimeMs: 0 }),
      transitionLogRecord({ action: 'backoff', actor: 'binance', reason: 'error', exitCode: 1, attempt: 1, backoffMs: 100, downtimeMs: 0 }),
      transitionLogRecord({ action: 'restart', actor: 'binance', reason: 'error', exitCode: 1, attempt: 1, backoffMs: 100, downtimeMs: 100 }),
      transitionLogRecord({ action: 'ready', actor: 'binance', reason: 'error', exitCode: 1, attempt: 1, downtimeMs: 125 }),
    ]);
  });

  it('backs off 100, 200, 400, ... capped at maxMs while failures come fast', () => {
    const h = harness();
    h.send({ type: 'START' });
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      h.crash();
      expect(h.state()).toBe('backoff');
      const { backoffMs } = h.context();
      delays.push(backoffMs);
      h.clock.increment(backoffMs - 1);
      expect(h.state()).toBe('backoff');
      h.clock.increment(1);
      expect(h.state()).toBe('starting');
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    expect(h.context().restarts).toBe(8);
  });

  it('a failure while starting counts as a run of 0 ms, so the attempt grows', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.clock.increment(60_000);
    h.crash();
    h.clock.increment(100);
    h.crash();
    expect(h.context()).toMatchObject({ attempt: 2, backoffMs: 200, ranForMs: 0 });
    // Downtime runs from the first failure, across the failed restart.
    expect(h.lines.at(-1)).toMatchObject({ action: 'backoff', downtimeMs: 100 });
  });

  it('resets the attempt after a run of resetAfterMs, not before', () => {
    const h = harness();
    h.send({ type: 'START' });
    for (let i = 0; i < 3; i += 1) {
      h.crash();
      h.clock.increment(h.context().backoffMs);
      h.send({ type: 'READY' });
    }
    expect(h.context().attempt).toBe(3);
    h.clock.increment(kDefaultBackoff.resetAfterMs - 1);
    h.crash();
    expect(h.context()).toMatchObject({ attempt: 4, backoffMs: 800 });
    h.clock.increment(800);
    h.send({ type: 'READY' });
    h.clock.increment(kDefaultBackoff.resetAfterMs);
    h.crash();
    expect(h.context()).toMatchObject({ attempt: 1, backoffMs: 100 });
  });

  it('applies jitter from the injected random source', () => {
    const low = harness({ backoff: kDefaultBackoff, random: () => 0 });
    low.send({ type: 'START' });
    low.crash();
    expect(low.context().backoffMs).toBe(80);
    const high = harness({ backoff: kDefaultBackoff, random: () => 0.999_999 });
    high.send({ type: 'START' });
    high.crash();
    expect(high.context().backoffMs).toBe(119);
    high.clock.increment(118);
    expect(high.state()).toBe('backoff');
    high.clock.increment(1);
    expect(high.state()).toBe('starting');
  });

  it('STOP during backoff cancels the pending restart', () => {
    const h = harness();
    h.send({ type: 'START' });
    h.crash();
    h.send({ type: 'STOP' });
    expect(h.state()).toBe('stopped');
    h.clock.increment(60_000);
    expect(h.state()).toBe('stopped');
    expect(h.effects.filter((e) => e === 'spawnWorker')).toHaveLength(1);
    expect(h.effects).not.toContain('terminateWorker');
  });
});

describe('child lifecycle: restart decision', () => {
  const types: RestartType[] = ['permanent', 'transient', 'temporary'];
  const cells = types.flatMap((type) => kExitReasons.map((reason) => [type, reason] as const));

  it.each(cells)('%s child after %s follows the restart table', (restartType, reason) => {
    const h = harness({ restartType });
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.send({ type: 'FAIL', reason, exitCode: reason === 'normal' ? 0 : 1 });
    const wanted = shouldRestart(restartType, reason);
    expect(h.state()).toBe(wanted ? 'backoff' : 'given_up');
    expect(h.actions().at(-1)).toBe(wanted ? 'backoff' : 'give_up');
    expect(h.effects.at(-1)).toBe(wanted ? 'notifyBackoff' : 'notifyGivenUp');
    // A restart that is not wanted does not count against the intensity.
    expect(h.intensityChecks()).toBe(wanted ? 1 : 0);
  });

  it('given_up is final', () => {
    const h = harness({ restartType: 'temporary' });
    h.send({ type: 'START' });
    h.crash();
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.state()).toBe('given_up');
    expect(h.effects.filter((e) => e === 'spawnWorker')).toHaveLength(1);
  });
});

describe('child lifecycle: intensity', () => {
  it('escalates on restart maxRestarts + 1 within the window, asking the guard once per failure', () => {
    const h = harness({ intensity: { maxRestarts: 2, withinMs: 10_000 } });
    h.send({ type: 'START' });
    h.crash();
    h.clock.increment(h.context().backoffMs);
    h.crash();
    h.clock.increment(h.context().backoffMs);
    expect(h.state()).toBe('starting');
    h.crash();
    expect(h.state()).toBe('escalated');
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.intensityChecks()).toBe(3);
    expect(h.effects.filter((e) => e === 'escalate')).toHaveLength(1);
    expect(h.effects.filter((e) => e === 'spawnWorker')).toHaveLength(3);
    expect(h.lines.at(-1)).toMatchObject({ action: 'escalate', reason: 'error', attempt: 2, downtimeMs: 300 });
  });

  it('does not escalate when the earlier restarts have slid out of the window', () => {
    const h = harness({ intensity: { maxRestarts: 1, withinMs: 1000 } });
    h.send({ type: 'START' });
    h.crash();
    h.clock.increment(100);
    h.send({ type: 'READY' });
    h.clock.increment(900);
    h.crash();
    expect(h.state()).toBe('backoff');
  });

  it('without a provided intensity guard the machine fails loudly instead of never escalating', () => {
    const clock = new SimulatedClock();
    const errors: unknown[] = [];
    const actor = createActor(childLifecycleMachine, {
      clock,
      input: { name: 'x', restartType: 'permanent', now: () => clock.now() },
    });
    actor.subscribe({ error: (error) => void errors.push(error) });
    actor.start();
    actor.send({ type: 'START' });
    actor.send({ type: 'FAIL', reason: 'error', exitCode: 1 });
    expect(actor.getSnapshot().status).toBe('error');
    expect(String(errors[0])).toMatch(/intensityExceeded must be provided/);
  });
});

describe('transition log lines', () => {
  it('every line has all eight keys, and every transition writes exactly one', () => {
    const h = harness({ intensity: { maxRestarts: 1, withinMs: 60_000 } });
    const states: string[] = [];
    h.actor.subscribe((snapshot) => void states.push(String(snapshot.value)));
    h.send({ type: 'START' });
    h.send({ type: 'READY' });
    h.crash();
    h.clock.increment(100);
    h.send({ type: 'READY' });
    h.send({ type: 'FAIL', reason: 'hung', exitCode: 1 });
    expect(h.actions()).toEqual(['start', 'ready', 'fail', 'backoff', 'restart', 'ready', 'fail', 'escalate']);
    // Observers see one snapshot per macrostep; failed → backoff/escalated happen inside one.
    expect(states).toEqual(['starting', 'running', 'backoff', 'starting', 'running', 'escalated']);
    for (const line of h.lines) {
      expect(Object.keys(line).sort()).toEqual(
        ['action', 'actor', 'attempt', 'backoffMs', 'category', 'downtimeMs', 'exitCode', 'reason'].sort(),
      );
      expect(line.category).toBe('supervisor');
    }
  });

  it('transitionLogRecord fills absent fields with null (attempt with 0)', () => {
    expect(transitionLogRecord({ action: 'escalate', actor: 'exchanges' })).toEqual({
      category: 'supervisor',
      action: 'escalate',
      actor: 'exchanges',
      reason: null,
      exitCode: null,
      attempt: 0,
      backoffMs: null,
      downtimeMs: null,
    });
  });
});
