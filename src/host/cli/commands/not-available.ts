import type { CommandIo } from '../command-contracts.js';
import { kExitUnavailable } from '../exit-codes.js';

/** A command whose implementation module is not in this build: say so, exit 69. */
export function notAvailable(command: string, reason: string, io: CommandIo): number {
  io.stderr.write(`ringmaster ${command}: not available in this build (${reason})\n`);
  return kExitUnavailable;
}
