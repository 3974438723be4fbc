import { describe, expect, it } from 'vitest';
import { allocateDoorbell, Doorbell } from '../../../src/runtime/ring/doorbell.js';
import { BusySpinWaitStrategy } from '../../../src/runtime/wait/busy-spin-wait-strategy.js';
import { SleepingWaitStrategy } from '../../../src/runtime/wait/sleeping-wait-strategy.js';
import { SpinThenWaitStrategy } from '../../../src/runtime/wait/spin-then-wait-strategy.js';
import { createWaitStrategy, type WaitStrategy } from '../../../src/runtime/wait/wait-strategy.js';

const kHour = 3_600_000;

describe('createWaitStrategy', () => {
  it('builds each kind', () => {
    expect(createWaitStrategy({ kind: 'busy-spin' })).toBeInstanceOf(BusySpinWaitStrategy);
    expect(createWaitStrategy({ kind: 'sleeping' })).toBeInstanceOf(SleepingWaitStrategy);
    const spinning = createWaitStrategy({ kind: 'spin-then-wait', spins: 7 });
    expect(spinning).toBeInstanceOf(SpinThenWaitStrategy);
    expect((spinning as SpinThenWaitStrategy).spins).toBe(7);
    expect(spinning.name).toBe('spin-then-wait');
  });

  it('rejects an unknown kind and bad spins naming them', () => {
    expect(() => createWaitStrategy({ kind: 'yielding' } as never)).toThrow(
      /wait strategy kind must be one of busy-spin, spin-then-wait, sleeping, got yielding/,
    );
    expect(() => createWaitStrategy({ kind: 'spin-then-wait', spins: -1 })).toThrow(/spins must be an integer >= 0, got -1/);
  });
});

const strategies: WaitStrategy[] = [new BusySpinWaitStrategy(), new SpinThenWaitStrategy(16), new SleepingWaitStrategy()];

describe.each(strategies.map((s) => [s.name, s] as const))('%s', (_name, strategy) => {
  it('returns at once when there is work, awake (an hour-long wait would time the test out)', async () => {
    const bell = new Doorbell(allocateDoorbell());
    strategy.wait(bell, () => true, kHour);
    await strategy.waitAsync(bell, () => true, kHour);
    expect(bell.sleeping).toBe(false);
  });

  it('returns after maxWaitMs without work, awake', async () => {
    const bell = new Doorbell(allocateDoorbell());
    strategy.wait(bell, () => false, 1);
    await strategy.waitAsync(bell, () => false, 1);
    expect(bell.sleeping).toBe(false);
  });

});

describe.each([new SpinThenWaitStrategy(16), new SleepingWaitStrategy()].map((s) => [s.name, s] as const))('%s', (_name, strategy) => {
  it('re-checks after prepareSleep(): work that appears as it goes to sleep is not missed', async () => {
    const bell = new Doorbell(allocateDoorbell());
    // Work appears exactly when the doorbell says asleep, and nobody rings:
    // without the re-check this would sleep for an hour.
    strategy.wait(bell, () => bell.sleeping, kHour);
    expect(bell.sleeping).toBe(false);
    await strategy.waitAsync(bell, () => bell.sleeping, kHour);
    expect(bell.sleeping).toBe(false);
  });
});

describe('sleeping strategies on an event-loop thread', () => {
  it.each([new SpinThenWaitStrategy(4), new SleepingWaitStrategy()])('$name waitAsync wakes on ring()', async (strategy) => {
    const sab = allocateDoorbell();
    const bell = new Doorbell(sab);
    let work = false;
    const waiting = strategy.waitAsync(bell, () => work, kHour);
    expect(bell.sleeping).toBe(true);
    work = true;
    new Doorbell(sab).ring();
    await waiting;
    expect(bell.sleeping).toBe(false);
  });

  it('busy-spin waitAsync yields to the event loop between rounds of polls', async () => {
    const bell = new Doorbell(allocateDoorbell());
    let work = false;
    setImmediate(() => { work = true; });
    await new BusySpinWaitStrategy().waitAsync(bell, () => work, kHour);
    expect(work).toBe(true);
    expect(bell.sleeping).toBe(false);
  });
});
