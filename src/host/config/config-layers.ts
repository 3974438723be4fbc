/**
 * A config is built from layers, merged left to right: each file given (in
 * order), then the env overrides. Mappings merge key by key; anything else (a
 * number, a string, null, a list) replaces what was there, so an overlay that
 * sets `symbols` replaces the whole list. Validation runs on the merged
 * result only, so a value that a later layer overrides is never checked.
 * Two exceptions, both about sections (keys whose value is a mapping):
 *   - a section left empty (`http:` with every key commented out, i.e. null)
 *     changes nothing;
 *   - a section that a layer gave a non-mapping value (`http: 5`) keeps that
 *     value, so the error is reported even if a later layer sets keys inside.
 *
 * Each key remembers the layer that set it last (its origin), so an error
 * names the file or env var to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, configIssue, type ConfigIssue } from './config-error.js';

export interface ConfigLayer {
  /** File path as given, env var name, or a label such as '(object)'. */
  readonly source: string;
  /** A mapping (checked by readConfigFile); anything else is reported by validation. */
  readonly value: unknown;
  /** Shown instead of the merged value in an error about this layer's keys (env vars: the raw text). */
  readonly shown?: ReadonlyMap<string, string>;
}

export interface MergedLayers {
  readonly value: unknown;
  /** Key of `pathKey(path)` → source of the layer that set it last. */
  readonly origins: ReadonlyMap<string, string>;
  /** Key of `pathKey(path)` → how to show its value (env vars). */
  readonly shown: ReadonlyMap<string, string>;
}

export type KeyPath = ReadonlyArray<string | number>;

export function pathKey(path: KeyPath): string {
  return path.join('\u0000');
}

/**
 * Reads and parses one YAML file; a missing, unreadable or malformed file is
 * a ConfigError. A relative `file` is read from `cwd` and named as given.
 */
export function readConfigFile(file: string, cwd = process.cwd()): ConfigLayer {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : e.message;
    throw new ConfigError([configIssue(file, '', `cannot read the config file (${reason})`)]);
  }
  return parseConfigText(text, file);
}

/** Parses YAML text; `source` names it in errors. An empty document is an empty mapping. */
export function parseConfigText(text: string, source: string): ConfigLayer {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // Only the first: later YAML errors are mostly echoes of it.
  const error = doc.errors[0];
  if (error !== undefined) throw new ConfigError([yamlIssue(source, error.message, error.linePos?.[0])]);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError([configIssue(source, '', `YAML error: ${(err as Error).message}`)]);
  }
  if (value === null || value === undefined) return { source, value: {} };
  if (!isMapping(value)) {
    throw new ConfigError([configIssue(source, '', `the file must be a mapping of keys (such as "shards: {count: 2}"), not ${describeKind(value)}`)]);
  }
  return { source, value };
}

/** `isSection(path)`: whether the schema expects a mapping at `path`. */
export function mergeLayers(layers: readonly ConfigLayer[], isSection: (path: KeyPath) => boolean): MergedLayers {
  const origins = new Map<string, string>();
  const shown = new Map<string, string>();
  let value: unknown = {};
  for (const layer of layers) {
    value = new LayerMerge(layer.source, origins, isSection).merge(value, layer.value, []);
    for (const [key, text] of layer.shown ?? []) shown.set(key, text);
  }
  return { value, origins, shown };
}

/** Source of the layer that set `path` or, failing that, its nearest parent (the root: the last layer); '' with no layers. */
export function originOf(merged: MergedLayers, path: KeyPath): string {
  for (let n = path.length; n >= 0; n--) {
    const source = merged.origins.get(pathKey(path.slice(0, n)));
    if (source !== undefined) return source;
  }
  return '';
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class LayerMerge {
  constructor(
    private readonly source: string,
    private readonly origins: Map<string, string>,
    private readonly isSection: (path: KeyPath) => boolean,
  ) {}

  merge(base: unknown, over: unknown, path: (string | number)[]): unknown {
    const section = this.isSection(path);
    if (section && over === null) return base;
    if (section && base !== undefined && !isMapping(base)) return base;
    this.origins.set(pathKey(path), this.source);
    if (!isMapping(over)) return over;
    const from = isMapping(base) ? base : {};
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(from)) define(out, key, from[key]);
    for (const key of Object.keys(over)) {
      define(out, key, this.merge(Object.hasOwn(from, key) ? from[key] : undefined, over[key], [...path, key]));
    }
    return out;
  }
}

/** Own data property even for a key such as `__proto__` (which must then fail as an unknown key). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function yamlIssue(source: string, message: string, at: { line: number; col: number } | undefined): ConfigIssue {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  const where = at === undefined ? source : `${source}:${at.line}:${at.col}`;
  return { source, path: '', line: `${where}: YAML syntax error: ${first}` };
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
