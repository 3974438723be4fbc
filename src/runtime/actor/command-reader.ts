import type { ControlDecodeError, SupervisorCommand } from '../control/control-messages.js';
import { decodeMsgpack, messageBytes } from '../control/msgpack-codec.js';

export type CommandReadResult =
  | { readonly ok: true; readonly message: SupervisorCommand }
  | { readonly ok: false; readonly error: ControlDecodeError };

/**
 * Reads one supervisor → actor command (start, stop, drain, config, chaos, exit)
 * inside the worker. control-messages.ts stays the one place where control
 * messages are typed and its zod schema the reference; this reader accepts
 * exactly what that schema accepts for the command types (a property test,
 * test/unit/actor/command-reader.test.ts, holds the two together), with the
 * same error kinds. Why a second reader: building the zod schemas costs a
 * worker milliseconds at every start, and a restart waits for them; the
 * commands are six small shapes.
 *
 * Never throws. Reports (ready, stopped, failed, log) are refused as
 * invalid: they only ever travel from actor to supervisor.
 */
export function readSupervisorCommand(data: unknown): CommandReadResult {
  const bytes = messageBytes(data);
  if (bytes === undefined) return invalid('not-binary', `expected bytes, got ${data === null ? 'null' : typeof data}`);
  let decoded: unknown;
  try {
    decoded = decodeMsgpack(bytes);
  } catch (error) {
    return invalid('not-msgpack', error instanceof Error ? error.message : String(error));
  }
  if (!isPlainRecord(decoded)) return invalid('invalid-message', '(message): expected an object');
  const m = decoded;
  switch (m.type) {
    case 'start':
      return ok({ type: 'start' });
    case 'stop':
      if (!optional(m, 'reason', (v) => typeof v === 'string')) return invalid('invalid-message', 'reason: expected a string');
      return ok(m.reason === undefined ? { type: 'stop' } : { type: 'stop', reason: m.reason as string });
    case 'drain':
      if (!optional(m, 'timeoutMs', (v) => typeof v === 'number' && v > 0)) return invalid('invalid-message', 'timeoutMs: expected a positive number');
      return ok(m.timeoutMs === undefined ? { type: 'drain' } : { type: 'drain', timeoutMs: m.timeoutMs as number });
    case 'config':
      return ok('config' in m ? { type: 'config', config: m.config } : ({ type: 'config' } as SupervisorCommand));
    case 'chaos':
      if (typeof m.fault !== 'string' || m.fault.length === 0) return invalid('invalid-message', 'fault: expected a non-empty string');
      return ok({ type: 'chaos', fault: m.fault });
    case 'exit':
      return ok({ type: 'exit' });
    default:
      return invalid('invalid-message', `type: not a supervisor command (${JSON.stringify(m.type) ?? 'undefined'})`);
  }
}

/** Arrays, Maps, Sets and Dates pass, and then fail on their missing `type`, as with zod. */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function optional(m: Record<string, unknown>, key: string, valid: (v: unknown) => boolean): boolean {
  return m[key] === undefined || valid(m[key]);
}

function ok(message: SupervisorCommand): CommandReadResult {
  return { ok: true, message };
}

function invalid(kind: ControlDecodeError['kind'], detail: string): CommandReadResult {
  return { ok: false, error: { kind, detail } };
}
