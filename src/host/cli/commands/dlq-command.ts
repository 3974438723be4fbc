import { stringOption, type CliCommand } from '../cli-command.js';
import type { RunDlq } from '../command-contracts.js';
import { loadImplementation } from '../load-implementation.js';
import { countOption, dataDirOption, kDataOptionHelp } from './data-dir-option.js';
import { notAvailable } from './not-available.js';

/** `ringmaster dlq list|replay`: the dead-letter store (src/market/store/dlq-cli.ts). */
export const kDlqCommand: CliCommand = {
  name: 'dlq',
  summary: 'list or replay the dead-letter store (malformed or unexpected messages)',
  synopsis: 'dlq list|replay --data DIR [--source NAME] [--limit N]',
  help: `list    prints the kept messages, one per line, oldest first: source, reason,
        time received and the raw frame.
replay  feeds the kept messages through the current parsers again; the ones
        that now parse are recorded and removed, the others stay.

${kDataOptionHelp}
  --source NAME  only messages from this source (e.g. binance)
  --limit N      list: at most N messages (default 100)

Exit codes: 0, or 1 when the store cannot be read or a replay fails.`,
  actions: ['list', 'replay'],
  options: { data: { type: 'string' }, source: { type: 'string' }, limit: { type: 'string' } },
  async run(args, { io }) {
    const dataDir = dataDirOption(args, io);
    const source = stringOption(args, 'source');
    const limit = countOption(args, 'limit');
    const impl = await loadImplementation<RunDlq>(new URL('../../../market/store/dlq-cli.js', import.meta.url), 'runDlq');
    if (!impl.ok) return notAvailable('dlq', impl.reason, io);
    return impl.fn({
      action: args.action === 'replay' ? 'replay' : 'list',
      dataDir,
      io,
      ...(source === undefined || source === '' ? {} : { source }),
      ...(limit === undefined ? {} : { limit }),
    });
  },
};
