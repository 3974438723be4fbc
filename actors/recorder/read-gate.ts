import type { ActorDefinition } from '../../src/runtime/index.js';

/**
 * Takes onRecord away from the runtime's loop while the recorder may not
 * read (both batches sealed: ring-recorder.ts). The loop looks def.onRecord
 * up every round (run-loop.ts). Toggle it only between loop rounds: a record
 * the loop reads counts as read.
 *
 * Without onRecord the loop still sees records available, so it neither
 * parks nor yields to the event loop until its slice (sliceMs) is used up:
 * it would spin at full speed on a core that LMDB's write thread and the
 * producers need. So while paused the gate also installs a `produce` hook,
 * which the loop calls every round, and which naps kNapMs (Atomics.wait) and
 * produces nothing: the loop then idles through its slice, and the event
 * loop (where the write's completion arrives) still gets its turn at the
 * slice's end. A runtime call to pause an input would replace both.
 */
const kNapMs = 0.1;

export class ReadGate {
  private readonly napWord = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly def: Pick<ActorDefinition, 'onRecord' | 'produce'>,
    private readonly onRecord: NonNullable<ActorDefinition['onRecord']>,
  ) {}

  set(on: boolean): void {
    this.def.onRecord = on ? this.onRecord : undefined;
    this.def.produce = on ? undefined : this.nap;
  }

  private readonly nap = (): number => {
    Atomics.wait(this.napWord, 0, 0, kNapMs);
    return 0;
  };
}
