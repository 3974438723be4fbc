import { kExchangeNames } from '../../../market/exchange-ids.js';
import { kCanonicalSymbolPattern } from '../../../market/symbol-table.js';
import { stringOption, UsageError, type CliCommand, type ParsedArgs } from '../cli-command.js';
import type { ExportCliRequest, RunExport } from '../command-contracts.js';
import { loadImplementation } from '../load-implementation.js';
import { kTimeArgHelp, parseTimeArg } from '../time-arg.js';
import { dataDirOption, kDataOptionHelp } from './data-dir-option.js';
import { notAvailable } from './not-available.js';

const kFormats = ['jsonl', 'csv'] as const;

/** `ringmaster export ticks|spreads`: checks the filters here, then streams rows (src/market/store/export-cli.ts). */
export const kExportCommand: CliCommand = {
  name: 'export',
  summary: 'print recorded ticks or spread updates, one per line',
  synopsis: 'export ticks|spreads --data DIR [--symbol S] [--exchange E] [--since T] [--until T] [--format jsonl|csv]',
  help: `Prints recorded ticks (fields exchange, symbol, ts, recvTs, bid, ask, bidSize,
askSize, seq) or spread updates, one per line, in key order: by symbol, then
exchange, then time. Times appear in ISO 8601 and in microseconds.

${kDataOptionHelp}
  --symbol S     only this symbol (BASE-QUOTE, e.g. BTC-USDT)
  --exchange E   only this exchange (${kExchangeNames.join(', ')}); for spreads, either side
  --since T      from this time on (inclusive)
  --until T      before this time (exclusive)
                 T: ${kTimeArgHelp}
  --format F     jsonl (default) or csv (with a header line)

Exit codes: 0 (also when nothing matched), 1 when the store cannot be read.`,
  actions: ['ticks', 'spreads'],
  options: {
    data: { type: 'string' },
    symbol: { type: 'string' },
    exchange: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
  },
  async run(args, { io, now }) {
    const request = exportRequest(args, io, now());
    const impl = await loadImplementation<RunExport>(new URL('../../../market/store/export-cli.js', import.meta.url), 'runExport');
    if (!impl.ok) return notAvailable('export', impl.reason, io);
    return impl.fn(request);
  },
};

function exportRequest(args: ParsedArgs, io: ExportCliRequest['io'], nowMs: number): ExportCliRequest {
  const symbol = stringOption(args, 'symbol');
  if (symbol !== undefined && !kCanonicalSymbolPattern.test(symbol)) {
    throw new UsageError(`--symbol "${symbol}" is not BASE-QUOTE in upper-case letters and digits (e.g. BTC-USDT)`);
  }
  const exchange = stringOption(args, 'exchange');
  if (exchange !== undefined && !(kExchangeNames as readonly string[]).includes(exchange)) {
    throw new UsageError(`--exchange "${exchange}" is not one of ${kExchangeNames.join(', ')}`);
  }
  const format = stringOption(args, 'format') ?? 'jsonl';
  if (!(kFormats as readonly string[]).includes(format)) throw new UsageError(`--format "${format}" is not one of ${kFormats.join(', ')}`);
  const sinceUs = timeOption(args, 'since', nowMs);
  const untilUs = timeOption(args, 'until', nowMs);
  if (sinceUs !== undefined && untilUs !== undefined && untilUs <= sinceUs) throw new UsageError('--until must be later than --since');
  return {
    kind: args.action === 'spreads' ? 'spreads' : 'ticks',
    dataDir: dataDirOption(args, io),
    format: format as ExportCliRequest['format'],
    io,
    ...(symbol === undefined ? {} : { symbol }),
    ...(exchange === undefined ? {} : { exchange }),
    ...(sinceUs === undefined ? {} : { sinceUs }),
    ...(untilUs === undefined ? {} : { untilUs }),
  };
}

function timeOption(args: ParsedArgs, name: string, nowMs: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const us = parseTimeArg(text, nowMs);
  if (us === undefined) throw new UsageError(`--${name} "${text}" is not a time (${kTimeArgHelp})`);
  return us;
}
