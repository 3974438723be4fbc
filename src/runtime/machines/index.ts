/**
 * Lifecycle and breaker machines (STYLE.md habit 6): xstate data whose effects
 * are named actions provided by the code that runs them, with an injectable
 * clock so tests step time.
 */
export * from './child-lifecycle-machine.js';
export * from './actor-lifecycle-machine.js';
export * from './breaker-machine.js';
export * from './transition-log-record.js';
