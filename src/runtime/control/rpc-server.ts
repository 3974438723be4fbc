import { expose } from 'comlink';
import { msgpackEndpoint, type MsgpackEndpointOptions } from './msgpack-endpoint.js';
import type { RpcPort } from './rpc-port.js';

/**
 * Worker side of an actor's typed RPC: serves `api` to the one client at
 * the other end of `port` (a MessagePort handed over in workerData, or
 * `parentPort`), MessagePack on the wire.
 *
 * Contract for `api`: methods may return values or promises of values that
 * msgpack-codec.ts can carry (plain data, undefined, Map, Set, bigint,
 * Date, Uint8Array); a thrown Error reaches the caller with its name,
 * message and stack; an unencodable result reaches the caller as a
 * TypeError("Unserializable return value"). Do not return comlink.proxy()
 * objects: the wire carries no ports.
 *
 * Returns a handle whose close() stops serving (the port stays open).
 */
export interface RpcServer {
  close(): void;
}

export function exposeRpc<T extends object>(api: T, port: RpcPort, options: MsgpackEndpointOptions = {}): RpcServer {
  const endpoint = msgpackEndpoint(port, options);
  expose(api, endpoint);
  return { close: () => endpoint.detach() };
}
