import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeControl, encodeControl, type ControlMessage } from '../../../src/runtime/control/control-messages.js';
import { encodeMsgpack } from '../../../src/runtime/control/msgpack-codec.js';

const examples: ControlMessage[] = [
  { type: 'start' },
  { type: 'stop' },
  { type: 'stop', reason: 'shutdown' },
  { type: 'drain', timeoutMs: 500 },
  { type: 'config', config: { symbols: ['BTC-USDT'], depth: undefined, nested: [undefined, 1] } },
  { type: 'chaos', fault: 'hang' },
  { type: 'ready', incarnation: 3 },
  { type: 'stopped', incarnation: 3 },
  { type: 'failed', incarnation: 0, error: { name: 'Error', message: 'boom', stack: 'Error: boom\n  at x' } },
  { type: 'log', level: 'warn', msg: 'slow consumer', fields: { ring: 'r1', fill: 0.9 } },
];

describe('control messages', () => {
  it.each(examples)('round-trips $type', (message) => {
    const bytes = encodeControl(message);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeControl(bytes)).toEqual({ ok: true, message });
  });

  it('rejects non-binary data as not-binary', () => {
    for (const data of ['stop', 42, null, undefined, { type: 'stop' }]) {
      const result = decodeControl(data);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('not-binary');
    }
  });

  it('rejects bytes that are not MessagePack as not-msgpack', () => {
    const result = decodeControl(new Uint8Array([0xc1])); // 0xc1 is "never used" in MessagePack
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-msgpack' } });
  });

  it('rejects well-formed MessagePack that is no control message, naming the field', () => {
    expect(decodeControl(encodeMsgpack({ type: 'ready' }))).toMatchObject({
      ok: false,
      error: { kind: 'invalid-message', detail: expect.stringContaining('incarnation') },
    });
    expect(decodeControl(encodeMsgpack({ type: 'explode' }))).toMatchObject({ ok: false, error: { kind: 'invalid-message' } });
    expect(decodeControl(encodeMsgpack({ type: 'log', level: 'loud', msg: 'x' }))).toMatchObject({
      ok: false,
      error: { kind: 'invalid-message', detail: expect.stringContaining('level') },
    });
  });

  it('rejects a comlink frame that reached the control port', () => {
    const comlinkRequest = { id: 'a-b-c', type: 'APPLY', path: ['stats'], argumentList: [] };
    expect(decodeControl(encodeMsgpack(comlinkRequest))).toMatchObject({ ok: false, error: { kind: 'invalid-message' } });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = decodeControl(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary MessagePack values, and accepts only valid messages', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.record({ type: fc.constantFrom('start', 'stop', 'ready', 'chaos', 'log', 'failed'), incarnation: fc.anything() }),
    );
    fc.assert(
      fc.property(value, (v) => {
        const result = decodeControl(encodeMsgpack(v));
        if (result.ok) expect(['start', 'stop', 'ready']).toContain(result.message.type);
      }),
      { numRuns: 1000 },
    );
  });
});
