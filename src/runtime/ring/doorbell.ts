import { kDoorbellAsleep, kDoorbellAwake, kDoorbellByteLength, kDoorbellWord } from './ring-layout.js';

/**
 * A consumer's wake word. ONE per consumer actor, shared by every ring that
 * feeds it, so a consumer with many inputs sleeps on a single word.
 *
 * Protocol (no lost wake-up, no syscall while the consumer is awake):
 *   consumer: prepareSleep()  -- store 1 (Atomics, sequentially consistent)
 *             re-check every input ring; if any has work: cancelSleep()
 *             else sleep()    -- Atomics.wait while the word is still 1
 *   producer: publish head (Atomics.store), then ring():
 *             if the word is 1, swap it to 0 and Atomics.notify.
 * Both sides store then load through sequentially consistent atomics, so either
 * the consumer's re-check sees the new head, or the producer's ring() sees the
 * 1 and wakes it. While the word is 0, ring() is one plain Atomics.load.
 */
export function allocateDoorbell(): SharedArrayBuffer {
  return new SharedArrayBuffer(kDoorbellByteLength);
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
// Atomics.waitAsync is in Node 20 (V8 8.7+) but in TypeScript's ES2024 lib,
// which this project does not target.
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): WaitAsyncResult;
}).waitAsync;

export class Doorbell {
  private readonly word: Int32Array;

  constructor(sab: SharedArrayBuffer) {
    if (!(sab instanceof SharedArrayBuffer) || sab.byteLength !== kDoorbellByteLength) {
      throw new TypeError(`Doorbell: sab must be a SharedArrayBuffer from allocateDoorbell() (${kDoorbellByteLength} bytes)`);
    }
    this.word = new Int32Array(sab);
  }

  /** The consumer is about to sleep: from now on producers will notify. Re-check inputs after this. */
  prepareSleep(): void {
    Atomics.store(this.word, kDoorbellWord, kDoorbellAsleep);
  }

  /** The re-check after prepareSleep() found work: stay awake. */
  cancelSleep(): void {
    Atomics.store(this.word, kDoorbellWord, kDoorbellAwake);
  }

  /**
   * Blocks (Atomics.wait; worker threads) until ring() or `timeoutMs`. Returns
   * at once if a producer already rang after prepareSleep(). Leaves the word awake.
   */
  sleep(timeoutMs: number): void {
    Atomics.wait(this.word, kDoorbellWord, kDoorbellAsleep, timeoutMs);
    Atomics.store(this.word, kDoorbellWord, kDoorbellAwake);
  }

  /** As sleep(), without blocking the event loop (Atomics.waitAsync). Allocates a promise: not per record. */
  async sleepAsync(timeoutMs: number): Promise<void> {
    const result = waitAsync(this.word, kDoorbellWord, kDoorbellAsleep, timeoutMs);
    if (result.async) await result.value;
    Atomics.store(this.word, kDoorbellWord, kDoorbellAwake);
  }

  /** Producer side, after publishing: wake the consumer if, and only if, it said it sleeps. */
  ring(): void {
    if (Atomics.load(this.word, kDoorbellWord) === kDoorbellAsleep
      && Atomics.compareExchange(this.word, kDoorbellWord, kDoorbellAsleep, kDoorbellAwake) === kDoorbellAsleep) {
      Atomics.notify(this.word, kDoorbellWord);
    }
  }

  get sleeping(): boolean {
    return Atomics.load(this.word, kDoorbellWord) === kDoorbellAsleep;
  }
}
