import { allocateDoorbell } from '../ring/doorbell.js';
import { allocateRing } from '../ring/ring-buffer.js';
import { allocateCounterBoard } from '../shared/counter-board.js';
import { allocateHeartbeatBoard } from '../shared/heartbeat-board.js';
import type { ActorWiring } from '../actor/wiring.js';
import type { Topology } from './topology.js';

/**
 * Every shared buffer of a system, allocated once by the host before any
 * worker starts and never replaced: a restarted actor is handed the same
 * rings, doorbell, heartbeat slot and counters, so it resumes exactly where
 * its predecessor stopped.
 */
export interface Allocation {
  readonly rings: ReadonlyMap<string, SharedArrayBuffer>;
  readonly doorbells: ReadonlyMap<string, SharedArrayBuffer>;
  readonly heartbeatBoard: SharedArrayBuffer;
  readonly heartbeatSlots: ReadonlyMap<string, number>;
  readonly counterBoard: SharedArrayBuffer;
}

/** Counter names are qualified by actor on the shared board: `actor.counter`. */
export function qualifiedCounter(actor: string, counter: string): string {
  return `${actor}.${counter}`;
}

export function allocate(topology: Topology): Allocation {
  const actors = topology.actors;
  const rings = new Map(topology.edges.map((e) => [e.name, allocateRing({ capacity: e.capacity, recordSize: e.recordSize })]));
  const doorbells = new Map(actors.map((a) => [a.name, allocateDoorbell()]));
  const heartbeatSlots = new Map(actors.map((a, i) => [a.name, i]));
  const counterNames = actors.flatMap((a) => a.counters.map((c) => qualifiedCounter(a.name, c)));
  return {
    rings,
    doorbells,
    heartbeatBoard: allocateHeartbeatBoard(actors.length),
    heartbeatSlots,
    counterBoard: allocateCounterBoard(counterNames),
  };
}

export interface WiringOptions {
  readonly incarnation: number;
  readonly heartbeatIntervalMs: number;
  readonly chaos: boolean;
  readonly logLevel: string;
}

export function wiringFor(topology: Topology, alloc: Allocation, actor: string, options: WiringOptions): ActorWiring {
  const decl = topology.get(actor);
  const ring = (edge: string): SharedArrayBuffer => alloc.rings.get(edge)!;
  return {
    name: actor,
    incarnation: options.incarnation,
    inputs: Object.fromEntries(
      topology.inputsOf(actor).map((e) => [e.to.port, { ring: ring(e.name), release: e.release }]),
    ),
    outputs: Object.fromEntries(
      topology.outputsOf(actor).map((e) => [
        e.from.port,
        {
          ring: ring(e.name),
          doorbell: alloc.doorbells.get(e.to.actor)!,
          policy: e.policy,
          batchSize: e.batchSize,
          conflateKeys: e.conflateKeys,
          blockTimeoutMs: e.blockTimeoutMs,
        },
      ]),
    ),
    doorbell: alloc.doorbells.get(actor)!,
    heartbeat: { board: alloc.heartbeatBoard, slot: alloc.heartbeatSlots.get(actor)!, intervalMs: options.heartbeatIntervalMs },
    counters: { board: alloc.counterBoard, names: decl.counters.map((c) => qualifiedCounter(actor, c)) },
    loop: decl.loop,
    chaos: options.chaos,
    logLevel: options.logLevel,
    config: decl.config,
  };
}
