import { describe, expect, it } from 'vitest';
import {
  childSpec,
  kDefaultBackoff,
  kDefaultHeartbeat,
  kDefaultIntensity,
  SpecError,
  supervisorSpec,
  type ChildSpecInput,
  type SupervisorSpecInput,
} from '../../../src/runtime/supervisor/child-spec.js';

const worker = (name: string, extra: Record<string, unknown> = {}) => ({ name, entry: `./${name}.js`, ...extra });

function specError(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error('expected a SpecError, got none');
}

describe('childSpec defaults', () => {
  it('fills every default when only name and entry are given', () => {
    expect(childSpec({ name: 'binance', entry: 'file:///a.js' })).toEqual({
      kind: 'worker',
      name: 'binance',
      entry: 'file:///a.js',
      restart: 'permanent',
      shutdownMs: 5000,
      heartbeat: { intervalMs: 100, ttlMs: 2000 },
      backoff: { initialMs: 100, maxMs: 5000, multiplier: 2, jitter: 0.2, resetAfterMs: 10_000 },
    });
  });

  it('merges nested objects key by key and treats undefined as absent', () => {
    const spec = childSpec({
      name: 'a',
      entry: 'a.js',
      restart: undefined,
      heartbeat: { ttlMs: 5000 },
      backoff: { maxMs: 800, jitter: undefined },
    });
    expect(spec.restart).toBe('permanent');
    expect(spec.heartbeat).toEqual({ intervalMs: 100, ttlMs: 5000 });
    expect(spec.backoff).toEqual({ ...kDefaultBackoff, maxMs: 800 });
  });

  it('keeps resourceLimits and passes config through untouched', () => {
    const config = { symbols: ['BTC-USDT'], nested: { x: 1 } };
    const spec = childSpec({ name: 'a', entry: 'a.js', resourceLimits: { maxOldGenerationSizeMb: 64 }, config });
    expect(spec.resourceLimits).toEqual({ maxOldGenerationSizeMb: 64 });
    expect(spec.config).toBe(config);
  });

  it('never mutates the shared defaults', () => {
    const spec = childSpec({ name: 'a', entry: 'a.js' });
    expect(Object.isFrozen(kDefaultBackoff)).toBe(true);
    expect(spec.backoff).not.toBe(kDefaultBackoff);
    expect(kDefaultHeartbeat).toEqual({ intervalMs: 100, ttlMs: 2000 });
  });
});

describe('supervisorSpec defaults', () => {
  it('merges recursively and infers kind from the presence of children', () => {
    const spec = supervisorSpec({
      name: 'root',
      children: [worker('recorder'), { name: 'exchanges', strategy: 'rest_for_one', children: [worker('binance')] }],
    });
    expect(spec).toMatchObject({ kind: 'supervisor', strategy: 'one_for_one', intensity: kDefaultIntensity });
    const [recorder, exchanges] = spec.children;
    expect(recorder).toMatchObject({ kind: 'worker', name: 'recorder', restart: 'permanent' });
    expect(exchanges).toMatchObject({ kind: 'supervisor', strategy: 'rest_for_one', intensity: kDefaultIntensity });
    expect(exchanges?.kind === 'supervisor' && exchanges.children[0]).toMatchObject({ kind: 'worker', name: 'binance' });
  });

  it('accepts an empty supervisor and keeps children in order', () => {
    expect(supervisorSpec({ name: 'shards' }).children).toEqual([]);
    const names = supervisorSpec({ name: 's', children: ['c', 'a', 'b'].map((n) => worker(n)) }).children.map((c) => c.name);
    expect(names).toEqual(['c', 'a', 'b']);
  });

  it('is idempotent: a full spec passes through unchanged', () => {
    const spec = supervisorSpec({ name: 'root', children: [worker('a'), { name: 'sub', children: [worker('b')] }] });
    expect(supervisorSpec(spec as unknown as SupervisorSpecInput)).toEqual(spec);
  });

  it('allows equal names in different subtrees', () => {
    expect(() =>
      supervisorSpec({ name: 'root', children: [worker('a'), { name: 'sub', children: [worker('a')] }] }),
    ).not.toThrow();
  });
});

describe('spec errors name the path, the value and what is allowed', () => {
  const child = (extra: Record<string, unknown>) => () => childSpec({ name: 'a', entry: 'a.js', ...extra } as ChildSpecInput);
  const tree = (children: unknown[]) => () => supervisorSpec({ name: 'root', children } as SupervisorSpecInput);

  const cases: Array<[string, () => unknown, string, string]> = [
    [
      'bad restart type of a child',
      tree([worker('a'), worker('b'), worker('c', { restart: 'always' })]),
      'children[2].restart',
      "children[2].restart: 'always' is not one of permanent|transient|temporary",
    ],
    [
      'nested path',
      tree([worker('a'), { name: 'sub', children: [worker('b', { backoff: { jitter: 1.5 } })] }]),
      'children[1].children[0].backoff.jitter',
      'children[1].children[0].backoff.jitter: 1.5 is not allowed (must be <= 1)',
    ],
    [
      'duplicate sibling names',
      tree([worker('a'), worker('a')]),
      'children[1].name',
      "children[1].name: 'a' is not allowed (already the name of children[0]; sibling names must be unique)",
    ],
    [
      'strategy',
      () => supervisorSpec({ name: 'root', strategy: 'one_for_all' } as unknown as SupervisorSpecInput),
      'strategy',
      "strategy: 'one_for_all' is not one of one_for_one|rest_for_one",
    ],
    [
      'intensity below zero',
      () => supervisorSpec({ name: 'root', intensity: { maxRestarts: -1 } }),
      'intensity.maxRestarts',
      'intensity.maxRestarts: -1 is not allowed (must be >= 0)',
    ],
    [
      'heartbeat TTL shorter than two intervals',
      child({ heartbeat: { intervalMs: 100, ttlMs: 150 } }),
      'heartbeat.ttlMs',
      'heartbeat.ttlMs: 150 is not allowed (must be >= 2 × heartbeat.intervalMs (200), so one late beat is not a hang)',
    ],
    [
      'backoff cap below the initial delay',
      child({ backoff: { initialMs: 1000, maxMs: 500 } }),
      'backoff.maxMs',
      'backoff.maxMs: 500 is not allowed (must be >= backoff.initialMs (1000))',
    ],
    ['multiplier below 1', child({ backoff: { multiplier: 0.5 } }), 'backoff.multiplier', 'backoff.multiplier: 0.5 is not allowed (must be >= 1)'],
    ['fractional milliseconds', child({ shutdownMs: 1.5 }), 'shutdownMs', 'shutdownMs: 1.5 is not an integer'],
    ['a string for a number', child({ shutdownMs: '5s' }), 'shutdownMs', "shutdownMs: '5s' is not a number"],
    ['NaN', child({ heartbeat: { intervalMs: Number.NaN } }), 'heartbeat.intervalMs', 'heartbeat.intervalMs: NaN is not a number'],
    ['a number for an object', child({ heartbeat: 5 }), 'heartbeat', 'heartbeat: 5 is not an object'],
    [
      'unknown key',
      child({ heartbeat: { ttl: 3000 } }),
      'heartbeat.ttl',
      'heartbeat.ttl: unknown key (allowed: intervalMs, ttlMs)',
    ],
    [
      'unknown top-level key lists the worker keys',
      child({ restarts: 3 }),
      'restarts',
      'restarts: unknown key (allowed: kind, name, entry, restart, shutdownMs, heartbeat, backoff, resourceLimits, config)',
    ],
    ['missing entry', () => childSpec({ name: 'a' } as ChildSpecInput), 'entry', 'entry: missing (a string is required)'],
    ['empty entry', child({ entry: '' }), 'entry', "entry: '' is not allowed (must be a non-empty string)"],
    [
      'name with a slash',
      child({ name: 'a/b' }),
      'name',
      "name: 'a/b' is not allowed (1-64 of [A-Za-z0-9_.-], starting with a letter or digit)",
    ],
    ['unknown kind', tree([{ kind: 'thread', name: 'x' }]), 'children[0].kind', "children[0].kind: 'thread' is not one of worker|supervisor"],
    [
      'a worker with children',
      tree([{ kind: 'worker', name: 'x', entry: 'x.js', children: [] }]),
      'children[0].children',
      'children[0].children: unknown key (allowed: kind, name, entry, restart, shutdownMs, heartbeat, backoff, resourceLimits, config)',
    ],
    [
      'a supervisor with worker keys',
      tree([{ name: 'x', entry: 'x.js', children: [] }]),
      'children[0].entry',
      'children[0].entry: unknown key (allowed: kind, name, strategy, intensity, children)',
    ],
    ['resource limit zero', child({ resourceLimits: { stackSizeMb: 0 } }), 'resourceLimits.stackSizeMb', 'resourceLimits.stackSizeMb: 0 is not allowed (must be > 0)'],
    ['not an object at all', () => childSpec(5 as unknown as ChildSpecInput), '(spec)', '(spec): 5 is not an object'],
    ['children not an array', tree('a' as unknown as unknown[]), 'children', "children: 'a' is not an array"],
  ];

  it.each(cases)('%s', (_title, run, path, message) => {
    const error = specError(run);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toBe(message);
    expect(error.message.split('\n')[0]).toBe(message);
  });

  it('reports every bad field, one line each', () => {
    const error = specError(child({ shutdownMs: -1, restart: 'sometimes', backoff: { jitter: -0.1 } }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['restart', 'shutdownMs', 'backoff.jitter']);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('childSpec refuses a supervisor', () => {
    const error = specError(() => childSpec({ kind: 'supervisor', name: 'x' } as unknown as ChildSpecInput));
    expect(error.path).toBe('kind');
  });
});
