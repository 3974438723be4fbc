import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';

/**
 * The one MessagePack codec of the control plane: RPC (comlink) messages and
 * control messages both go through it, so a value means the same thing on
 * both paths.
 *
 * Contract: `decodeMsgpack(encodeMsgpack(v))` is deep-equal to `v` for plain
 * data (what JSON keeps) plus
 *   - `undefined` as an object property: the key is omitted on the wire
 *     (`ignoreUndefined`), so it reads back as `undefined`, not `null`;
 *     comlink relies on this (`{type:"RAW", value: undefined}` for a void
 *     return or an omitted argument, where `null` would defeat a default
 *     parameter);
 *   - `undefined` (or a hole) inside an array: MessagePack has no undefined,
 *     so such arrays travel as extension kExtArrayWithUndefined;
 *   - Map, Set and bigint (extensions below; stock @msgpack/msgpack would
 *     silently turn a Map into `{}`);
 *   - Date (the standard timestamp extension) and Uint8Array (bin).
 * Not kept: functions and symbols (encoding throws), class identity
 * (instances arrive as plain objects of their own enumerable keys, so an
 * Error arrives as `{}`: send `{name, message}`), other typed arrays (arrive
 * as Uint8Array of their bytes), cycles (throw: depth limit), and a top-level
 * `undefined` (arrives as null; no message of ours is one).
 */

/** Application extension type ids (0..127); builtin timestamp is -1. */
export const kExtArrayWithUndefined = 0;
export const kExtMap = 1;
export const kExtSet = 2;
export const kExtBigInt = 3;

const extensionCodec = new ExtensionCodec();
// The extension payloads are themselves MessagePack from the same codec
// (the library's Encoder/Decoder are re-entrant), so nested values keep the
// same guarantees.
extensionCodec.register({
  type: kExtArrayWithUndefined,
  encode: (input) => {
    if (!Array.isArray(input) || !input.includes(undefined)) return null;
    const holes: number[] = [];
    const items = new Array<unknown>(input.length);
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      if (item === undefined) holes.push(i);
      items[i] = item === undefined ? null : item;
    }
    return encoder.encode([holes, items]);
  },
  decode: (data) => {
    const [holes, items] = decoder.decode(data) as [number[], unknown[]];
    for (const i of holes) items[i] = undefined;
    return items;
  },
});
extensionCodec.register({
  type: kExtMap,
  encode: (input) => (input instanceof Map ? encoder.encode([...input.entries()]) : null),
  decode: (data) => new Map(decoder.decode(data) as [unknown, unknown][]),
});
extensionCodec.register({
  type: kExtSet,
  encode: (input) => (input instanceof Set ? encoder.encode([...input.values()]) : null),
  decode: (data) => new Set(decoder.decode(data) as unknown[]),
});
extensionCodec.register({
  type: kExtBigInt,
  encode: (input) => (typeof input === 'bigint' ? encoder.encode(input.toString()) : null),
  decode: (data) => BigInt(decoder.decode(data) as string),
});

const encoder = new Encoder({ extensionCodec, ignoreUndefined: true });
const decoder = new Decoder({ extensionCodec });

/**
 * Encodes `value`. The result owns its whole ArrayBuffer (exact length), so
 * callers may transfer `result.buffer`. Throws on values the wire cannot
 * carry (function, symbol, cycle).
 */
export function encodeMsgpack(value: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(value);
}

/** Decodes one MessagePack document. Throws on malformed or trailing bytes. */
export function decodeMsgpack(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
}

/**
 * The bytes of a message as it arrives from a port, or undefined when it is
 * not binary (then it is not ours). Structured clone delivers a posted
 * Uint8Array as a Uint8Array; a Buffer or bare ArrayBuffer is accepted too.
 */
export function messageBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}
