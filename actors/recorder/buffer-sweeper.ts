import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Frees lmdb-js's spent write buffers in time. lmdb-js queues asynchronous
 * puts and removes in 64 KiB SharedArrayBuffers (write.js,
 * allocateInstructionBuffer), a new one every ~1300 operations, dropped once
 * they commit: about 50 bytes of garbage per recorded record. V8 frees a
 * SharedArrayBuffer's memory only in a full (mark-compact) GC, which the
 * recorder's small, steady heap almost never needs: measured at 82 k
 * records/s, the worker's ArrayBuffers grew by 3.8 MiB/s, to 288 MiB after
 * 5.7 M records, and stayed there (a larger young generation did not help;
 * a full GC brings them back to the ~20 MiB baseline).
 *
 * So the writer calls check() after queueing each batch: when the thread's
 * ArrayBuffer bytes (process.memoryUsage, ~4 µs) have grown by more than
 * slackBytes since the last full GC, it runs one (~5 ms for the recorder's
 * heap, while LMDB's write thread goes on with the batch). The bound is then
 * about slackBytes of such garbage; at 1 M records/s that is one GC every
 * ~0.6 s with the default 32 MiB.
 *
 * The full GC is V8's `gc` function, which needs --expose-gc: it is taken
 * from a fresh vm context created while that flag is set, and the flag is
 * cleared again, so no other context (or worker) gets a global `gc`. If V8
 * refuses, `enabled` is false and check() does nothing.
 */
export const kDefaultSlackBytes = 32 * 1024 * 1024;

export class BufferSweeper {
  private readonly gc: (() => void) | null;
  private limitBytes: number;
  private sweeps = 0;

  constructor(
    private readonly slackBytes = kDefaultSlackBytes,
    private readonly arrayBufferBytes: () => number = () => process.memoryUsage().arrayBuffers,
    /** null: no full GC is available (check() does nothing). */
    gc: (() => void) | null = fullGc(),
  ) {
    if (!Number.isInteger(slackBytes) || slackBytes <= 0) throw new RangeError(`BufferSweeper.slackBytes: ${slackBytes} must be a positive integer`);
    this.gc = gc;
    this.limitBytes = this.arrayBufferBytes() + slackBytes;
  }

  get enabled(): boolean {
    return this.gc !== null;
  }

  /** Full GCs run so far. */
  get count(): number {
    return this.sweeps;
  }

  /** Runs a full GC if ArrayBuffer bytes grew past the limit; cheap otherwise. */
  check(): void {
    if (this.gc === null || this.arrayBufferBytes() < this.limitBytes) return;
    this.gc();
    this.sweeps++;
    this.limitBytes = this.arrayBufferBytes() + this.slackBytes;
  }
}

/** V8's full-GC function without --expose-gc on the command line, or null. */
function fullGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
