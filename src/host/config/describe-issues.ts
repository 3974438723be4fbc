/**
 * zod issues → one ConfigIssue per bad key, naming the layer that set it
 * (file or env var), the key, the value as the user wrote it, and the
 * allowed phrase the schema attached to the key (schema-rules.ts):
 *
 *   config/bad.yaml: shards.count: 0 is not allowed (an integer from 1 to 64)
 *   config/bad.yaml: shards.cuont: unknown key (allowed: count, windowMs, ...)
 *   RINGMASTER_HTTP_PORT: "abc" is not allowed (an integer from 0 to 65535)
 *
 * A key fails once however many of its checks failed. The admin token is
 * never echoed, only its length.
 */
import type { z } from 'zod';
import { configIssue, type ConfigIssue } from './config-error.js';
import { kEnvOverrides } from './env-overrides.js';
import { originOf, pathKey, type KeyPath, type MergedLayers } from './config-layers.js';
import { kSentenceParam } from './schema-rules.js';
import { allowedKeysAt, defaultAt } from './schema-walk.js';

/** Keys whose value must not appear in an error (it ends up in logs). */
const kSecretPaths = new Set([pathKey(['http', 'adminToken'])]);

export function describeIssues(issues: readonly z.ZodIssue[], merged: MergedLayers, schema: z.ZodTypeAny): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (path: KeyPath, text: string): void => {
    const key = pathKey(path);
    if (seen.has(key)) return;
    seen.add(key);
    const source = originOf(merged, path);
    // An env var stands for exactly one key, so its name is the whole address.
    const fromEnv = kEnvOverrides.some((o) => o.name === source);
    out.push({ ...configIssue(source, fromEnv ? '' : formatKeyPath(path), text), path: formatKeyPath(path) });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path).join(', ');
      for (const key of issue.keys) add([...issue.path, key], `unknown key (allowed: ${allowed})`);
    } else if (issue.code === 'custom' && issue.params?.[kSentenceParam] === true) {
      add(issue.path, issue.message);
    } else {
      add(issue.path, `${showValue(issue.path, merged, schema)} is not allowed (${issue.message})`);
    }
  }
  return out;
}

/** `exchanges.okx.url`, `symbols[2]`; '' for the whole config. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

function showValue(path: KeyPath, merged: MergedLayers, schema: z.ZodTypeAny): string {
  const key = pathKey(path);
  const found = valueAt(merged.value, path);
  const value = found.present ? found.value : defaultAt(schema, path);
  if (kSecretPaths.has(key) && typeof value === 'string') return `a string of ${value.length} characters`;
  const text = merged.shown.get(key) ?? show(value);
  return found.present ? text : `${text} (the default)`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value);
  if (typeof value !== 'object' || value === null || json.length <= 60) return json;
  return Array.isArray(value) ? `a list of ${value.length} items` : 'a mapping';
}

function valueAt(root: unknown, path: KeyPath): { present: boolean; value: unknown } {
  let node = root;
  for (const part of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return { present: false, value: undefined };
    node = (node as Record<string | number, unknown>)[part];
  }
  return { present: node !== undefined, value: node };
}
