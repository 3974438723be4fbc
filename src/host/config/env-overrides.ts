/**
 * Environment overrides (DESIGN.md §8), applied after every config file:
 *
 *   RINGMASTER_CONFIG       config file(s) to load when no --config is given;
 *                           several are separated by ':' (path.delimiter) and
 *                           merge left to right like repeated --config
 *   RINGMASTER_HTTP_PORT    http.port
 *   RINGMASTER_DATA_DIR     recorder.path
 *   RINGMASTER_ADMIN_TOKEN  http.adminToken
 *
 * An empty variable counts as unset. A bad value is reported under the
 * variable's name with the text as given: `RINGMASTER_HTTP_PORT: "abc" is not
 * allowed (an integer from 0 to 65535)`.
 */
import path from 'node:path';
import { pathKey, type ConfigLayer } from './config-layers.js';

export const kConfigFileEnvVar = 'RINGMASTER_CONFIG';

export interface EnvOverride {
  readonly name: string;
  readonly path: readonly string[];
  /** Text → config value; text that is no valid value is passed on for validation to reject. */
  readonly parse: (text: string) => unknown;
}

export const kEnvOverrides: readonly EnvOverride[] = [
  { name: 'RINGMASTER_HTTP_PORT', path: ['http', 'port'], parse: (text) => (/^\d{1,15}$/.test(text) ? Number(text) : text) },
  { name: 'RINGMASTER_DATA_DIR', path: ['recorder', 'path'], parse: (text) => text },
  { name: 'RINGMASTER_ADMIN_TOKEN', path: ['http', 'adminToken'], parse: (text) => text },
];

export type Env = Readonly<Record<string, string | undefined>>;

/** One layer per variable that is set, so each key's origin is its variable. */
export function envLayers(env: Env): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  for (const override of kEnvOverrides) {
    const text = env[override.name];
    if (text === undefined || text === '') continue;
    let value: unknown = override.parse(text);
    for (const key of [...override.path].reverse()) value = { [key]: value };
    layers.push({ source: override.name, value, shown: new Map([[pathKey(override.path), JSON.stringify(text)]]) });
  }
  return layers;
}

/** The files named by RINGMASTER_CONFIG, in order; [] when unset. */
export function configFilesFromEnv(env: Env): string[] {
  const list = env[kConfigFileEnvVar];
  if (list === undefined || list === '') return [];
  return list.split(path.delimiter).filter((file) => file !== '');
}
