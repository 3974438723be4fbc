/**
 * The `ringmaster` command line: picks the subcommand, parses its options
 * and turns every outcome into an exit code (exit-codes.ts):
 *
 *   ringmaster --help | help [COMMAND] | --version
 *   ringmaster COMMAND --help
 *   ringmaster COMMAND ...       (commands.ts)
 *
 * A bad command line prints one line and the usage on stderr (exit 2); an
 * invalid config prints its problems, one per line, and never a stack trace
 * (exit 78); anything else unexpected is a bug and is printed with its stack
 * (exit 70).
 */
import { ConfigError } from '../config/config-error.js';
import { UsageError, type CliCommand, type CliContext } from './cli-command.js';
import { findCommand, kCommands } from './commands.js';
import { kExitConfig, kExitOk, kExitSoftware, kExitUsage } from './exit-codes.js';
import { packageVersion } from './package-root.js';
import { parseCommandArgs } from './parse-command-args.js';

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const [name, ...rest] = argv;
  if (name === undefined) {
    stderr.write(topUsage());
    return kExitUsage;
  }
  if (name === '--help' || name === '-h' || name === 'help') return help(rest[0], ctx);
  if (name === '--version' || name === '-V') {
    stdout.write(`ringmaster ${packageVersion()}\n`);
    return kExitOk;
  }
  const command = findCommand(name);
  if (command === undefined) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    stderr.write(`ringmaster: ${what}\n${topUsage()}`);
    return kExitUsage;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      stdout.write(commandHelp(command));
      return kExitOk;
    }
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`ringmaster ${command.name}: ${err.message}\nusage: ringmaster ${command.synopsis}\nRun 'ringmaster ${command.name} --help' for details.\n`);
      return kExitUsage;
    }
    if (err instanceof ConfigError) {
      stderr.write(`${err.message}\n`);
      return kExitConfig;
    }
    stderr.write(`ringmaster ${command.name}: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return kExitSoftware;
  }
}

function help(topic: string | undefined, { io }: CliContext): number {
  if (topic === undefined) {
    io.stdout.write(topUsage());
    return kExitOk;
  }
  const command = findCommand(topic);
  if (command === undefined) {
    io.stderr.write(`ringmaster: unknown command "${topic}"\n${topUsage()}`);
    return kExitUsage;
  }
  io.stdout.write(commandHelp(command));
  return kExitOk;
}

export function topUsage(): string {
  const width = Math.max(...kCommands.map((c) => c.name.length));
  const list = kCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `usage: ringmaster <command> [options]

Commands:
${list}

Run 'ringmaster <command> --help' for its options; configuration keys are in docs/config.md.
Exit codes: 0 ok, 1 failed, 2 bad command line, 69 not available in this build, 78 invalid config.
`;
}

function commandHelp(command: CliCommand): string {
  return `usage: ringmaster ${command.synopsis}\n\n${command.help}\n`;
}
