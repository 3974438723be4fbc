import { describe, expect, it } from 'vitest';
import { Doorbell, allocateDoorbell } from '../../../src/runtime/ring/doorbell.js';

describe('Doorbell', () => {
  it('is awake until the consumer prepares to sleep', () => {
    const bell = new Doorbell(allocateDoorbell());
    expect(bell.sleeping).toBe(false);
    bell.prepareSleep();
    expect(bell.sleeping).toBe(true);
    bell.cancelSleep();
    expect(bell.sleeping).toBe(false);
  });

  it('ring() leaves an awake consumer alone and wakes a sleeping one (clears the word)', () => {
    const sab = allocateDoorbell();
    const consumer = new Doorbell(sab);
    const producer = new Doorbell(sab);
    producer.ring();
    expect(consumer.sleeping).toBe(false);
    consumer.prepareSleep();
    producer.ring();
    expect(consumer.sleeping).toBe(false);
  });

  it('sleep() returns at once when a producer rang between prepareSleep() and sleep()', () => {
    const sab = allocateDoorbell();
    const consumer = new Doorbell(sab);
    consumer.prepareSleep();
    new Doorbell(sab).ring();
    // Would block for an hour if the ring had been lost.
    consumer.sleep(3_600_000);
    expect(consumer.sleeping).toBe(false);
  });

  it('sleep() times out and leaves the word awake', () => {
    const bell = new Doorbell(allocateDoorbell());
    bell.prepareSleep();
    bell.sleep(1);
    expect(bell.sleeping).toBe(false);
  });

  it('sleepAsync() resolves when rung from the same thread', async () => {
    const sab = allocateDoorbell();
    const consumer = new Doorbell(sab);
    consumer.prepareSleep();
    const woke = consumer.sleepAsync(3_600_000);
    expect(consumer.sleeping).toBe(true);
    new Doorbell(sab).ring();
    await woke;
    expect(consumer.sleeping).toBe(false);
  });

  it('sleepAsync() times out', async () => {
    const bell = new Doorbell(allocateDoorbell());
    bell.prepareSleep();
    await bell.sleepAsync(1);
    expect(bell.sleeping).toBe(false);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => new Doorbell(new SharedArrayBuffer(4))).toThrow(/allocateDoorbell/);
  });
});
