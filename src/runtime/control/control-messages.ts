import { z } from 'zod';
import { decodeMsgpack, encodeMsgpack, messageBytes } from './msgpack-codec.js';
import type { RpcPort } from './rpc-port.js';

/**
 * Every one-way control message between a supervisor and an actor, typed in
 * this one place (DESIGN.md §3). On the wire each is one MessagePack map
 * with a `type` discriminant. Requests that need an answer (stats(),
 * drain()) are not here: they are typed RPC (rpc-client.ts), with their
 * own port.
 *
 * Why two ports and no envelope: the control messages travel on the
 * worker's `parentPort` (the Worker object on the supervisor side), and
 * comlink gets a MessageChannel port of its own, handed over in workerData.
 * comlink's expose() treats every message on its endpoint as a request and
 * detaches on RELEASE, and its wrap() assumes it owns the endpoint; sharing
 * a port would need a channel tag on every frame and a demultiplexer in
 * front of both. Two ports keep each side's protocol untouched, and the
 * death of the worker closes both, which is what both sides watch.
 * Should a message reach the wrong port anyway, nothing breaks: comlink
 * ignores a message without its id/type, and decodeControl() returns a
 * typed error for a comlink frame.
 *
 * Supervisor → actor:
 *   start   begin work (for a supervisor that holds actors until all are ready)
 *   stop    finish in-flight work, release resources, exit 0; answered by `stopped`
 *   drain   stop taking outside input (one-way form; the RPC drain() is the one with an answer)
 *   config  new actor-specific configuration, opaque to the runtime
 *   chaos   commit the named fault on yourself (honoured only with chaos enabled)
 * Actor → supervisor:
 *   ready   init done, the loop runs
 *   stopped clean stop done, exit follows
 *   failed  the actor caught a fatal error it wants recorded before it exits
 *   log     a log line for the host's logger (actors normally log themselves)
 */

const incarnation = z.number().int().nonnegative();

export const StartMessage = z.object({ type: z.literal('start') });
export const StopMessage = z.object({ type: z.literal('stop'), reason: z.string().optional() });
export const DrainMessage = z.object({ type: z.literal('drain'), timeoutMs: z.number().positive().optional() });
export const ConfigMessage = z.object({ type: z.literal('config'), config: z.unknown() });
export const ChaosMessage = z.object({ type: z.literal('chaos'), fault: z.string().min(1) });
/** Leave now, exit code 1, no stop hooks: a kill that lands between two event-loop turns (see WorkerChild.terminate). */
export const ExitMessage = z.object({ type: z.literal('exit') });
export const ReadyMessage = z.object({ type: z.literal('ready'), incarnation });
export const StoppedMessage = z.object({ type: z.literal('stopped'), incarnation });
export const FailedMessage = z.object({
  type: z.literal('failed'),
  incarnation,
  error: z.object({ name: z.string(), message: z.string(), stack: z.string().optional() }),
});
export const LogMessage = z.object({
  type: z.literal('log'),
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  msg: z.string(),
  fields: z.record(z.unknown()).optional(),
});

export const ControlMessageSchema = z.discriminatedUnion('type', [
  StartMessage,
  StopMessage,
  DrainMessage,
  ConfigMessage,
  ChaosMessage,
  ExitMessage,
  ReadyMessage,
  StoppedMessage,
  FailedMessage,
  LogMessage,
]);

export type ControlMessage = z.infer<typeof ControlMessageSchema>;
export type ControlMessageType = ControlMessage['type'];
export type SupervisorCommand = Extract<ControlMessage, { type: 'start' | 'stop' | 'drain' | 'config' | 'chaos' | 'exit' }>;
export type ActorReport = Extract<ControlMessage, { type: 'ready' | 'stopped' | 'failed' | 'log' }>;

export interface ControlDecodeError {
  /** not-binary: not a Uint8Array/ArrayBuffer; not-msgpack: bytes do not decode; invalid-message: decodes, but is no control message. */
  readonly kind: 'not-binary' | 'not-msgpack' | 'invalid-message';
  readonly detail: string;
}

export type ControlDecodeResult =
  | { readonly ok: true; readonly message: ControlMessage }
  | { readonly ok: false; readonly error: ControlDecodeError };

/** The bytes to post for `message`. Not validated: the type is the contract on the sending side. */
export function encodeControl(message: ControlMessage): Uint8Array<ArrayBuffer> {
  return encodeMsgpack(message);
}

/** Posts `message` on `port`, transferring the encoded buffer instead of copying it. */
export function sendControl(port: RpcPort, message: ControlMessage): void {
  const bytes = encodeMsgpack(message);
  port.postMessage(bytes, [bytes.buffer]);
}

/**
 * Decodes whatever arrived on a control port. Never throws: garbage, a
 * frame of another protocol, or a message that fails validation all return
 * `{ok: false, error}` for the caller to count or log.
 */
export function decodeControl(data: unknown): ControlDecodeResult {
  const bytes = messageBytes(data);
  if (bytes === undefined) return failure('not-binary', `expected bytes, got ${describeType(data)}`);
  let decoded: unknown;
  try {
    decoded = decodeMsgpack(bytes);
  } catch (error) {
    return failure('not-msgpack', error instanceof Error ? error.message : String(error));
  }
  const parsed = ControlMessageSchema.safeParse(decoded);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    return failure('invalid-message', detail);
  }
  return { ok: true, message: parsed.data };
}

function failure(kind: ControlDecodeError['kind'], detail: string): ControlDecodeResult {
  return { ok: false, error: { kind, detail } };
}

function describeType(data: unknown): string {
  if (data === null) return 'null';
  if (typeof data !== 'object') return typeof data;
  return (data as object).constructor?.name ?? 'object';
}
