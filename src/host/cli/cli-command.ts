/**
 * The shape of one `ringmaster` subcommand (registry: commands.ts). A command
 * declares its options for util.parseArgs and its help text; the dispatcher
 * (run-cli.ts) parses and rejects bad command lines before `run` is called,
 * so `run` sees only known options and a valid action.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CommandIo } from './command-contracts.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export type OptionValue = string | boolean | string[] | undefined;

export interface ParsedArgs {
  /** The first positional when the command has actions (`ticks`, `list`, ...). */
  readonly action: string | undefined;
  readonly values: Readonly<Record<string, OptionValue>>;
}

export interface CliContext {
  readonly io: CommandIo;
  /** Milliseconds since the epoch (relative times such as `--since 15m`). */
  readonly now: () => number;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The command line without `ringmaster `, e.g. `dlq list|replay --data DIR`. */
  readonly synopsis: string;
  /** Printed by --help after the synopsis: what it does, each option, exit codes. */
  readonly help: string;
  /** When set, the first positional must be one of these. */
  readonly actions?: readonly string[];
  readonly options: OptionSpecs;
  /** Resolves to the exit code. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

/** A bad command line: printed as one line plus the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const value = args.values[name];
  return Array.isArray(value) ? value : undefined;
}
