import type { Endpoint } from 'comlink';
import { decodeMsgpack, encodeMsgpack, messageBytes } from './msgpack-codec.js';
import type { RpcPort } from './rpc-port.js';

/**
 * A comlink Endpoint whose wire is MessagePack: every message comlink posts
 * is encoded to one Uint8Array (its buffer transferred, not copied), and
 * every binary message that arrives is decoded before comlink sees it.
 *
 * It plays the part of comlink's own `node-adapter` (node's `on`/`off`
 * instead of the DOM's add/removeEventListener, payload handed over as
 * `{data}`), and replaces it rather than wrapping it: the adapter's only
 * copy importable from ESM is the UMD build, whose typings declare an ESM
 * default export that TypeScript cannot call under NodeNext.
 *
 * Limits: comlink.proxy() and comlink.transfer() need real transferables
 * (MessagePorts), which MessagePack cannot carry; posting with a non-empty
 * transfer list throws a TypeError (a caller's promise rejects with it). See
 * msgpack-codec.ts for which values survive the wire.
 */
export interface MsgpackEndpoint extends Endpoint {
  /** Throws a TypeError when `transfer` is non-empty, or when `message` cannot be encoded. */
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  /** Removes every listener this endpoint put on the port (the port stays open: the caller owns it). */
  detach(): void;
}

export interface MsgpackEndpointOptions {
  /** Told about a binary message that is not valid MessagePack; it is dropped either way. */
  readonly onUndecodable?: (error: unknown) => void;
}

/** comlink registers DOM-style listeners; only `ev.data` is read. */
export type MessageLike = { readonly data: unknown };
export type EndpointHandler = ((ev: MessageLike) => void) | { handleEvent(ev: MessageLike): void };
type Handler = EndpointHandler;
type PortListener = (data: unknown) => void;

export function msgpackEndpoint(port: RpcPort, options: MsgpackEndpointOptions = {}): MsgpackEndpoint {
  const listeners = new Map<Handler, PortListener>();

  return {
    postMessage(message: unknown, transfer?: readonly unknown[]): void {
      if (transfer !== undefined && transfer.length > 0) {
        throw new TypeError('msgpack endpoint cannot carry transferables (comlink.proxy/comlink.transfer are not supported)');
      }
      const bytes = encodeMsgpack(message);
      port.postMessage(bytes, [bytes.buffer]);
    },

    addEventListener(type: string, handler: Handler): void {
      if (type !== 'message' || listeners.has(handler)) return;
      const listener: PortListener = (data) => {
        const bytes = messageBytes(data);
        // Not binary: not a MessagePack frame, so not ours to decode.
        if (bytes === undefined) return;
        let decoded: unknown;
        try {
          decoded = decodeMsgpack(bytes);
        } catch (error) {
          options.onUndecodable?.(error);
          return;
        }
        deliver(handler, decoded);
      };
      listeners.set(handler, listener);
      port.on('message', listener);
    },

    removeEventListener(type: string, handler: Handler): void {
      const listener = listeners.get(handler);
      if (type !== 'message' || listener === undefined) return;
      port.off('message', listener);
      listeners.delete(handler);
    },

    // A MessagePort starts on its first 'message' listener anyway; start()
    // is kept for the case where comlink calls it before listening.
    start: 'start' in port ? () => port.start() : undefined,

    detach(): void {
      for (const listener of listeners.values()) port.off('message', listener);
      listeners.clear();
    },
  };
}

/** Hands `data` to a DOM-style handler the way comlink expects (`ev.data`). */
export function deliver(handler: Handler, data: unknown): void {
  const event: MessageLike = { data };
  if (typeof handler === 'function') handler(event);
  else handler.handleEvent(event);
}
