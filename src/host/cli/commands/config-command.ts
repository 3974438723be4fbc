import { stringify } from 'yaml';
import { loadConfig } from '../../config/load-config.js';
import { listOption, type CliCommand } from '../cli-command.js';
import { configFilesToLoad, kConfigOptionHelp } from '../config-files.js';
import { kExitOk } from '../exit-codes.js';

/**
 * `ringmaster config check|show`: validate a config before a restart, or see
 * what a set of files and env vars resolves to. Loads exactly as `start` does.
 */
export const kConfigCommand: CliCommand = {
  name: 'config',
  summary: 'check a config, or show it with every default filled in',
  synopsis: 'config check|show [--config FILE]...',
  help: `check  validates the config that start would load; prints "ok" and the files.
show   prints the effective config as YAML: files merged, env overrides applied,
       every default filled in (the admin token is never printed).

${kConfigOptionHelp}

Exit codes: 0 when valid; 78 when not (every problem printed, one line each).`,
  actions: ['check', 'show'],
  options: { config: { type: 'string', multiple: true } },
  async run(args, { io }) {
    const files = configFilesToLoad(listOption(args, 'config'), io);
    const config = loadConfig({ file: files, env: io.env, cwd: io.cwd });
    if (args.action === 'show') {
      const shown = { ...config, http: { ...config.http, adminToken: config.http.adminToken === null ? null : '(set, not shown)' } };
      io.stdout.write(stringify(shown));
    } else {
      io.stdout.write(`ok: ${files.join(', ')}\n`);
    }
    return kExitOk;
  },
};
