import type { BenchSuite } from './bench-suite.js';

/** Placeholder until the ring's producer and consumer land in src/runtime/ring/. */
export const ringSuite: BenchSuite = {
  name: 'ring',
  async prepare() {
    return { ready: false, reason: 'the ring producer/consumer (src/runtime/ring/) is not written yet.' };
  },
  async runOnce() {
    throw new Error('ring suite: not implemented');
  },
};
