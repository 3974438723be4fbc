/**
 * The `ringmaster` subcommands, in the order `--help` lists them. Each lives
 * in commands/<name>-command.ts; the ones whose work lives elsewhere (start,
 * export, dlq, bench) import it lazily and exit 69 when it is not in the build.
 */
import type { CliCommand } from './cli-command.js';
import { kBenchCommand } from './commands/bench-command.js';
import { kConfigCommand } from './commands/config-command.js';
import { kDlqCommand } from './commands/dlq-command.js';
import { kExportCommand } from './commands/export-command.js';
import { kStartCommand } from './commands/start-command.js';

export const kCommands: readonly CliCommand[] = [kStartCommand, kExportCommand, kDlqCommand, kBenchCommand, kConfigCommand];

export function findCommand(name: string): CliCommand | undefined {
  return kCommands.find((command) => command.name === name);
}
