export { type WaitStrategy, type WaitStrategyConfig, createWaitStrategy } from './wait-strategy.js';
export { BusySpinWaitStrategy } from './busy-spin-wait-strategy.js';
export { SpinThenWaitStrategy, kDefaultSpins } from './spin-then-wait-strategy.js';
export { SleepingWaitStrategy } from './sleeping-wait-strategy.js';
