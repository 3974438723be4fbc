/**
 * Supervision specs (DESIGN.md §4): what to run, how to restart it, and how a
 * supervisor treats its children. Defaults are data (kChildDefaults,
 * kSupervisorDefaults); an input is merged with them and then validated, and a
 * bad field fails with its path, its value and what is allowed:
 *
 *   children[2].restart: 'always' is not one of permanent|transient|temporary
 *
 * Worker (child) spec, `kind: 'worker'` (the default kind when a node has no
 * `children` key):
 *   name            required. 1-64 of [A-Za-z0-9_.-], starting alphanumeric: it
 *                   appears in log lines and in /admin/actors/NAME URLs.
 *   entry           required, non-empty: file URL or path of the worker module.
 *   restart         'permanent' (default): restarted after any exit except a
 *                   requested shutdown. 'transient': only after an abnormal
 *                   exit. 'temporary': never restarted.
 *   shutdownMs      5000. Integer >= 0. Time a stopping worker gets to drain
 *                   before it is terminated; 0 terminates at once.
 *   heartbeat       intervalMs 100 (integer >= 1): how often the worker writes
 *                   its heartbeat slot. ttlMs 2000: silence for this long means
 *                   hung; the supervisor terminates the worker.
 *   backoff         initialMs 100, maxMs 5000 (integers >= 0), multiplier 2
 *                   (>= 1), jitter 0.2 (fraction in [0, 1]: the delay is spread
 *                   uniformly over ±jitter of its nominal value), resetAfterMs
 *                   10000 (integer >= 0): after running this long without a
 *                   failure the next restart counts as attempt 1 again.
 *   resourceLimits  optional; maxOldGenerationSizeMb, maxYoungGenerationSizeMb,
 *                   stackSizeMb, each a number > 0. Passed to the Worker; a
 *                   worker that exceeds them ends with reason out_of_memory.
 *   config          optional, anything: actor-specific, passed to the worker.
 *                   It must survive structured clone; that is not checked here.
 *
 * Supervisor spec, `kind: 'supervisor'` (the default kind when a node has a
 * `children` key):
 *   name            required, same rule as a worker name.
 *   strategy        'one_for_one' (default): only the failed child restarts.
 *                   'rest_for_one': the children started after it restart too.
 *   intensity       maxRestarts 5 (integer >= 0), withinMs 10000 (integer >= 1):
 *                   more than maxRestarts restarts within withinMs escalate to
 *                   the parent (at the root: graceful shutdown, non-zero exit).
 *   children        [] by default; workers and supervisors, in start order.
 *
 * Rejected combinations:
 *   - two siblings with the same name (names address children in the tree);
 *   - heartbeat.ttlMs < 2 × heartbeat.intervalMs (one late beat is not a hang);
 *   - backoff.maxMs < backoff.initialMs;
 *   - any key not listed above, at any level (a typo must not become a default);
 *   - kind 'worker' with `children`, or a supervisor with worker keys.
 * A key given as `undefined` counts as absent and takes its default.
 */
import { z } from 'zod';
import { SpecError, specIssues } from './spec-error.js';

export { SpecError, formatPath, type SpecIssue } from './spec-error.js';

export type RestartType = 'permanent' | 'transient' | 'temporary';
export type Strategy = 'one_for_one' | 'rest_for_one';

export interface BackoffSpec {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  /** Fraction: the delay is spread uniformly over ±jitter of its nominal value. */
  readonly jitter: number;
  /** Running time without failure after which the attempt count resets. */
  readonly resetAfterMs: number;
}

export interface HeartbeatSpec {
  readonly intervalMs: number;
  /** Heartbeat missing for this long => the worker is hung. */
  readonly ttlMs: number;
}

export interface ResourceLimitsSpec {
  readonly maxOldGenerationSizeMb?: number;
  readonly maxYoungGenerationSizeMb?: number;
  readonly stackSizeMb?: number;
}

export interface ChildSpec {
  readonly kind: 'worker';
  readonly name: string;
  /** File URL or path of the worker module. */
  readonly entry: string;
  readonly restart: RestartType;
  readonly shutdownMs: number;
  readonly heartbeat: HeartbeatSpec;
  readonly backoff: BackoffSpec;
  readonly resourceLimits?: ResourceLimitsSpec;
  /** Actor-specific, passed to the worker. */
  readonly config?: unknown;
}

export interface IntensitySpec {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

export interface SupervisorSpec {
  readonly kind: 'supervisor';
  readonly name: string;
  readonly strategy: Strategy;
  readonly intensity: IntensitySpec;
  readonly children: ReadonlyArray<ChildSpec | SupervisorSpec>;
}

export interface ChildSpecInput {
  kind?: 'worker';
  name: string;
  entry: string;
  restart?: RestartType;
  shutdownMs?: number;
  heartbeat?: Partial<HeartbeatSpec>;
  backoff?: Partial<BackoffSpec>;
  resourceLimits?: ResourceLimitsSpec;
  config?: unknown;
}

export interface SupervisorSpecInput {
  kind?: 'supervisor';
  name: string;
  strategy?: Strategy;
  intensity?: Partial<IntensitySpec>;
  children?: ReadonlyArray<ChildSpecInput | SupervisorSpecInput>;
}

export const kDefaultHeartbeat: HeartbeatSpec = Object.freeze({ intervalMs: 100, ttlMs: 2000 });

export const kDefaultBackoff: BackoffSpec = Object.freeze({
  initialMs: 100,
  maxMs: 5000,
  multiplier: 2,
  jitter: 0.2,
  resetAfterMs: 10_000,
});

export const kDefaultIntensity: IntensitySpec = Object.freeze({ maxRestarts: 5, withinMs: 10_000 });

export const kChildDefaults = Object.freeze({
  kind: 'worker',
  restart: 'permanent',
  shutdownMs: 5000,
  heartbeat: kDefaultHeartbeat,
  backoff: kDefaultBackoff,
} as const);

export const kSupervisorDefaults = Object.freeze({
  kind: 'supervisor',
  strategy: 'one_for_one',
  intensity: kDefaultIntensity,
  children: Object.freeze([]) as readonly never[],
} as const);

/** Merges `input` with the worker defaults and validates it; throws SpecError. */
export function childSpec(input: ChildSpecInput): ChildSpec {
  return parse(workerSchema, mergeNode(input, 'worker')) as ChildSpec;
}

/** Merges recursively (children included) and validates; throws SpecError. */
export function supervisorSpec(input: SupervisorSpecInput): SupervisorSpec {
  return parse(supervisorSchema, mergeNode(input, 'supervisor')) as SupervisorSpec;
}

// ---------------------------------------------------------------- merging

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defaults under the defined keys of `input`; a non-object input is left for zod to reject. */
function withDefaults(defaults: object, input: unknown): unknown {
  if (input === undefined) return { ...defaults };
  if (!isPlain(input)) return input;
  const merged: Plain = { ...defaults };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  return merged;
}

function mergeNode(input: unknown, fallbackKind: 'worker' | 'supervisor'): unknown {
  if (!isPlain(input)) return input;
  const kind = input['kind'] ?? fallbackKind;
  if (kind === 'supervisor') {
    const merged = withDefaults(kSupervisorDefaults, input) as Plain;
    merged['intensity'] = withDefaults(kDefaultIntensity, input['intensity']);
    const children = merged['children'];
    merged['children'] = Array.isArray(children)
      ? children.map((child: unknown) => mergeNode(child, isPlain(child) && 'children' in child ? 'supervisor' : 'worker'))
      : children;
    return merged;
  }
  if (kind !== 'worker') return { ...input, kind };
  const merged = withDefaults(kChildDefaults, input) as Plain;
  merged['heartbeat'] = withDefaults(kDefaultHeartbeat, input['heartbeat']);
  merged['backoff'] = withDefaults(kDefaultBackoff, input['backoff']);
  return merged;
}

// ---------------------------------------------------------------- schemas

const kNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const kNameRule = '1-64 of [A-Za-z0-9_.-], starting with a letter or digit';

const name = z.string().regex(kNamePattern, { message: kNameRule });
const wholeMs = (min: number) => z.number().int().min(min);

const heartbeatShape = { intervalMs: wholeMs(1), ttlMs: wholeMs(1) };
const heartbeatSchema = z
  .object(heartbeatShape)
  .strict()
  .superRefine((hb, ctx) => {
    if (hb.ttlMs < 2 * hb.intervalMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['ttlMs'],
        message: `must be >= 2 × heartbeat.intervalMs (${2 * hb.intervalMs}), so one late beat is not a hang`,
      });
    }
  });

const backoffShape = {
  initialMs: wholeMs(0),
  maxMs: wholeMs(0),
  multiplier: z.number().finite().min(1),
  jitter: z.number().min(0).max(1),
  resetAfterMs: wholeMs(0),
};
const backoffSchema = z
  .object(backoffShape)
  .strict()
  .superRefine((b, ctx) => {
    if (b.maxMs < b.initialMs) {
      ctx.addIssue({ code: 'custom', path: ['maxMs'], message: `must be >= backoff.initialMs (${b.initialMs})` });
    }
  });

const positiveMb = z.number().finite().positive();
const resourceLimitsShape = {
  maxOldGenerationSizeMb: positiveMb.optional(),
  maxYoungGenerationSizeMb: positiveMb.optional(),
  stackSizeMb: positiveMb.optional(),
};

const workerShape = {
  kind: z.literal('worker'),
  name,
  entry: z.string().min(1),
  restart: z.enum(['permanent', 'transient', 'temporary']),
  shutdownMs: wholeMs(0),
  heartbeat: heartbeatSchema,
  backoff: backoffSchema,
  resourceLimits: z.object(resourceLimitsShape).strict().optional(),
  config: z.unknown().optional(),
};
const workerSchema = z.object(workerShape).strict();

const intensityShape = { maxRestarts: z.number().int().min(0), withinMs: wholeMs(1) };

// z.lazy calls its getter on every parse; build the union once.
let nodeUnion: z.ZodType<ChildSpec | SupervisorSpec> | undefined;
const nodeSchema: z.ZodType<ChildSpec | SupervisorSpec> = z.lazy(
  () => (nodeUnion ??= z.discriminatedUnion('kind', [workerSchema, supervisorSchema])),
);

const supervisorShape = {
  kind: z.literal('supervisor'),
  name,
  strategy: z.enum(['one_for_one', 'rest_for_one']),
  intensity: z.object(intensityShape).strict(),
  children: z.array(nodeSchema).superRefine((children, ctx) => {
    const firstIndex = new Map<string, number>();
    children.forEach((child, i) => {
      const earlier = firstIndex.get(child.name);
      if (earlier === undefined) firstIndex.set(child.name, i);
      else ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `already the name of children[${earlier}]; sibling names must be unique`,
      });
    });
  }),
};
const supervisorSchema = z.object(supervisorShape).strict();

// Compile-time check that the schemas produce the declared interfaces.
type Assignable<T extends U, U> = T;
type _WorkerSchemaMatches = Assignable<z.infer<typeof workerSchema>, ChildSpec>;

/** Allowed keys per object kind, for "unknown key" messages. */
const kAllowedKeys: Readonly<Record<string, readonly string[]>> = {
  worker: Object.keys(workerShape),
  supervisor: Object.keys(supervisorShape),
  heartbeat: Object.keys(heartbeatShape),
  backoff: Object.keys(backoffShape),
  intensity: Object.keys(intensityShape),
  resourceLimits: Object.keys(resourceLimitsShape),
};

// ---------------------------------------------------------------- parsing

function parse(schema: z.ZodTypeAny, merged: unknown): unknown {
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  throw new SpecError(specIssues(result.error.issues, merged, kAllowedKeys));
}
