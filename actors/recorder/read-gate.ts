import type { ActorDefinition } from '../../src/runtime/index.js';

/**
 * Takes onRecord away from the runtime's loop while a write is in flight
 * (the loop looks def.onRecord up every round, run-loop.ts; a runtime call
 * to pause an input, or a release up to a mark, would replace this). The loop then sees records it may not read and would spin through the
 * event loop at full speed (its park returns at once while records are
 * available); a nap of kNapMs per event-loop turn keeps the thread nearly
 * idle instead, and delays the write's completion by at most that much.
 */
const kNapMs = 0.1;

export class ReadGate {
  private readonly napWord = new Int32Array(new SharedArrayBuffer(4));
  private paused = false;

  constructor(
    private readonly def: Pick<ActorDefinition, 'onRecord'>,
    private readonly onRecord: NonNullable<ActorDefinition['onRecord']>,
  ) {}

  set(on: boolean): void {
    this.def.onRecord = on ? this.onRecord : undefined;
    const wasPaused = this.paused;
    this.paused = !on;
    if (this.paused && !wasPaused) setImmediate(this.nap);
  }

  private readonly nap = (): void => {
    if (!this.paused) return;
    Atomics.wait(this.napWord, 0, 0, kNapMs);
    setImmediate(this.nap);
  };
}
