// Shared-memory boards of the actor runtime (DESIGN.md §3): heartbeats and
// hot-path counters. Layout constants stay in the *-layout.ts modules.
export { allocateHeartbeatBoard, HeartbeatBoard } from './heartbeat-board.js';
export { HeartbeatState, kNeverBeat } from './heartbeat-layout.js';
export { allocateCounterBoard, CounterBoard, type CounterHandle } from './counter-board.js';
export { counterOwner } from './counter-layout.js';
