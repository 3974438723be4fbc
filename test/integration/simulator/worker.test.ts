import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorCommand, SimulatorEvent, SimulatorWorkerData } from '../../../actors/simulator/worker-messages.js';
import { spawnWorker } from '../../../src/runtime/worker/spawn-worker.js';
import { isData, WsProbe } from './ws-probe.js';

// The simulator in a real worker thread: it reports its URLs, serves clients
// from the worker, applies fault commands sent from the main thread, and
// stops (closing its clients) when told to.

const kEntry = new URL('../../../actors/simulator/worker.ts', import.meta.url);
let worker: Worker | undefined;
const probes: WsProbe[] = [];

// A simulator worker is ended with `stop`, never terminate(): terminating a
// thread that holds uWS sockets aborts the whole process (see worker.ts).
afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  const w = worker;
  worker = undefined;
  if (!w || w.threadId < 0) return;
  const exited = new Promise((resolve) => w.once('exit', resolve));
  w.postMessage({ type: 'stop' } satisfies SimulatorCommand);
  await exited;
});

function spawn(data: SimulatorWorkerData): { worker: Worker; next: (type: SimulatorEvent['type']) => Promise<SimulatorEvent> } {
  const w = spawnWorker(kEntry, { workerData: data });
  const queue: SimulatorEvent[] = [];
  const waiting: { type: string; resolve: (e: SimulatorEvent) => void; reject: (e: Error) => void }[] = [];
  w.on('message', (e: SimulatorEvent) => {
    const i = waiting.findIndex((x) => x.type === e.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(e);
    else queue.push(e);
  });
  w.on('error', (err) => waiting.splice(0).forEach((x) => x.reject(err)));
  const next = (type: SimulatorEvent['type']): Promise<SimulatorEvent> => {
    const i = queue.findIndex((e) => e.type === type);
    if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => waiting.push({ type, resolve, reject }));
  };
  return { worker: w, next };
}

describe('simulator worker', () => {
  it('serves from a worker thread, takes fault commands, and stops on request', async () => {
    const s = spawn({ options: { symbols: ['BTC-USDT'], rate: 200 } });
    worker = s.worker;
    const listening = await s.next('listening');
    if (listening.type !== 'listening') throw new Error('unreachable');
    expect(Object.keys(listening.urls).sort()).toEqual(['binance', 'bybit', 'okx']);

    const c = await WsProbe.open(listening.urls.okx!);
    probes.push(c);
    c.send({ op: 'subscribe', args: [{ channel: 'bbo-tbt', instId: 'BTC-USDT' }] });
    await c.nextText(isData((m) => Array.isArray(m.data)), 'data from the worker');

    const send = (cmd: SimulatorCommand): void => s.worker.postMessage(cmd);
    send({ type: 'fault', id: 1, fault: { op: 'sendMalformed', exchange: 'okx', count: 1, kinds: ['garbage'] } });
    expect(await s.next('done')).toEqual({ type: 'done', id: 1 });
    await c.nextText((t) => t.includes('502 Bad Gateway'), 'garbage frame');

    send({ type: 'fault', id: 2, fault: { op: 'burst', exchange: 'okx', count: -5 } });
    expect(await s.next('done')).toMatchObject({ id: 2, error: expect.stringMatching(/non-negative integer/) });

    send({ type: 'stats', id: 3 });
    const stats = await s.next('stats');
    expect(stats).toMatchObject({ id: 3, stats: { exchanges: { okx: { connections: 1, subscriptions: 1, malformedSent: 1 } } } });

    const exited = new Promise<number>((resolve) => s.worker.once('exit', resolve));
    send({ type: 'stop' });
    await s.next('stopped');
    await c.until(() => c.closed !== undefined, 'client closed by the stopping simulator');
    expect(await exited).toBe(0);
    worker = undefined;
  });

  it('fails cleanly on an uncaught error: error event, exit code 1, clients dropped, this process unharmed', async () => {
    const s = spawn({ options: { symbols: ['BTC-USDT'], rate: 100 } });
    worker = s.worker;
    const listening = await s.next('listening');
    if (listening.type !== 'listening') throw new Error('unreachable');
    const c = await WsProbe.open(listening.urls.bybit!);
    probes.push(c);
    const failed = new Promise<Error>((resolve) => s.worker.once('error', resolve));
    const exited = new Promise<number>((resolve) => s.worker.once('exit', resolve));
    s.worker.postMessage({ type: 'crash' } satisfies SimulatorCommand);
    expect((await failed).message).toBe('simulator crash drill');
    expect(await exited).toBe(1);
    await c.until(() => c.closed !== undefined, 'client dropped');
    worker = undefined;
  });

  it('fails the worker with the option error when the options are bad', async () => {
    const s = spawn({ options: { symbols: ['BTC-USDT'], rate: -3 } });
    worker = s.worker;
    const err = await new Promise<Error>((resolve) => s.worker.once('error', resolve));
    expect(err.message).toMatch(/simulator\.rate/);
  });
});
