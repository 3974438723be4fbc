import { loadConfig } from '../../config/load-config.js';
import { listOption, type CliCommand } from '../cli-command.js';
import type { RunStart } from '../command-contracts.js';
import { configFilesToLoad, kConfigOptionHelp } from '../config-files.js';
import { loadImplementation } from '../load-implementation.js';
import { notAvailable } from './not-available.js';

/** `ringmaster start`: load and validate the config here (exit 78 on error), then run the host (src/host/start.ts). */
export const kStartCommand: CliCommand = {
  name: 'start',
  summary: 'run the host: exchanges, shards, recorder and the ops HTTP server',
  synopsis: 'start [--config FILE]...',
  help: `Runs ringmaster in the foreground until SIGINT or SIGTERM, which shut it down
gracefully (rings drained, recorder flushed).

${kConfigOptionHelp}

Exit codes: 0 after a clean shutdown; 1 after the root supervisor gave up
(restart intensity exceeded); 78 when the config is invalid (every problem is
printed, one line each, and nothing starts).`,
  options: { config: { type: 'string', multiple: true } },
  async run(args, { io }) {
    const configFiles = configFilesToLoad(listOption(args, 'config'), io);
    const config = loadConfig({ file: configFiles, env: io.env, cwd: io.cwd });
    const impl = await loadImplementation<RunStart>(new URL('../../start.js', import.meta.url), 'runStart');
    if (!impl.ok) return notAvailable('start', impl.reason, io);
    return impl.fn({ config, configFiles, io });
  },
};
