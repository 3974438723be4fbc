import { afterEach } from 'vitest';
import { CounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { childSpec, type RestartType } from '../../../src/runtime/supervisor/child-spec.js';
import { WorkerChild, type ChildExit } from '../../../src/runtime/supervisor/worker-child.js';
import { allocate, wiringFor } from '../../../src/runtime/system/allocation.js';
import { Topology } from '../../../src/runtime/system/topology.js';

export interface ProbeOptions {
  /** The actor fixture's module URL. */
  readonly entry: string;
  readonly counters: readonly string[];
  readonly restart: RestartType;
  readonly chaos: boolean;
  readonly config?: unknown;
}

export interface Probe {
  readonly child: WorkerChild;
  /** The probe actor's counter `name`, read from the shared board. */
  counter(name: string): number;
  /** Every exit the child reported, in order. */
  readonly exits: ChildExit[];
}

/**
 * One real worker, named `probe`, run by a bare WorkerChild (no supervisor),
 * its counters readable from the test; the child made by the test running
 * now is discarded and terminated after it, whatever happened. Call once at
 * the top of a test file.
 */
export function probeChildPerTest(): (o: ProbeOptions) => Probe {
  let child: WorkerChild | undefined;
  afterEach(async () => {
    child?.discardPrepared();
    await child?.terminate(true);
    child = undefined;
  });
  return (o) => {
    const topology = new Topology().actor({ name: 'probe', entry: o.entry, counters: [...o.counters], config: o.config });
    const alloc = allocate(topology);
    const board = new CounterBoard(alloc.counterBoard);
    const exits: ChildExit[] = [];
    child = new WorkerChild(
      childSpec({ name: 'probe', entry: o.entry, restart: o.restart }),
      (incarnation) => wiringFor(topology, alloc, 'probe', { incarnation, heartbeatIntervalMs: 100, chaos: o.chaos, logLevel: 'warn' }),
      (_c, exit) => exits.push(exit),
    );
    return { child, counter: (name) => board.value(`probe.${name}`), exits };
  };
}
