import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSupervisorCommand } from '../../../src/runtime/actor/command-reader.js';
import { decodeControl, encodeControl } from '../../../src/runtime/control/control-messages.js';
import { encodeMsgpack } from '../../../src/runtime/control/msgpack-codec.js';

const kCommands = new Set(['start', 'stop', 'drain', 'config', 'chaos', 'exit']);
const kTypes = ['start', 'stop', 'drain', 'config', 'chaos', 'exit', 'ready', 'stopped', 'failed', 'log'];

// Values of the kinds the wire carries, including the awkward ones for each field.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 3 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, Infinity, -Infinity, Number.NaN, 1e-300),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 2 }),
);

const candidate = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...kTypes), anyValue),
    reason: anyValue,
    timeoutMs: anyValue,
    fault: anyValue,
    config: anyValue,
    incarnation: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('readSupervisorCommand', () => {
  it('accepts exactly the commands the zod schema accepts, and reads them the same', () => {
    fc.assert(
      fc.property(fc.oneof(candidate, anyValue), (value) => {
        const bytes = encodeMsgpack(value);
        const reference = decodeControl(bytes);
        const read = readSupervisorCommand(bytes);
        const wanted = reference.ok && kCommands.has(reference.message.type);
        expect(read.ok, JSON.stringify(value)).toBe(wanted);
        if (read.ok && reference.ok) expect(read.message).toEqual(reference.message);
        if (!read.ok && !reference.ok) expect(read.error.kind).toBe(reference.error.kind);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every command as sent', () => {
    for (const m of [
      { type: 'start' },
      { type: 'stop' },
      { type: 'stop', reason: 'shutdown' },
      { type: 'drain', timeoutMs: 250 },
      { type: 'config', config: { depth: 5, symbols: ['BTC-USDT'] } },
      { type: 'chaos', fault: 'crash' },
    ] as const) {
      expect(readSupervisorCommand(encodeControl(m))).toEqual({ ok: true, message: m });
    }
  });

  it('refuses reports, garbage and non-binary data with the reference error kinds', () => {
    expect(readSupervisorCommand(encodeControl({ type: 'ready', incarnation: 1 }))).toMatchObject({ ok: false, error: { kind: 'invalid-message' } });
    expect(readSupervisorCommand(new Uint8Array([0xc1]))).toMatchObject({ ok: false, error: { kind: 'not-msgpack' } });
    expect(readSupervisorCommand('stop')).toMatchObject({ ok: false, error: { kind: 'not-binary' } });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(typeof readSupervisorCommand(bytes).ok).toBe('boolean');
    }));
  });
});
