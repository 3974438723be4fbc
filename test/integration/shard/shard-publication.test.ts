import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShardActorStats } from '../../../actors/shard/shard-stats.js';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import { conflationKey } from '../../../actors/shard/spread-ring-writer.js';
import { readKind, readSpread } from '../../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { ActorSystem } from '../../../src/runtime/index.js';
import { ReferenceShard } from '../../fixtures/shard/reference-shard.js';
import { generateStream, type StreamSpec } from '../../fixtures/shard/tick-stream.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { kShardName, shardSystem } from './shard-system.js';

// The real shard worker under the runtime: a replayed 3-exchange stream goes
// in, debounced spread updates come out on both outputs. With the data clock
// the output is a pure function of the stream, so it is held to a reference
// ShardCore fed the same records in this thread: the recorder edge gets
// exactly the reference's records in order (count and hash), the conflating
// host edge the newest record of every (symbol, pair), and every counter
// matches.

let system: ActorSystem | undefined;
let dir: string | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T0 = 1_750_000_000_000_000;

function shardConfig(recorderPath: string): ShardActorOptions {
  return {
    index: 0, count: 2,
    symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT'],
    exchanges: ['binance', 'bybit', 'okx'],
    windowMs: 2000, windowCapacity: 128, maxWindows: 64, maxQuoteAgeMs: 50,
    debounceMs: 25, bypassBps: 2, batchMaxUpdates: 16, batchMaxDelayMs: 5, staleAfterMs: 60_000,
    recorderPath, clock: 'data',
  };
}

const stream: StreamSpec = {
  seed: 7, records: 8000, symbolIds: [0, 2], exchangeIds: [1, 2, 3], t0: T0, meanStepUs: 400, maxRun: 40,
  gapRate: 0.002, crossedRate: 0.01, foreignSymbolIds: [1, 3], foreignRate: 0.003,
};

describe('shard actor: ticks in, debounced spreads out', () => {
  it('publishes exactly what a reference core publishes, on both outputs, with matching counters', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-pub-'));
    const config = shardConfig(path.join(dir, 'no-store-here'));
    const { log } = captureLog();
    const s = (system = shardSystem({ shard: config, feed: { stream }, log }));
    const host: Array<{ key: number; bytes: Uint8Array }> = [];
    let hostOther = 0;
    s.consume('host', (view, off) => {
      if (readKind(view, off) !== RecordKind.Spread) hostOther++;
      else host.push({ key: conflationKey(readSpread(view, off)), bytes: new Uint8Array(view.buffer, view.byteOffset + off, kTickRecordSize).slice() });
    });
    await s.start();

    const { records } = generateStream(stream);
    const ticks = records.filter((r) => r.kind === RecordKind.Tick).length;
    const gaps = records.length - ticks;
    await waitFor(() => s.counters()['feed.sent'] === records.length, 'the feed to send every record');
    await waitFor(() => s.counters()[`${kShardName}.ticksIn`] === ticks && s.counters()[`${kShardName}.gapsIn`] === gaps, 'the shard to read every record');

    const ref = new ReferenceShard(config).feed(records);
    const stats = (await s.stats(kShardName))!.actor as unknown as ShardActorStats;
    expect(stats.recovery.state).toBe('skipped');
    expect(stats.state).toBe('ok');
    expect(stats.clock).toBe('data');
    expect(stats.snapshot.nowUs).toBe(records.at(-1)!.recvTs);
    expect(stats.snapshot.windows).toEqual(ref.rows());
    expect(stats.snapshot.windows.length).toBe(ref.core.windows.windowCount);
    expect(stats.bounds).toEqual({ windowMs: 2000, windowCapacity: 128, maxWindows: 64, arenaBytes: ref.core.windows.arenaBytes });
    const foreign = records.filter((r) => r.kind === RecordKind.Tick && r.symbolId % 2 === 1).length;
    expect(foreign).toBeGreaterThan(0);
    expect(stats.foreignRecords).toBe(foreign);

    const report = await s.stop();
    expect(report.clean).toBe(true);
    ref.flush();

    const c = s.counters();
    expect(c[`${kShardName}.spreadsComputed`]).toBe(ref.computed);
    expect(c[`${kShardName}.spreadsPublished`]).toBe(ref.published);
    // Debounced: far fewer updates than spreads computed.
    expect(ref.published).toBeGreaterThan(100);
    expect(ref.published).toBeLessThan(ref.computed / 3);
    expect(c[`${kShardName}.recomputes`]).toBe(ref.core.windows.recomputes);
    expect(c[`${kShardName}.windowEvictions`]).toBe(ref.core.windows.windowEvictions);
    expect(c[`${kShardName}.crossedExcluded`]).toBe(ref.core.book.crossedQuotes);
    expect(c[`${kShardName}.crossedExcluded`]).toBeGreaterThan(0);
    expect(c[`${kShardName}.staleQuotesExcluded`]).toBeGreaterThan(0);
    expect(c[`${kShardName}.recoveredTicks`]).toBe(0);

    // Recorder edge (block): every update, in order.
    expect(c['recsink.spreads']).toBe(ref.published);
    expect(c['recsink.other']).toBe(0);
    expect(c['recsink.hash']).toBe(ref.hash);
    const toRecorder = report.rings[`${kShardName}.recorder->recsink.in`]!;
    expect(toRecorder.dropped).toBe(0);

    // Host edge (conflate): everything written arrived or was conflated, and the newest per pair is the reference's.
    const toHost = report.rings[`${kShardName}.host->host.shard0`]!;
    expect(hostOther).toBe(0);
    expect(toHost.dropped).toBe(0);
    expect(host.length + toHost.conflated).toBe(ref.published);
    const newest = new Map(host.map((h) => [h.key, h.bytes]));
    expect(newest).toEqual(ref.lastByKey);
  });
});
