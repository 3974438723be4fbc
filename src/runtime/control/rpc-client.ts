import { wrap, type Remote } from 'comlink';
import { msgpackEndpoint } from './msgpack-endpoint.js';
import { PendingCallEndpoint } from './pending-call-endpoint.js';
import { watchPortClosed, type RpcPort } from './rpc-port.js';

/**
 * Supervisor side of an actor's typed RPC: a comlink Remote over a
 * MessagePack endpoint that never leaves a caller hanging.
 *
 * Contract: every call settles. It resolves with the actor's answer, rejects
 * with what the actor threw, or, when the actor is gone, rejects with an
 * Error whose `code` is kActorDiedCode (rpc-errors.ts) and whose message
 * says the actor died and which call was pending. The client fails when
 *   - the port reports its peer gone (MessagePort `close`, Worker `exit`),
 *     which node emits on terminate(), process.exit() and uncaught errors;
 *   - the mechanism calls rejectAll(reason), e.g. when it decides a worker
 *     is hung, or sees `exit` before the port's own `close` arrives.
 * A failed client stays failed: later calls reject at once. A restarted
 * actor gets a new port and a new client.
 *
 * A call that the actor simply never answers (alive but stuck) is bounded
 * only by withTimeout(); heartbeats detect the stuck actor.
 */
export interface RpcClient<T> {
  readonly remote: Remote<T>;
  /** Rejects every pending and future call (first reason wins) and detaches from the port. */
  rejectAll(reason: Error): void;
  /** Calls sent and not yet answered. */
  readonly pendingCount: number;
  /** True once rejectAll ran or the port closed. */
  readonly failed: boolean;
  /** Stops using the port: same as rejectAll with a "client closed" reason. */
  close(): void;
}

export interface RpcClientOptions {
  /** Called once, after pending calls were rejected, when the client fails for any reason. */
  readonly onClose?: (reason: Error) => void;
  /** Told about a binary message on the port that is not valid MessagePack. */
  readonly onUndecodable?: (error: unknown) => void;
}

export function createRpcClient<T>(port: RpcPort, options: RpcClientOptions = {}): RpcClient<T> {
  const endpoint = new PendingCallEndpoint(msgpackEndpoint(port, { onUndecodable: options.onUndecodable }));
  const remote = wrap<T>(endpoint);
  let unwatch: (() => void) | undefined;

  const rejectAll = (reason: Error): void => {
    if (endpoint.failed) return;
    unwatch?.();
    endpoint.failAll(reason);
    options.onClose?.(reason);
  };
  unwatch = watchPortClosed(port, (why) => rejectAll(new Error(why)));

  return {
    remote,
    rejectAll,
    get pendingCount() {
      return endpoint.pendingCount;
    },
    get failed() {
      return endpoint.failed;
    },
    close: () => rejectAll(new Error('RPC client closed')),
  };
}
