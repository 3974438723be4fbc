import { describe, expect, it } from 'vitest';
import type { RestartType } from '../../../src/runtime/supervisor/child-spec.js';
import { isAbnormal, kExitReasons, type ExitReason } from '../../../src/runtime/supervisor/exit-reason.js';
import { shouldRestart } from '../../../src/runtime/supervisor/restart-decision.js';

// Written out by hand, cell by cell: the OTP rule as ops should read it.
const expected: Record<RestartType, Record<ExitReason, boolean>> = {
  permanent: { normal: true, shutdown: false, error: true, exit_nonzero: true, out_of_memory: true, hung: true },
  transient: { normal: false, shutdown: false, error: true, exit_nonzero: true, out_of_memory: true, hung: true },
  temporary: { normal: false, shutdown: false, error: false, exit_nonzero: false, out_of_memory: false, hung: false },
};

const cells = (Object.keys(expected) as RestartType[]).flatMap((type) =>
  kExitReasons.map((reason) => [type, reason, expected[type][reason]] as const),
);

describe('shouldRestart', () => {
  it('covers all 3 × 6 cells', () => {
    expect(cells).toHaveLength(18);
  });

  it.each(cells)('%s after %s -> %s', (type, reason, restart) => {
    expect(shouldRestart(type, reason)).toBe(restart);
  });

  it('matches the rule in words: permanent unless shutdown, transient iff abnormal, temporary never', () => {
    for (const reason of kExitReasons) {
      expect(shouldRestart('permanent', reason)).toBe(reason !== 'shutdown');
      expect(shouldRestart('transient', reason)).toBe(isAbnormal(reason));
      expect(shouldRestart('temporary', reason)).toBe(false);
    }
  });
});
