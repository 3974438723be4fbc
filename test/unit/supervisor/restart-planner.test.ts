import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRestart, planShutdown } from '../../../src/runtime/supervisor/restart-planner.js';

const children = ['a', 'b', 'c', 'd'] as const;

describe('planRestart one_for_one', () => {
  it.each(children)('restarts only %s', (failed) => {
    expect(planRestart('one_for_one', failed, children)).toEqual({ stop: [], start: [failed] });
  });
});

describe('planRestart rest_for_one', () => {
  it.each([
    ['a', ['d', 'c', 'b'], ['a', 'b', 'c', 'd']],
    ['b', ['d', 'c'], ['b', 'c', 'd']],
    ['c', ['d'], ['c', 'd']],
    ['d', [], ['d']],
  ])('%s failed: stop %j, start %j', (failed, stop, start) => {
    expect(planRestart('rest_for_one', failed, children)).toEqual({ stop, start });
  });

  it('stops a temporary later sibling but does not start it again', () => {
    expect(planRestart('rest_for_one', 'a', children, new Set(['c']))).toEqual({
      stop: ['d', 'c', 'b'],
      start: ['a', 'b', 'd'],
    });
  });

  it('holds for any list: stop is the later siblings newest first, start is failed then them in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.nat(), (names, pick) => {
        const index = pick % names.length;
        const failed = names[index]!;
        const plan = planRestart('rest_for_one', failed, names);
        expect(plan.stop).not.toContain(failed);
        expect([...plan.stop].reverse()).toEqual(names.slice(index + 1));
        expect(plan.start).toEqual([failed, ...names.slice(index + 1)]);
      }),
    );
  });
});

describe('planRestart contract', () => {
  it('rejects a failed child that is not among the children', () => {
    expect(() => planRestart('one_for_one', 'x', children)).toThrow("planRestart: 'x' is not among the children [a, b, c, d]");
  });

  it('does not mutate the input list', () => {
    const names = ['a', 'b', 'c'];
    planRestart('rest_for_one', 'a', names);
    expect(names).toEqual(['a', 'b', 'c']);
  });
});

describe('planShutdown', () => {
  it('stops newest first without touching the input', () => {
    const names = ['recorder', 'shards', 'exchanges'];
    expect(planShutdown(names)).toEqual(['exchanges', 'shards', 'recorder']);
    expect(names).toEqual(['recorder', 'shards', 'exchanges']);
    expect(planShutdown([])).toEqual([]);
  });
});
