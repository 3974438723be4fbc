import { SeededRandom } from '../../actors/simulator/seeded-random.js';

/**
 * Which actor to fault next, and how: a seeded, replayable sequence (same
 * seed, same actors, same faults). `faults` lists what each actor may
 * suffer; an actor missing from it gets every kind in `kChaosFaults`.
 * Never the same actor twice in a row when there is a choice, so one
 * supervisor's restart intensity is not spent on one child.
 */
export const kChaosFaults = ['kill', 'crash', 'hang'] as const;
export type ChaosFault = (typeof kChaosFaults)[number];

export interface ChaosStep {
  readonly actor: string;
  readonly fault: ChaosFault;
}

export class ChaosPlan {
  private readonly random: SeededRandom;
  private last: string | undefined;

  constructor(
    private readonly actors: readonly string[],
    seed: number,
    private readonly faults: Readonly<Record<string, readonly ChaosFault[]>> = {},
  ) {
    if (actors.length === 0) throw new RangeError('ChaosPlan: actors must not be empty');
    for (const a of actors) {
      if (this.faultsOf(a).length === 0) throw new RangeError(`ChaosPlan: actor "${a}" has no allowed fault`);
    }
    this.random = new SeededRandom(seed);
  }

  next(): ChaosStep {
    const pool = this.actors.length > 1 ? this.actors.filter((a) => a !== this.last) : this.actors;
    const actor = pool[this.pick(pool.length)]!;
    const allowed = this.faultsOf(actor);
    const fault = allowed[this.pick(allowed.length)]!;
    this.last = actor;
    return { actor, fault };
  }

  private faultsOf(actor: string): readonly ChaosFault[] {
    return this.faults[actor] ?? kChaosFaults;
  }

  private pick(n: number): number {
    return this.random.nextUint32() % n;
  }
}
