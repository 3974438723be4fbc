/**
 * Reading the config schema as data: which keys a mapping allows, whether a
 * path is a section, and every key with its default, allowed phrase and doc
 * line (for docs/config.md). Wrappers (default, refinements, nullable) are
 * looked through.
 */
import { z } from 'zod';
import type { KeyPath } from './config-layers.js';
import { allowedPhraseOf } from './schema-rules.js';

export interface KeyDoc {
  /** Dotted path, e.g. `exchanges.binance.breaker.maxMs`. */
  readonly path: string;
  readonly defaultValue: unknown;
  readonly allowed: string;
  readonly doc: string;
}

export interface SectionDoc {
  readonly path: string;
  readonly doc: string;
  readonly keys: readonly KeyDoc[];
}

/** The object schema at `path`, or undefined when `path` is not a section. */
export function sectionAt(root: z.ZodTypeAny, path: KeyPath): z.AnyZodObject | undefined {
  let node: z.ZodTypeAny | undefined = root;
  for (const part of path) {
    const object = asObject(node);
    if (object === undefined || typeof part !== 'string' || !Object.hasOwn(object.shape, part)) return undefined;
    node = object.shape[part] as z.ZodTypeAny;
  }
  return asObject(node);
}

/** The default of the key at `path`, or undefined when it has none (or is no key). */
export function defaultAt(root: z.ZodTypeAny, path: KeyPath): unknown {
  const last = path.at(-1);
  const parent = sectionAt(root, path.slice(0, -1));
  if (parent === undefined || typeof last !== 'string' || !Object.hasOwn(parent.shape, last)) return undefined;
  return defaultOf(parent.shape[last] as z.ZodTypeAny);
}

export function allowedKeysAt(root: z.ZodTypeAny, path: KeyPath): readonly string[] {
  const object = sectionAt(root, path);
  return object === undefined ? [] : Object.keys(object.shape);
}

/** The sections in document order, each with its own keys (not those of nested sections). */
export function describeSections(root: z.ZodTypeAny): SectionDoc[] {
  const out: SectionDoc[] = [];
  visit(root, []);
  return out;

  function visit(schema: z.ZodTypeAny, path: string[]): void {
    const object = asObject(schema);
    if (object === undefined) return;
    const keys: KeyDoc[] = [];
    const nested: [z.ZodTypeAny, string[]][] = [];
    for (const [key, child] of Object.entries(object.shape as z.ZodRawShape)) {
      if (asObject(child) !== undefined) {
        nested.push([child, [...path, key]]);
        continue;
      }
      keys.push({
        path: [...path, key].join('.'),
        defaultValue: defaultOf(child),
        allowed: allowedPhraseOf(child) ?? '',
        doc: child.description ?? '',
      });
    }
    out.push({ path: path.join('.'), doc: schema.description ?? '', keys });
    for (const [child, childPath] of nested) visit(child, childPath);
  }
}

function defaultOf(schema: z.ZodTypeAny): unknown {
  return schema instanceof z.ZodDefault ? (schema._def.defaultValue as () => unknown)() : undefined;
}

function asObject(schema: z.ZodTypeAny | undefined): z.AnyZodObject | undefined {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodObject) return node;
    if (node instanceof z.ZodDefault) node = node._def.innerType as z.ZodTypeAny;
    else if (node instanceof z.ZodEffects) node = node._def.schema as z.ZodTypeAny;
    else return undefined;
  }
}
