import { describe, it } from 'vitest';
import type { FaultKind } from '../../../src/runtime/index.js';
import { faultUnderLoad } from './fault-under-load.js';
import { rigPerTest } from './rig-per-test.js';

// A recorder crash under load loses nothing and stores nothing twice (issue
// 5): a throw, a hang (the watchdog terminates the worker), a heap overflow,
// each while five producers write to the real recorder worker; `kill` is in
// repeated-kill.test.ts. The replacement resumes from the released ring
// positions. Shown (fault-under-load.ts): every record written to a ring is
// in the store exactly once and bit-exact, gap markers included; the rings
// are released up to what was written; a crash costs at most re-writing the
// batch that was in flight, under the same keys.

const t = rigPerTest();

const cases: Array<{ fault: FaultKind; reason: string }> = [
  { fault: 'crash', reason: 'error' },
  { fault: 'hang', reason: 'hung' },
  { fault: 'oom', reason: 'out_of_memory' },
];

describe('recorder: a crash under load loses nothing and stores nothing twice', () => {
  for (const { fault, reason } of cases) {
    it(fault, async () => {
      const dir = t.dir();
      await faultUnderLoad(dir, fault, 1, reason, t.track);
    });
  }
});
