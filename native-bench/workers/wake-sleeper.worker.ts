import { parentPort, workerData } from 'node:worker_threads';
import {
  kCountWord, kMaxSamples, kRecordWord, kSamplesByteOffset, kStampSlots, kStampsByteOffset, kStopWord, kWakeWord,
} from '../e2e/wake-probe-layout.js';
import { kWorkerReady } from './bench-worker-data.js';

// The sleeping side of the wake probe: sleeps in Atomics.wait on the wake
// word, and on each wake-up keeps (its clock − the notifier's stamp) in µs:
// how long the OS took to run a sleeping thread that was notified.
const sab = workerData as SharedArrayBuffer;
const words = new Int32Array(sab);
const stamps = new Float64Array(sab, kStampsByteOffset, kStampSlots);
const samples = new Float64Array(sab, kSamplesByteOffset, kMaxSamples);

let seen = Atomics.load(words, kWakeWord);
parentPort?.postMessage(kWorkerReady);
while (Atomics.load(words, kStopWord) === 0) {
  Atomics.wait(words, kWakeWord, seen, 100);
  const now = performance.timeOrigin + performance.now();
  const word = Atomics.load(words, kWakeWord);
  if (word === seen) continue; // timed out: look at the stop word
  const firstMissed = (seen + 1) & (kStampSlots - 1);
  seen = word;
  const n = Atomics.load(words, kCountWord);
  if (Atomics.load(words, kRecordWord) === 1 && n < kMaxSamples) {
    samples[n] = (now - stamps[firstMissed]!) * 1000;
    Atomics.store(words, kCountWord, n + 1);
  }
}
