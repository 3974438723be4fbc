/**
 * util.parseArgs for one command, with its errors turned into one-line
 * UsageErrors (`unknown option --foo`, `option --data needs a value`) instead
 * of node's multi-sentence messages. Also refused: a single-valued option
 * given twice (the last would silently win), a missing or unknown action, and
 * stray arguments.
 */
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type ParsedArgs } from './cli-command.js';

export interface ParsedCommandLine extends ParsedArgs {
  readonly help: boolean;
}

export function parseCommandArgs(command: CliCommand, argv: readonly string[]): ParsedCommandLine {
  const options = { ...command.options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(describeParseError(err));
  }
  const { values, positionals, tokens } = parsed;
  const help = values.help === true;
  if (!help) {
    rejectRepeats(command, tokens);
    checkPositionals(command, positionals);
  }
  return { action: command.actions === undefined ? undefined : positionals[0], values, help };
}

function rejectRepeats(command: CliCommand, tokens: ReadonlyArray<{ kind: string; name?: string }>): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name) && command.options[token.name]?.multiple !== true) {
      throw new UsageError(`option --${token.name} given twice`);
    }
    seen.add(token.name);
  }
}

function checkPositionals(command: CliCommand, positionals: readonly string[]): void {
  const actions = command.actions;
  let rest = positionals;
  if (actions !== undefined) {
    const action = positionals[0];
    if (action === undefined) throw new UsageError(`missing what to do (${actions.join('|')})`);
    if (!actions.includes(action)) throw new UsageError(`unknown action "${action}" (expected ${actions.join('|')})`);
    rest = positionals.slice(1);
  }
  if (rest[0] !== undefined) throw new UsageError(`unexpected argument "${rest[0]}"`);
}

function describeParseError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const option = /'(?:-[A-Za-z], )?(-{1,2}[A-Za-z0-9-]+)/.exec(message)?.[1];
  if (option !== undefined) {
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
    if (/does not take an argument/.test(message)) return `option ${option} takes no value`;
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option ${option} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}
