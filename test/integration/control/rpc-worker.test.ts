import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeControl, type ControlMessage } from '../../../src/runtime/control/control-messages.js';
import { decodeMsgpack } from '../../../src/runtime/control/msgpack-codec.js';
import { createRpcClient, type RpcClient } from '../../../src/runtime/control/rpc-client.js';
import { isActorDiedError } from '../../../src/runtime/control/rpc-errors.js';
import { spawnWorker } from '../../../src/runtime/worker/spawn-worker.js';
import type { FixtureApi } from '../../fixtures/control/rpc-actor.js';

const fixture = new URL('../../fixtures/control/rpc-actor.ts', import.meta.url);

interface Actor {
  readonly worker: Worker;
  readonly client: RpcClient<FixtureApi>;
  /** Control messages from the worker, decoded, in arrival order. */
  readonly control: ControlMessage[];
  readonly exited: Promise<number>;
  /** Resolves once a control message of `type` (and matching `msg`, for logs) has arrived. */
  until(type: ControlMessage['type'], msg?: string): Promise<void>;
  /** Raw frames seen on the RPC port in both directions. */
  readonly sent: Uint8Array[];
  readonly received: unknown[];
}

const running: Worker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.terminate()));
});

/**
 * Starts the fixture. `port: 'channel'` gives comlink its own MessageChannel
 * (as the actor host does); `port: 'parent'` runs it over parentPort, with
 * the Worker itself as the supervisor-side port.
 */
function startActor(port: 'channel' | 'parent'): Actor {
  let rpcPort: MessagePort | undefined;
  let workerPort: MessagePort | undefined;
  if (port === 'channel') ({ port1: rpcPort, port2: workerPort } = new MessageChannel());
  const worker = spawnWorker(fixture, {
    workerData: workerPort === undefined ? {} : { rpcPort: workerPort },
    transferList: workerPort === undefined ? [] : [workerPort],
  });
  running.push(worker);
  worker.on('error', () => undefined); // crash() raises one; the client sees exit/close

  const clientPort = rpcPort ?? worker;
  const sent: Uint8Array[] = [];
  const received: unknown[] = [];
  const post = clientPort.postMessage.bind(clientPort);
  // Intercept: record a copy of each outgoing frame before its buffer is transferred.
  clientPort.postMessage = ((value: unknown, transfer?: readonly never[]) => {
    if (value instanceof Uint8Array) sent.push(value.slice());
    post(value, transfer);
  }) as typeof clientPort.postMessage;
  clientPort.on('message', (data: unknown) => received.push(data));

  const control: ControlMessage[] = [];
  const waiters: (() => void)[] = [];
  worker.on('message', (data: unknown) => {
    const decoded = decodeControl(data);
    if (decoded.ok) control.push(decoded.message);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (type: ControlMessage['type'], msg?: string): Promise<void> => {
    while (!control.some((m) => m.type === type && (msg === undefined || (m.type === 'log' && m.msg === msg)))) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { worker, client: createRpcClient<FixtureApi>(clientPort), control, exited, until, sent, received };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe.each(['channel', 'parent'] as const)('typed RPC with a real worker (%s port)', { timeout: 15_000 }, (port) => {
  it('round-trips calls, values intact, beside control messages', async () => {
    const actor = startActor(port);
    await actor.until('ready');
    expect(actor.control[0]).toEqual({ type: 'ready', incarnation: 1 });

    const stats = await actor.client.remote.stats();
    expect(stats).toEqual({
      served: 1,
      names: new Map([['a', 1]]),
      big: 2n ** 64n,
      when: new Date(0),
      nothing: undefined,
      holes: [1, undefined, 3],
    });
    await expect(actor.client.remote.drain()).resolves.toEqual({ drained: true, timeoutMs: 250 });
    await expect(actor.client.remote.drain(40)).resolves.toEqual({ drained: true, timeoutMs: 40 });
    await expect(actor.client.remote.fail('bad input')).rejects.toMatchObject({ name: 'RangeError', message: 'bad input' });
    expect(actor.client.pendingCount).toBe(0);
  });

  it('puts MessagePack on the port in both directions', async () => {
    const actor = startActor(port);
    await actor.until('ready');
    await actor.client.remote.echo({ symbol: 'BTC-USDT' });

    expect(actor.sent).toHaveLength(1);
    expect(decodeMsgpack(actor.sent[0]!)).toMatchObject({
      type: 'APPLY',
      path: ['echo'],
      argumentList: [{ type: 'RAW', value: { symbol: 'BTC-USDT' } }],
    });
    const replies = actor.received.filter((data) => {
      if (!(data instanceof Uint8Array)) throw new Error(`non-binary message on the port: ${String(data)}`);
      return (decodeMsgpack(data) as { type?: string }).type === 'RAW';
    });
    expect(replies.map((data) => decodeMsgpack(data as Uint8Array))).toEqual([
      { type: 'RAW', value: { symbol: 'BTC-USDT' }, id: expect.any(String) },
    ]);
  });

  it('rejects a pending call when the worker is terminated', async () => {
    const actor = startActor(port);
    await actor.until('ready');
    // The rejection handler is attached at once: the call fails while the test awaits other things.
    const pending = rejection(actor.client.remote.hang());
    await actor.until('log', 'hang entered');

    await actor.worker.terminate();

    const error = await pending;
    expect(isActorDiedError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^actor died before answering hang\(\): /);
    await expect(actor.client.remote.stats()).rejects.toMatchObject({ name: 'ActorDiedError' });
  });

  it('rejects every pending call when the worker calls process.exit(1)', async () => {
    const actor = startActor(port);
    await actor.until('ready');
    const hung = rejection(actor.client.remote.hang());
    await actor.until('log', 'hang entered');

    const exiting = rejection(actor.client.remote.exit(1));

    expect(await actor.exited).toBe(1);
    for (const pending of [hung, exiting]) expect(isActorDiedError(await pending)).toBe(true);
    expect(actor.client.pendingCount).toBe(0);
  });

  it('rejects a pending call when the worker dies of an uncaught error', async () => {
    const actor = startActor(port);
    await actor.until('ready');
    const pending = rejection(actor.client.remote.hang());
    await actor.until('log', 'hang entered');

    await actor.client.remote.crash();

    expect(await actor.exited).toBe(1);
    expect(isActorDiedError(await pending)).toBe(true);
  });
});
