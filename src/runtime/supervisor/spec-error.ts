/**
 * Turns zod issues into one line per bad field that names the path, the value
 * and what is allowed, e.g.
 *
 *   children[2].restart: 'always' is not one of permanent|transient|temporary
 *   heartbeat.ttl: unknown key (allowed: intervalMs, ttlMs)
 *   name: missing (a string is required)
 *
 * Values are read from the merged input the schema saw, so a message shows
 * what the user wrote (or the default it was merged with).
 */
import type { z } from 'zod';

export interface SpecIssue {
  /** Where in the input, e.g. `children[2].restart`; `(spec)` for the input itself. */
  readonly path: string;
  /** One line: `path: what is wrong (what is allowed)`. */
  readonly message: string;
}

/** A spec failed validation. `path` is the first bad field; `issues` lists them all. */
export class SpecError extends Error {
  readonly path: string;
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[]) {
    super(issues.map((issue) => issue.message).join('\n'));
    this.name = 'SpecError';
    this.issues = issues;
    this.path = issues[0]?.path ?? '(spec)';
  }
}

/**
 * `allowedKeys` maps an object's `kind` (for tree nodes) or its key in the
 * parent (for sub-objects such as `backoff`) to the keys it may have.
 */
export function specIssues(
  issues: readonly z.ZodIssue[],
  root: unknown,
  allowedKeys: Readonly<Record<string, readonly string[]>>,
): SpecIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const owner = valueAt(root, issue.path);
      const kind = isObject(owner) && typeof owner['kind'] === 'string' ? owner['kind'] : String(issue.path.at(-1));
      const allowed = allowedKeys[kind]?.join(', ') ?? '';
      return issue.keys.map((key) => line([...issue.path, key], `unknown key (allowed: ${allowed})`));
    }
    return [line(issue.path, explain(issue, valueAt(root, issue.path)))];
  });
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(spec)' : out;
}

function explain(issue: z.ZodIssue, value: unknown): string {
  const shown = show(value);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing (${article(issue.expected)} is required)`;
      return `${shown} is not ${article(issue.expected)}`;
    case 'invalid_enum_value':
    case 'invalid_union_discriminator':
      return `${shown} is not one of ${issue.options.map(String).join('|')}`;
    case 'invalid_literal':
      return `${shown} is not ${String(issue.expected)}`;
    case 'too_small':
      if (issue.type === 'string') return `${shown} is not allowed (must be a non-empty string)`;
      return `${shown} is not allowed (must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)})`;
    case 'too_big':
      return `${shown} is not allowed (must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)})`;
    case 'not_finite':
      return `${shown} is not a finite number`;
    default:
      // Regex and cross-field rules carry their own "must be ..." message.
      return `${shown} is not allowed (${issue.message})`;
  }
}

function line(path: ReadonlyArray<string | number>, text: string): SpecIssue {
  const where = formatPath(path);
  return { path: where, message: `${where}: ${text}` };
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
