/**
 * A start gate: one Int32 word that holds a freshly started worker before it
 * touches anything shared, until its starter opens it.
 *
 * Why: a supervisor that knows an actor's worker is going down (it emitted
 * `error`, or is being terminated) starts the replacement's thread at once,
 * so that booting Node and loading the actor's code overlap the old thread's
 * teardown and the restart backoff. The replacement must not touch the rings
 * until the old worker is gone, so it waits here; the supervisor opens the
 * gate only once the old worker's `exit` was seen and the restart decided.
 *
 * Protocol: the word starts closed; the starter stores open and notifies
 * (once); the worker blocks in Atomics.wait while it reads closed. A blocked
 * worker can still be terminated (terminate() interrupts Atomics.wait), which
 * is how an unwanted replacement is discarded.
 */
const kGateWord = 0;
const kGateClosed = 0;
const kGateOpen = 1;
export const kStartGateByteLength = Int32Array.BYTES_PER_ELEMENT;

export function allocateStartGate(): SharedArrayBuffer {
  return new SharedArrayBuffer(kStartGateByteLength);
}

/** Starter side: lets the worker waiting on `gate` go on. Idempotent. */
export function openStartGate(gate: SharedArrayBuffer): void {
  const word = new Int32Array(gate);
  Atomics.store(word, kGateWord, kGateOpen);
  Atomics.notify(word, kGateWord);
}

/** Worker side: blocks the thread until the gate is open (at once if it already is). */
export function passStartGate(gate: SharedArrayBuffer): void {
  if (!(gate instanceof SharedArrayBuffer) || gate.byteLength !== kStartGateByteLength) {
    throw new TypeError(`start gate must be a SharedArrayBuffer from allocateStartGate() (${kStartGateByteLength} bytes)`);
  }
  const word = new Int32Array(gate);
  while (Atomics.load(word, kGateWord) === kGateClosed) Atomics.wait(word, kGateWord, kGateClosed);
}
