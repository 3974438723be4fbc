import path from 'node:path';
import { stringOption, UsageError, type ParsedArgs } from '../cli-command.js';
import type { CommandIo } from '../command-contracts.js';

export const kDataOptionHelp = `  --data DIR     the recorder's data directory (recorder.path); default
                 RINGMASTER_DATA_DIR. Opened read-only unless the command writes.`;

/** --data, else RINGMASTER_DATA_DIR, as an absolute path. */
export function dataDirOption(args: ParsedArgs, io: CommandIo): string {
  const dir = stringOption(args, 'data') ?? io.env['RINGMASTER_DATA_DIR'];
  if (dir === undefined || dir === '') throw new UsageError('--data DIR is required (or set RINGMASTER_DATA_DIR)');
  return path.resolve(io.cwd, dir);
}

/** An optional positive integer option. */
export function countOption(args: ParsedArgs, name: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`--${name} "${text}" is not a count (an integer from 1 to 999999999)`);
  return Number(text);
}
