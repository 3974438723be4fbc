/**
 * The pure half of supervision (STYLE.md habit 3): specs and defaults, exit
 * classification, the restart table, the intensity window, the restart
 * planner and backoff. No threads, no I/O, no clock of its own; the mechanism
 * (index.ts) builds on these.
 */
export * from './child-spec.js';
export * from './exit-reason.js';
export * from './restart-decision.js';
export * from './intensity-window.js';
export * from './restart-planner.js';
export * from './backoff.js';
