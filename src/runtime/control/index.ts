// Control plane of the actor runtime (DESIGN.md §3): one-way control
// messages and typed RPC, MessagePack on the wire.
export { createRpcClient, type RpcClient, type RpcClientOptions } from './rpc-client.js';
export { exposeRpc, type RpcServer } from './rpc-server.js';
export { settleWithin, withTimeout } from './with-timeout.js';
export { isActorDiedError, isRpcTimeoutError, kActorDiedCode, kRpcTimeoutCode, type CodedError } from './rpc-errors.js';
export { msgpackEndpoint, type MsgpackEndpoint, type MsgpackEndpointOptions } from './msgpack-endpoint.js';
export { decodeMsgpack, encodeMsgpack, messageBytes } from './msgpack-codec.js';
export { watchPortClosed, type RpcPort } from './rpc-port.js';
export {
  ControlMessageSchema,
  decodeControl,
  encodeControl,
  sendControl,
  type ActorReport,
  type ControlDecodeError,
  type ControlDecodeResult,
  type ControlMessage,
  type ControlMessageType,
  type SupervisorCommand,
} from './control-messages.js';
