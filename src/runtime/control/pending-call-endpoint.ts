import type { Endpoint } from 'comlink';
import { deliver, type EndpointHandler, type MsgpackEndpoint } from './msgpack-endpoint.js';
import { kActorDiedCode } from './rpc-errors.js';

/**
 * A comlink Endpoint in front of another that remembers which requests are
 * still unanswered, so that when the far side dies every caller can be
 * failed instead of left waiting: comlink keeps a resolver per request id
 * and has no notion of a dead peer, so without this an awaited call on a
 * dead worker never settles.
 *
 * Failing works inside comlink's own protocol: for each pending id it
 * delivers a synthesized response of comlink's "throw" kind to the
 * listeners comlink registered, and comlink rejects the caller's promise as
 * if the actor had thrown. Once failed, the endpoint stays failed: every
 * later request is answered the same way at once (a restarted actor gets a
 * new port and a new client).
 *
 * Ownership: comlink.wrap() is the only user; one instance per remote.
 */
export class PendingCallEndpoint implements Endpoint {
  /** Request id → what was asked, for the error message. */
  private readonly pending = new Map<string, string>();
  private readonly handlers = new Map<Handler, Handler>();
  private failure: Error | undefined;

  constructor(private readonly inner: MsgpackEndpoint) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  postMessage(message: unknown, transfer?: readonly unknown[]): void {
    const request = message as RequestLike;
    const id = typeof request.id === 'string' ? request.id : undefined;
    if (this.failure !== undefined) {
      // comlink registered its resolver before posting; answer after this
      // call returns, as a real response would arrive.
      if (id !== undefined) {
        const failure = this.failure;
        queueMicrotask(() => this.answerWithThrow(id, describe(request), failure));
      }
      return;
    }
    if (id !== undefined) this.pending.set(id, describe(request));
    try {
      this.inner.postMessage(message, transfer);
    } catch (error) {
      // Unencodable arguments: comlink's promise rejects with this error.
      if (id !== undefined) this.pending.delete(id);
      throw error;
    }
  }

  addEventListener(type: string, handler: Handler): void {
    if (type !== 'message' || this.handlers.has(handler)) return;
    const tracked: Handler = (ev) => {
      const id = (ev.data as RequestLike | null)?.id;
      if (typeof id === 'string') this.pending.delete(id);
      deliver(handler, ev.data);
    };
    this.handlers.set(handler, tracked);
    this.inner.addEventListener('message', tracked);
  }

  removeEventListener(type: string, handler: Handler): void {
    const tracked = this.handlers.get(handler);
    if (type !== 'message' || tracked === undefined) return;
    this.inner.removeEventListener('message', tracked);
    this.handlers.delete(handler);
  }

  start(): void {
    this.inner.start?.();
  }

  /**
   * Rejects every pending call with an actor-died error caused by `reason`,
   * marks the endpoint failed and detaches from the port. Idempotent: only
   * the first reason counts.
   */
  failAll(reason: Error): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [id, what] of pending) this.answerWithThrow(id, what, reason);
    this.inner.detach();
  }

  private answerWithThrow(id: string, what: string, reason: Error): void {
    const error = actorDied(what, reason);
    // comlink's "throw" wire value; its deserializer does
    // `Object.assign(new Error(value.message), value)`, so every field
    // below (code, cause) lands on the caller's Error.
    const response = {
      id,
      type: 'HANDLER',
      name: 'throw',
      value: { isError: true, value: { name: error.name, message: error.message, stack: error.stack, code: kActorDiedCode, cause: reason } },
    };
    // Straight to comlink's handlers: this answer never crossed the wire.
    for (const handler of this.handlers.keys()) deliver(handler, response);
  }
}

type Handler = EndpointHandler;

/** The fields of a comlink request message this endpoint reads. */
interface RequestLike {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly path?: unknown;
}

function describe(request: RequestLike): string {
  const path = Array.isArray(request.path) ? request.path.join('.') : '';
  switch (request.type) {
    case 'APPLY':
      return `${path}()`;
    case 'GET':
      return `get ${path || '(root)'}`;
    case 'SET':
      return `set ${path}`;
    default:
      return String(request.type ?? 'request').toLowerCase();
  }
}

function actorDied(what: string, reason: Error): Error {
  const error = new Error(`actor died before answering ${what}: ${reason.message}`);
  error.name = 'ActorDiedError';
  return error;
}
