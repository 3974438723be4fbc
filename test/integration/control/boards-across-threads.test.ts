import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateCounterBoard, CounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { allocateHeartbeatBoard, HeartbeatBoard } from '../../../src/runtime/shared/heartbeat-board.js';
import { spawnWorker } from '../../../src/runtime/worker/spawn-worker.js';

const fixture = new URL('../../fixtures/control/board-writer.ts', import.meta.url);

interface Plan {
  heartbeats: SharedArrayBuffer;
  counters: SharedArrayBuffer;
  slot: number;
  incarnation: number;
  beats: number;
  counter: string;
  adds: number;
  addend: number;
  startGate?: SharedArrayBuffer;
  flag?: SharedArrayBuffer;
}

interface Done {
  phase: 'done';
  beatsWritten: number;
  beatsRefused: number;
}

const running: Worker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.terminate()));
});

function startWriter(plan: Plan): { worker: Worker; phase(name: string): Promise<Done>; exited: Promise<number> } {
  const worker = spawnWorker(fixture, { workerData: { ...plan } });
  running.push(worker);
  const messages: { phase: string }[] = [];
  const waiters: (() => void)[] = [];
  worker.on('message', (m: { phase: string }) => {
    messages.push(m);
    for (const wake of waiters.splice(0)) wake();
  });
  const errored = new Promise<never>((_, reject) => worker.once('error', reject));
  const phase = async (name: string): Promise<Done> => {
    for (;;) {
      const found = messages.find((m) => m.phase === name);
      if (found !== undefined) return found as Done;
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), errored]);
    }
  };
  return { worker, phase, exited: new Promise((resolve) => worker.once('exit', resolve)) };
}

/** Releases the writers waiting on `gate`. */
function open(gate: SharedArrayBuffer): void {
  const word = new Int32Array(gate);
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
}

/** Yields to the event loop (lets worker messages in) without sleeping. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('shared boards across worker threads', { timeout: 15_000 }, () => {
  it('a reader sees a writer thread\'s beats and counts, never going backwards', async () => {
    const heartbeats = allocateHeartbeatBoard(4);
    const counters = allocateCounterBoard(['a.ticksIn', 'b.ticksIn']);
    const beatReader = new HeartbeatBoard(heartbeats);
    const countReader = new CounterBoard(counters);
    beatReader.resetSlot(2, 5);

    const writer = startWriter({ heartbeats, counters, slot: 2, incarnation: 5, beats: 20_000, counter: 'b.ticksIn', adds: 200_000, addend: 3 });
    let done = false;
    const finished = writer.phase('done').then((d) => {
      done = true;
      return d;
    });
    let lastBeat = 0;
    let lastCount = 0;
    while (!done) {
      const beat = beatReader.lastBeat(2);
      const count = countReader.value('b.ticksIn');
      expect(beat).toBeGreaterThanOrEqual(lastBeat);
      expect(count).toBeGreaterThanOrEqual(lastCount);
      expect(count % 3).toBe(0); // whole adds only: no torn cell
      lastBeat = beat;
      lastCount = count;
      await tick();
    }

    expect(await finished).toMatchObject({ beatsWritten: 20_000, beatsRefused: 0 });
    expect(beatReader.lastBeat(2)).toBe(20_000);
    expect(beatReader.beatCount(2)).toBe(20_000);
    expect(beatReader.ageMs(2, 20_250)).toBe(250);
    expect(countReader.snapshot()).toEqual({ 'a.ticksIn': 0, 'b.ticksIn': 600_000 });
    for (const slot of [0, 1, 3]) expect(beatReader.lastBeat(slot)).toBe(0);
  });

  it('counters survive the writer: a replacement worker keeps counting on the same buffer', async () => {
    const heartbeats = allocateHeartbeatBoard(1);
    const counters = allocateCounterBoard(['actor.ticksIn']);
    const plan = { heartbeats, counters, slot: 0, incarnation: 0, beats: 1, counter: 'actor.ticksIn', addend: 1 };

    const first = startWriter({ ...plan, adds: 1_000 });
    await first.phase('done');
    await first.exited;
    const second = startWriter({ ...plan, adds: 500 });
    await second.phase('done');

    expect(new CounterBoard(counters).value('actor.ticksIn')).toBe(1_500);
  });

  // 2M adds per thread: enough overlap that the same test with a plain
  // (non-atomic) `cell += n` loses updates here (checked by hand).
  it('two writer threads adding to one counter lose nothing', async () => {
    const heartbeats = allocateHeartbeatBoard(2);
    const counters = allocateCounterBoard(['shared.drops']);
    const startGate = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const plan = { heartbeats, counters, beats: 0, counter: 'shared.drops', adds: 2_000_000, addend: 1, startGate };
    const a = startWriter({ ...plan, slot: 0, incarnation: 0 });
    const b = startWriter({ ...plan, slot: 1, incarnation: 0, addend: 2 });
    await Promise.all([a.phase('ready'), b.phase('ready')]);
    open(startGate); // both start adding at once

    await Promise.all([a.phase('done'), b.phase('done')]);
    expect(new CounterBoard(counters).value('shared.drops')).toBe(6_000_000);
  });

  it('a superseded worker cannot beat for its successor', async () => {
    const heartbeats = allocateHeartbeatBoard(1);
    const counters = allocateCounterBoard(['actor.beats']);
    const supervisor = new HeartbeatBoard(heartbeats);
    supervisor.resetSlot(0, 1, 0);
    const flag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);

    const old = startWriter({ heartbeats, counters, slot: 0, incarnation: 1, beats: 3, counter: 'actor.beats', adds: 0, addend: 0, flag });
    await old.phase('waiting');
    expect(supervisor.lastBeat(0)).toBe(3);

    supervisor.resetSlot(0, 2, 100); // the replacement's spawn
    open(flag);

    expect(await old.phase('done')).toMatchObject({ beatsWritten: 3, beatsRefused: 1 });
    expect(supervisor.incarnation(0)).toBe(2);
    expect(supervisor.lastBeat(0)).toBe(100);
    expect(supervisor.beatCount(0)).toBe(0);
  });
});
