/**
 * Which config files `start` and `config` load, first match wins:
 *   1. every --config FILE, merged left to right;
 *   2. RINGMASTER_CONFIG (several separated by ':');
 *   3. the packaged config/default.yaml (embedded simulator on).
 * Paths are shown as the user gave them; the packaged default relative to the
 * working directory when it is inside it (`config/default.yaml` under npm start).
 */
import path from 'node:path';
import { configFilesFromEnv } from '../config/env-overrides.js';
import type { CommandIo } from './command-contracts.js';
import { packagedDefaultConfig } from './package-root.js';

export function configFilesToLoad(flagged: readonly string[] | undefined, io: CommandIo): string[] {
  if (flagged !== undefined && flagged.length > 0) return [...flagged];
  const fromEnv = configFilesFromEnv(io.env);
  if (fromEnv.length > 0) return fromEnv;
  const packaged = packagedDefaultConfig();
  const relative = path.relative(io.cwd, packaged);
  return [relative.startsWith('..') || path.isAbsolute(relative) ? packaged : relative];
}

export const kConfigOptionHelp = `  --config FILE  config file to load; repeat to merge several, left to right
                 (a later file overrides the keys it names). Without it:
                 RINGMASTER_CONFIG (':'-separated list), else the packaged
                 config/default.yaml (embedded simulator, no network).
Environment: RINGMASTER_HTTP_PORT, RINGMASTER_DATA_DIR and RINGMASTER_ADMIN_TOKEN
override http.port, recorder.path and http.adminToken. Keys: docs/config.md.`;
