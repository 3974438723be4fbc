import { BenchWorker } from '../suites/bench-workers.js';
import {
  allocateWakeProbe, kCountWord, kMaxSamples, kRecordWord, kSamplesByteOffset, kStampSlots, kStampsByteOffset, kStopWord, kWakeWord,
} from './wake-probe-layout.js';

/**
 * The floor under any sleeping consumer's latency: how long this machine
 * takes from Atomics.notify to the notified, sleeping thread running, while
 * the host is under the same load. A thread of the bench process sleeps on a
 * word; a timer here notifies it once per `periodMs` (so it is always asleep
 * when notified) and the sleeper keeps each delay. A shard that sleeps
 * between ticks pays at least this on each wake-up; only a spinning one
 * does not.
 */
export class WakeProbe {
  private readonly words: Int32Array;
  private readonly stamps: Float64Array;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly sab: SharedArrayBuffer, private readonly worker: BenchWorker, private readonly periodMs: number) {
    this.words = new Int32Array(sab);
    this.stamps = new Float64Array(sab, kStampsByteOffset, kStampSlots);
  }

  static async start(periodMs = 1): Promise<WakeProbe> {
    const sab = allocateWakeProbe();
    return new WakeProbe(sab, await BenchWorker.start('wake-sleeper.worker', sab), periodMs);
  }

  /** Starts notifying and keeping samples (at most kMaxSamples). */
  begin(): void {
    this.end();
    Atomics.store(this.words, kCountWord, 0);
    Atomics.store(this.words, kRecordWord, 1);
    this.timer = setInterval(() => {
      const next = (Atomics.load(this.words, kWakeWord) + 1) | 0;
      this.stamps[next & (kStampSlots - 1)] = performance.timeOrigin + performance.now();
      Atomics.store(this.words, kWakeWord, next);
      Atomics.notify(this.words, kWakeWord);
    }, this.periodMs);
  }

  /** Stops notifying; returns the delays kept since begin(), µs. */
  end(): Float64Array {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    Atomics.store(this.words, kRecordWord, 0);
    const n = Math.min(Atomics.load(this.words, kCountWord), kMaxSamples);
    return new Float64Array(this.sab, kSamplesByteOffset, n).slice();
  }

  async stop(): Promise<void> {
    this.end();
    Atomics.store(this.words, kStopWord, 1);
    Atomics.notify(this.words, kWakeWord);
    await this.worker.join();
  }
}
