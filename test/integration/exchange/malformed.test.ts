import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { MemoryDeadLetterSink } from '../../../actors/exchange/dead-letter-sink.js';
import { LmdbDeadLetterSink } from '../../../actors/exchange/lmdb-dead-letter-sink.js';
import { kRejectReasonNames } from '../../../src/market/exchanges/base/reject-reason.js';
import { openDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { waitFor } from '../../support/wait-for.js';
import { startHarness, type Harness } from './connector-harness.js';

// Bad input against the simulator's fault controls (real sockets): every
// malformed kind the simulator knows, interleaved with good data. Nothing
// may crash the connection, every bad frame is counted by reason and
// dead-lettered, and the good frames behind them are delivered.
const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const kUuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let sim: SimulatorHandle;
let h: Harness | undefined;
let dir: string | undefined;

beforeEach(async () => {
  sim = await startSimulator({ symbols: kSymbols, exchanges: ['okx', 'binance', 'bybit'], rate: 100, seed: 11 });
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sim.stop();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function rejectsByReason(x: Harness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of kRejectReasonNames) {
    const n = x.counter(`reject_${name}`);
    if (n > 0) out[name] = n;
  }
  return out;
}

describe('malformed frames', () => {
  for (const exchange of ['okx', 'binance', 'bybit'] as const) {
    it(`${exchange}: every malformed kind is counted by reason and dead-lettered; the good frames behind them still arrive`, async () => {
      h = startHarness({ config: { exchange, url: sim.urls[exchange]!, symbols: kSymbols, deadLetters: { path: null, maxPerSource: 1000 } } });
      const x = h;
      await waitFor(() => x.counter('ticksOut') >= 10, 'ticks flowing');
      const sent = sim.sendMalformed(exchange, 60); // 10 of each of the 6 kinds
      expect(sent).toBe(60);
      sim.burst(exchange, 200); // good data right behind the bad
      const ticksBefore = x.counter('ticksOut');
      await waitFor(() => x.counter('rejected') === 60 && x.counter('ticksOut') >= ticksBefore + 200, 'bad counted, good delivered');

      const byReason = rejectsByReason(x);
      expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(60);
      // Kinds that map to one reason whatever the venue:
      expect(byReason.binary_frame).toBe(10);
      expect(byReason.unknown_symbol).toBe(10);
      expect(byReason.bad_number).toBe(10);
      expect((byReason.not_json ?? 0)).toBeGreaterThanOrEqual(10); // garbage; truncated frames too, mostly
      expect(byReason.parser_fault).toBeUndefined();
      expect(x.counter('deadLetters')).toBe(60);
      const sink = x.deadLetters as MemoryDeadLetterSink;
      expect(sink.size).toBe(60);
      const entries = sink.list();
      expect(entries.every((e) => kUuidV7.test(e.id) && e.source === exchange)).toBe(true);
      expect(entries.filter((e) => e.reason === 'binary_frame').every((e) => e.raw instanceof Uint8Array)).toBe(true);
      expect(entries.filter((e) => e.reason === 'unknown_symbol').every((e) => typeof e.raw === 'string' && e.raw.startsWith('{'))).toBe(true);
      // No reconnect: bad input is not a connection failure.
      expect(x.connector.stats()).toMatchObject({ connection: 'open', connects: 1, breaker: 'closed' });
      expect(x.counter('framesIn')).toBe(x.counter('dataFrames') + x.counter('controlFrames') + x.counter('rejected'));
    });
  }

  it('logs rejections at a bounded rate per reason and counts what it left out', async () => {
    // A long stale threshold: stepping a minute must not make the feed stale.
    h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, logMaxRepeatsPerMinute: 1, staleAfterMs: 600_000 } });
    const x = h;
    await waitFor(() => x.counter('ticksOut') >= 5, 'ticks flowing');
    sim.sendMalformed('okx', 20, ['unknown-symbol']);
    await waitFor(() => x.counter('rejected') === 20, 'rejections');
    const rejectLines = () => x.lines.filter((l) => l.action === 'frame_rejected');
    expect(rejectLines()).toHaveLength(1);
    expect(x.counter('logSuppressed')).toBe(19);
    x.clock.increment(60_000); // the next minute
    sim.sendMalformed('okx', 1, ['unknown-symbol']);
    await waitFor(() => x.counter('rejected') === 21, 'one more');
    expect(rejectLines()).toHaveLength(2);
    expect(rejectLines()[1]).toMatchObject({ reason: 'unknown_symbol', suppressed: 19, exchange: 'okx' });
  });

  it('the in-memory dead-letter ring keeps only the newest maxPerSource entries', async () => {
    h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, deadLetters: { path: null, maxPerSource: 4 } } });
    const x = h;
    await waitFor(() => x.counter('ticksOut') >= 5, 'ticks flowing');
    sim.sendMalformed('okx', 10, ['garbage', 'binary']);
    await waitFor(() => x.counter('rejected') === 10, 'rejections');
    const sink = x.deadLetters as MemoryDeadLetterSink;
    expect(sink.stats()).toMatchObject({ kind: 'memory', added: 10, held: 4, evicted: 6 });
    const ids = sink.list().map((e) => e.id);
    expect([...ids].sort()).toEqual(ids); // oldest first, time-ordered ids
    expect(x.counter('deadLetters')).toBe(10);
  });

  it('dead letters reach the recorder\'s LMDB store in batches, bounded per source, readable by `dlq list`', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-exchange-dlq-'));
    const storeDir = dir;
    h = startHarness({
      config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, deadLetters: { path: storeDir, maxPerSource: 5 }, deadLetterFlushMs: 100 },
      deadLetters: (config, counters, clock) => new LmdbDeadLetterSink({
        path: config.deadLetters.path!, source: config.exchange, maxPerSource: config.deadLetters.maxPerSource,
        flushMs: config.deadLetters.flushMs, clock, log: { debug() {}, info() {}, warn() {}, error() {} } as never,
        onDropped: (n) => counters.named.deadLettersDropped.add(n),
      }),
    });
    const x = h;
    await waitFor(() => x.counter('ticksOut') >= 5, 'ticks flowing');
    sim.sendMalformed('okx', 12, ['garbage', 'unknown-symbol', 'bad-number']);
    await waitFor(() => x.counter('rejected') === 12, 'rejections');
    const sink = x.deadLetters as LmdbDeadLetterSink;
    // Queued, nothing written yet; the queue itself keeps at most maxPerSource
    // (more could not survive the store's bound anyway), oldest dropped and counted.
    expect(sink.stats()).toMatchObject({ kind: 'lmdb', added: 12, held: 5, evicted: 7, written: 0 });
    expect(x.counter('deadLettersDropped')).toBe(7);
    x.clock.increment(100);
    await waitFor(() => sink.stats().written === 5, 'one batch written');
    sim.sendMalformed('okx', 2, ['garbage']);
    await waitFor(() => x.counter('rejected') === 14, 'two more');
    await x.stop(); // close() writes what is still queued
    expect(sink.stats()).toMatchObject({ written: 7, held: 0 });

    const store = openDeadLetterStore({ path: storeDir });
    try {
      const kept = store.list({ source: 'okx' });
      expect(kept).toHaveLength(5); // the store's bound, oldest evicted
      expect(kept.every((e) => kUuidV7.test(e.id) && e.source === 'okx' && typeof e.raw === 'string')).toBe(true);
      // Frames 9..11 of the cycle garbage, unknown-symbol, bad-number, then the two
      // written at close, survive the store's bound of 5, in arrival order.
      expect(kept.map((e) => e.reason)).toEqual(['not_json', 'unknown_symbol', 'bad_number', 'not_json', 'not_json']);
      expect(store.sourceStats().okx).toMatchObject({ count: 5, added: 7, evicted: 2 });
      expect(kept.every((e) => e.receivedAt > 1.6e15)).toBe(true); // µs since the epoch
    } finally {
      await store.close();
    }
  });
});
