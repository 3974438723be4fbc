import { expose, proxy, wrap } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMsgpack } from '../../../src/runtime/control/msgpack-codec.js';
import { msgpackEndpoint } from '../../../src/runtime/control/msgpack-endpoint.js';

// Both ends are real node MessagePorts in this thread: every message really
// crosses a port (structured clone of a Uint8Array), only without a worker.
interface Api {
  add(a: number, b: number): number;
  greet(name?: string): string;
  nothing(): void;
  echo(value: unknown): unknown;
  fail(): never;
  unserializable(): () => void;
}

const api: Api = {
  add: (a, b) => a + b,
  greet: (name = 'default') => `hello ${name}`,
  nothing: () => undefined,
  echo: (value) => value,
  fail: () => {
    throw new RangeError('out of range');
  },
  unserializable: () => () => undefined,
};

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

function connect() {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const wire: unknown[] = [];
  port2.on('message', (data) => wire.push(data)); // a raw listener beside comlink's
  expose(api, msgpackEndpoint(port2));
  return { remote: wrap<Api>(msgpackEndpoint(port1)), wire };
}

describe('msgpack comlink endpoint', () => {
  it('round-trips a call', async () => {
    const { remote } = connect();
    await expect(remote.add(2, 3)).resolves.toBe(5);
  });

  it('puts MessagePack bytes on the port, carrying comlink requests', async () => {
    const { remote, wire } = connect();
    await remote.add(1, 1);
    expect(wire).toHaveLength(1);
    const frame = wire[0];
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(decodeMsgpack(frame as Uint8Array)).toMatchObject({
      type: 'APPLY',
      path: ['add'],
      argumentList: [{ type: 'RAW', value: 1 }, { type: 'RAW', value: 1 }],
      id: expect.any(String),
    });
  });

  it('keeps undefined: an omitted argument meets its default, a void return is undefined', async () => {
    const { remote } = connect();
    await expect(remote.greet()).resolves.toBe('hello default');
    await expect(remote.greet(undefined)).resolves.toBe('hello default');
    await expect(remote.nothing()).resolves.toBeUndefined();
    await expect(remote.echo([undefined, null])).resolves.toEqual([undefined, null]);
  });

  it('rejects with the thrown error name and message', async () => {
    const { remote } = connect();
    await expect(remote.fail()).rejects.toMatchObject({ name: 'RangeError', message: 'out of range' });
  });

  it('rejects an unencodable result with comlink\'s TypeError', async () => {
    const { remote } = connect();
    await expect(remote.unserializable()).rejects.toThrow('Unserializable return value');
  });

  it('rejects unencodable arguments and transferables on the caller side', async () => {
    const { remote } = connect();
    await expect(remote.echo(() => 1)).rejects.toThrow();
    await expect(remote.echo(proxy({ a: 1 }))).rejects.toThrow(/transferables/);
    await expect(remote.add(1, 2)).resolves.toBe(3); // the endpoint still works
  });

  it('drops undecodable binary messages and reports them', async () => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    const errors: unknown[] = [];
    expose(api, msgpackEndpoint(port2, { onUndecodable: (e) => errors.push(e) }));
    const remote = wrap<Api>(msgpackEndpoint(port1));
    port1.postMessage(new Uint8Array([0xc1]));
    port1.postMessage('not binary');
    await expect(remote.add(1, 2)).resolves.toBe(3);
    expect(errors).toHaveLength(1);
  });

  it('detach() removes its listeners from the port', () => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    const endpoint = msgpackEndpoint(port1);
    const handler = (): void => undefined;
    endpoint.addEventListener('message', handler);
    endpoint.addEventListener('message', { handleEvent: handler });
    expect(port1.listenerCount('message')).toBe(2);
    endpoint.removeEventListener('message', handler);
    expect(port1.listenerCount('message')).toBe(1);
    endpoint.detach();
    expect(port1.listenerCount('message')).toBe(0);
  });
});
