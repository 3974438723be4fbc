import type { ActorDefinition, ActorInput } from '../../src/runtime/index.js';

/**
 * Paces the runtime's loop for the recorder, whose reading pauses while both
 * of its batches are sealed (ring-recorder.ts).
 *
 * Pausing: set(false) takes onRecord away from the loop, which looks it up
 * every round (run-loop.ts). Toggle it only between loop rounds: a record
 * the loop reads counts as read.
 *
 * Pacing: installed as the actor's `produce` hook before the loop starts,
 * which makes the loop yield to the event loop after every round that read
 * nothing, instead of parking on the doorbell (a park blocks the thread, up
 * to parkMs, while the write completion waits in the event loop) or, as it
 * does while records are available, running rounds without a turn of the
 * event loop for a whole slice (sliceMs). It reads nothing itself; it naps:
 *
 *   paused              kPausedNapMs per round: a write's completion is seen
 *                       within about that, and the thread stays nearly idle
 *                       instead of spinning on records it may not read;
 *   reading, rings empty  from kPausedNapMs doubling up to kIdleNapMs while
 *                       the rings stay empty: an idle recorder wakes at most
 *                       1/kIdleNapMs times a second, and its batch timer
 *                       (batchMs) runs at most kIdleNapMs late;
 *   records waiting     no nap.
 *
 * A runtime notion of a paused input (the loop treating it as empty and
 * yielding rather than parking) would replace this.
 */
const kPausedNapMs = 0.1;
const kIdleNapMs = 2;

export class ReadGate {
  private readonly napWord = new Int32Array(new SharedArrayBuffer(4));
  private paused = false;
  private idleNapMs = kPausedNapMs;

  constructor(
    private readonly def: Pick<ActorDefinition, 'onRecord'>,
    private readonly onRecord: NonNullable<ActorDefinition['onRecord']>,
    private readonly inputs: readonly ActorInput[],
  ) {}

  set(on: boolean): void {
    this.def.onRecord = on ? this.onRecord : undefined;
    this.paused = !on;
  }

  /** The actor's produce hook: produces nothing, naps as above. */
  readonly pace = (): number => {
    if (this.paused) {
      Atomics.wait(this.napWord, 0, 0, kPausedNapMs);
    } else if (this.empty()) {
      Atomics.wait(this.napWord, 0, 0, this.idleNapMs);
      this.idleNapMs = Math.min(kIdleNapMs, this.idleNapMs * 2);
    } else {
      this.idleNapMs = kPausedNapMs;
    }
    return 0;
  };

  private empty(): boolean {
    for (const input of this.inputs) if (input.consumer.available() > 0) return false;
    return true;
  }
}
