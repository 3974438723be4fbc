/**
 * Worker-side entry of the runtime: what an actor module imports to define
 * and run itself. Actor entries import from here, never from
 * src/runtime/index.ts, because a worker loads every module it imports
 * before it can report ready: the host-side half (supervisor, xstate
 * machines, topology, actor system) would add tens of milliseconds to every
 * actor start and restart and is never used inside a worker.
 *
 * Contract: nothing exported here may import host-side code
 * (src/runtime/system, supervisor, machines); test/unit/runtime/actor-entry-graph.test.ts
 * walks this module's import graph to keep it so.
 */
export { defineActor, type ActorContext, type ActorDefinition, type ActorInput, type CounterHandle } from './actor-definition.js';
export { runActor } from './actor-host.js';
export type { ActorRpc, ActorStats, DrainReport } from './actor-rpc.js';
export { kFaultKinds, type FaultKind } from './fault-injection.js';
export type { RingConsumer } from '../ring/ring-consumer.js';
export type { RingProducer, OfferOutcome } from '../ring/ring-producer.js';
