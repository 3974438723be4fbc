/**
 * Loading the config: YAML file(s) merged left to right, then the env
 * overrides, then validation against the schema (schema.ts). Every problem
 * found is reported at once in one ConfigError, one line per problem
 * (config-error.ts); nothing is half-applied.
 *
 * Which files: `file` if given (one path or several, merged left to right),
 * else the ':'-separated list in RINGMASTER_CONFIG, else none (schema
 * defaults). The CLI adds the packaged config/default.yaml when neither
 * --config nor RINGMASTER_CONFIG is given.
 *
 * The result is frozen, has every default filled in, and its recorder.path
 * is absolute (relative paths are resolved against `cwd`).
 */
import path from 'node:path';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { mergeLayers, readConfigFile, type ConfigLayer } from './config-layers.js';
import { describeIssues } from './describe-issues.js';
import { configFilesFromEnv, envLayers, type Env } from './env-overrides.js';
import { kConfigSchema, type RingmasterConfig } from './schema.js';
import { sectionAt } from './schema-walk.js';

export interface LoadConfigOptions {
  /** Config file(s), merged left to right. Default: RINGMASTER_CONFIG's list, else none. */
  readonly file?: string | readonly string[];
  /** Environment to read overrides from. Default process.env. */
  readonly env?: Env;
  /** Base of relative config file paths and of a relative recorder.path. Default process.cwd(). */
  readonly cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): RingmasterConfig {
  const env = options.env ?? process.env;
  const layers: ConfigLayer[] = [];
  const problems: ConfigIssue[] = [];
  for (const file of configFilesFor(options.file, env)) {
    try {
      layers.push(readConfigFile(file, options.cwd));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return validate([...layers, ...envLayers(env)], options.cwd);
}

/** The files loadConfig would read for these options, in merge order. */
export function configFilesFor(file: string | readonly string[] | undefined, env: Env): string[] {
  if (file !== undefined) return typeof file === 'string' ? [file] : [...file];
  return configFilesFromEnv(env);
}

export interface ParseConfigOptions {
  /** Names the input in errors. Default '(object)'. */
  readonly source?: string;
  /** Env overrides to apply on top. Default none (unlike loadConfig). */
  readonly env?: Env;
  readonly cwd?: string;
}

/** Validates an in-memory config (what a YAML file would hold): for tests and embedders. */
export function parseConfig(input: unknown, options: ParseConfigOptions = {}): RingmasterConfig {
  return validate([{ source: options.source ?? '(object)', value: input }, ...envLayers(options.env ?? {})], options.cwd);
}

/** Every key at its default. */
export function defaultConfig(): RingmasterConfig {
  return parseConfig({});
}

function validate(layers: readonly ConfigLayer[], cwd = process.cwd()): RingmasterConfig {
  const merged = mergeLayers(layers, (at) => sectionAt(kConfigSchema, at) !== undefined);
  const result = kConfigSchema.safeParse(merged.value);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, merged, kConfigSchema));
  const config = result.data;
  config.recorder.path = path.resolve(cwd, config.recorder.path);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
