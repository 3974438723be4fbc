/**
 * ringmaster runtime: actors on worker threads, SPSC rings over
 * SharedArrayBuffer, OTP-style supervision. Knows nothing of markets.
 * Guide: docs/runtime.md.
 */
// Worker side: defining and running an actor. Actor modules import these
// from './actor/index.js' directly, which loads none of the host side below.
export {
  defineActor,
  runActor,
  kFaultKinds,
  type ActorContext,
  type ActorDefinition,
  type ActorInput,
  type CounterHandle,
  type ActorRpc,
  type ActorStats,
  type DrainReport,
  type FaultKind,
} from './actor/index.js';
// Host side: declaring and running a system.
export { Topology, TopologyError, kDefaultEdge, type ActorDecl, type EdgeDecl, type EdgeOptions } from './system/topology.js';
export { HostEndpoint, type EndpointHandler, type EndpointOptions } from './system/host-endpoint.js';
export { ActorSystem, type ActorSystemOptions, type ActorView, type StopReport, type TreeDecl } from './system/actor-system.js';
// Data plane.
export { allocateRing, readRingStats, type RingSpec, type RingStats } from './ring/ring-buffer.js';
export { RingProducer, type ProducerOptions, type OfferOutcome } from './ring/ring-producer.js';
export { RingConsumer } from './ring/ring-consumer.js';
export { Doorbell, allocateDoorbell } from './ring/doorbell.js';
export type { FullPolicy } from './ring/full-policy.js';
