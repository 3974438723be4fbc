import { describe, expect, it } from 'vitest';
import { DeferredControlDecoder } from '../../../src/runtime/actor/deferred-control-decoder.js';
import { encodeControl, type ControlDecodeResult } from '../../../src/runtime/control/control-messages.js';

const stop = encodeControl({ type: 'stop' });
const chaos = encodeControl({ type: 'chaos', fault: 'crash' });
const typeOf = (r: ControlDecodeResult): string => (r.ok ? r.message.type : `error:${r.error.kind}`);

describe('DeferredControlDecoder', () => {
  it('hands messages that arrive before the decoder is loaded over once it is, in arrival order', async () => {
    const seen: string[] = [];
    const decoder = new DeferredControlDecoder(() => expect.unreachable('the decoder loads'));
    decoder.receive(chaos, (r) => seen.push(typeOf(r)));
    decoder.receive('not bytes', (r) => seen.push(typeOf(r)));
    decoder.receive(stop, (r) => seen.push(typeOf(r)));
    expect(seen).toEqual([]);
    await decoder.load();
    expect(seen).toEqual(['chaos', 'error:not-binary', 'stop']);
  });

  it('decodes synchronously once loaded', async () => {
    const decoder = new DeferredControlDecoder(() => expect.unreachable('the decoder loads'));
    const loaded = decoder.load();
    expect(decoder.load()).toBe(loaded); // one load, however often asked
    await loaded;
    const seen: string[] = [];
    decoder.receive(stop, (r) => seen.push(typeOf(r)));
    decoder.receive(new Uint8Array([0xc1]), (r) => seen.push(typeOf(r)));
    expect(seen).toEqual(['stop', 'error:not-msgpack']);
  });

  it('keeps order when a message arrives while earlier ones still wait for the load', async () => {
    const seen: string[] = [];
    const decoder = new DeferredControlDecoder(() => expect.unreachable('the decoder loads'));
    decoder.receive(chaos, (r) => seen.push(`1:${typeOf(r)}`));
    const loaded = decoder.load();
    decoder.receive(stop, (r) => seen.push(`2:${typeOf(r)}`));
    await loaded;
    decoder.receive(chaos, (r) => seen.push(`3:${typeOf(r)}`));
    expect(seen).toEqual(['1:chaos', '2:stop', '3:chaos']);
  });
});
