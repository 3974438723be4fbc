export { ringByteLength, kDefaultRecordSize, kMaxCapacity } from './ring-layout.js';
export { type RingSpec, type RingStats, type RingConfig, allocateRing, readRingStats, readRingConfig } from './ring-buffer.js';
export { Doorbell, allocateDoorbell } from './doorbell.js';
export { type FullPolicy, fullPolicies, isFullPolicy } from './full-policy.js';
export { type ProducerOptions, type OfferOutcome, RingProducer, producerDefaults } from './ring-producer.js';
export { type RecordHandler, RingConsumer } from './ring-consumer.js';
