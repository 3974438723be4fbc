import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { isActorDiedError, isRpcTimeoutError, kActorDiedCode } from '../../../src/runtime/control/rpc-errors.js';
import { createRpcClient } from '../../../src/runtime/control/rpc-client.js';
import { exposeRpc } from '../../../src/runtime/control/rpc-server.js';
import { withTimeout } from '../../../src/runtime/control/with-timeout.js';

interface Api {
  stats(): { calls: number };
  hang(): Promise<void>;
  echo(value: unknown): unknown;
}

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

function connect(onClose?: (reason: Error) => void) {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  let calls = 0;
  let hangsEntered = 0;
  exposeRpc<Api>(
    {
      stats: () => ({ calls: ++calls }),
      hang: () => {
        hangsEntered++;
        return new Promise<void>(() => {});
      },
      echo: (value) => value,
    },
    port2,
  );
  const client = createRpcClient<Api>(port1, { onClose });
  return { client, port1, port2, hangsEntered: () => hangsEntered };
}

/** Resolves once the server has run `hang` `n` times: the call is really pending there. */
async function untilEntered(entered: () => number, n: number): Promise<void> {
  while (entered() < n) await new Promise((resolve) => setImmediate(resolve));
}

describe('rpc client', { timeout: 10_000 }, () => {
  it('round-trips calls and tracks nothing once answered', async () => {
    const { client } = connect();
    await expect(client.remote.stats()).resolves.toEqual({ calls: 1 });
    await expect(client.remote.stats()).resolves.toEqual({ calls: 2 });
    expect(client.pendingCount).toBe(0);
  });

  it('rejectAll fails every pending call with an actor-died error naming the call', async () => {
    const closes: Error[] = [];
    const { client, hangsEntered } = connect((reason) => closes.push(reason));
    const first = client.remote.hang();
    const second = client.remote.hang();
    await untilEntered(hangsEntered, 2);
    expect(client.pendingCount).toBe(2);

    const reason = new Error('heartbeat missed for 3000 ms');
    client.rejectAll(reason);

    for (const pending of [first, second]) {
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isActorDiedError(error)).toBe(true);
      expect(error).toMatchObject({
        name: 'ActorDiedError',
        code: kActorDiedCode,
        message: 'actor died before answering hang(): heartbeat missed for 3000 ms',
      });
      expect((error as Error).cause).toBe(reason);
    }
    expect(client.pendingCount).toBe(0);
    expect(client.failed).toBe(true);
    expect(closes.map((e) => e.message)).toEqual(['heartbeat missed for 3000 ms']);
  });

  it('fails later calls at once, with the first reason', async () => {
    const { client } = connect();
    client.rejectAll(new Error('terminated'));
    client.rejectAll(new Error('second reason is ignored'));
    await expect(client.remote.stats()).rejects.toMatchObject({ code: kActorDiedCode, message: expect.stringContaining('terminated') });
    expect(client.pendingCount).toBe(0);
  });

  it('fails pending calls when the far end of the port closes', async () => {
    const closes: Error[] = [];
    const { client, port2, hangsEntered } = connect((reason) => closes.push(reason));
    const pending = client.remote.hang();
    await untilEntered(hangsEntered, 1);
    port2.close();
    await expect(pending).rejects.toMatchObject({ code: kActorDiedCode, message: expect.stringContaining('message port closed') });
    expect(closes).toHaveLength(1);
  });

  it('detaches from the port when it fails', async () => {
    const { client, port1 } = connect();
    await client.remote.stats();
    expect(port1.listenerCount('message')).toBeGreaterThan(0);
    client.close();
    expect(port1.listenerCount('message')).toBe(0);
    expect(port1.listenerCount('close')).toBe(0);
  });

  it('does not count a call whose arguments could not be encoded', async () => {
    const { client } = connect();
    await expect(client.remote.echo(Symbol('x'))).rejects.toThrow();
    expect(client.pendingCount).toBe(0);
  });
});

describe('withTimeout', { timeout: 10_000 }, () => {
  it('passes a timely result through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'stats()')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 1000, 'stats()')).rejects.toThrow('no');
  });

  it('rejects with a timeout error naming the call when no answer comes', async () => {
    const never = new Promise<never>(() => {});
    const error = await withTimeout(never, 5, 'stats() on binance').catch((e: unknown) => e);
    expect(isRpcTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'RpcTimeoutError', message: 'stats() on binance timed out after 5 ms' });
  });

  it('bounds a hung remote call', async () => {
    const { client, hangsEntered } = connect();
    const call = withTimeout(client.remote.hang(), 5, 'hang()');
    await untilEntered(hangsEntered, 1);
    await expect(call).rejects.toMatchObject({ name: 'RpcTimeoutError' });
  });

  it('refuses a nonsensical limit', () => {
    expect(() => withTimeout(Promise.resolve(1), 0, 'x')).toThrow(RangeError);
    expect(() => withTimeout(Promise.resolve(1), Number.NaN, 'x')).toThrow(RangeError);
  });
});
