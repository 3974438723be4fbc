import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RecorderActorConfig } from '../../../actors/recorder/config.js';
import { recorderCounterNames } from '../../../actors/recorder/counters.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import type { MarketRecord } from '../../../src/market/tick.js';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { fixtureRecord, type FixtureStream } from '../../fixtures/recorder/fixture-records.js';
import type { ProducerConfig } from '../../fixtures/recorder/record-producer.js';

/**
 * The real recorder worker (actors/recorder/recorder-actor.ts) under the
 * runtime, fed by fixture producers (test/fixtures/recorder) over block
 * edges with manual release, wired like the pipeline does it
 * (src/host/pipeline/pipeline-topology.ts): port `binance`/`bybit`/`okx` per
 * exchange, `shard0`... per shard.
 */
export const kRecorderEntry = new URL('../../../actors/recorder/recorder-actor.ts', import.meta.url).href;
const kProducerEntry = new URL('../../fixtures/recorder/record-producer.ts', import.meta.url).href;

export const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT', 'ADA-USDT', 'LTC-USDT', 'DOT-USDT'];
export const kT0 = 1_700_000_000_000_000; // 2023-11-14, µs
export const kFastHeartbeat = { intervalMs: 50, ttlMs: 1500 };
export const kFastBackoff = { initialMs: 10, maxMs: 50, jitter: 0 };

const kExchanges = [['binance', 1], ['bybit', 2], ['okx', 3]] as const;

export interface ProducerPlan {
  /** Recorder input port: binance, bybit, okx or shardN. */
  readonly port: string;
  readonly stream: FixtureStream;
  readonly total: number;
}

export interface RigOptions {
  readonly dir: string;
  readonly log?: Logger;
  readonly producers: readonly ProducerPlan[];
  readonly perTick?: number;
  readonly intervalMs?: number;
  readonly capacity?: number;
  readonly recorder?: Partial<RecorderActorConfig>;
  readonly recorderLimits?: { maxOldGenerationSizeMb: number };
  readonly chaos?: boolean;
  /** Root restart intensity; default 50 restarts in 60 s. */
  readonly maxRestarts?: number;
}

export interface Rig {
  readonly system: ActorSystem;
  readonly producers: readonly ProducerPlan[];
  /** Ring name of each producer's edge, by port. */
  readonly ringOf: (port: string) => string;
}

/** Exchange streams for `n` exchanges, and shard streams for `shards` shards. */
export function standardProducers(o: { exchanges: number; shards: number; perExchange: number; perShard: number; t0?: number; gapEvery?: number }): ProducerPlan[] {
  const t0 = o.t0 ?? kT0;
  const out: ProducerPlan[] = kExchanges.slice(0, o.exchanges).map(([port, exchangeId]) => ({
    port, total: o.perExchange, stream: { kind: 'exchange', exchangeId, symbols: kSymbols.length, t0, gapEvery: o.gapEvery ?? 97 },
  }));
  for (let i = 0; i < o.shards; i++) {
    out.push({ port: `shard${i}`, total: o.perShard, stream: { kind: 'shard', index: i, shards: o.shards, symbols: kSymbols.length, t0 } });
  }
  return out;
}

export function recorderConfig(dir: string, over: Partial<RecorderActorConfig> = {}): RecorderActorConfig {
  return {
    path: dir, batchRecords: 500, batchMs: 20, retentionMs: 0, diskBudgetBytes: 0, dlqMaxPerSource: 100,
    mapSizeBytes: 256 * 1024 * 1024, symbols: kSymbols, durability: 'fsync', ...over,
  };
}

export function buildRig(o: RigOptions): Rig {
  const topology = new Topology();
  topology.actor({
    name: 'recorder',
    entry: kRecorderEntry,
    counters: recorderCounterNames(),
    config: recorderConfig(o.dir, o.recorder),
    child: { heartbeat: kFastHeartbeat, backoff: kFastBackoff, ...(o.recorderLimits ? { resourceLimits: o.recorderLimits } : {}) },
  });
  for (const p of o.producers) {
    topology.actor({
      name: `p.${p.port}`,
      entry: kProducerEntry,
      counters: ['produced'],
      config: { stream: p.stream, total: p.total, perTick: o.perTick ?? 100, intervalMs: o.intervalMs ?? 1 } satisfies ProducerConfig,
      child: { heartbeat: kFastHeartbeat, backoff: kFastBackoff },
    });
    topology.connect(`p.${p.port}.out`, `recorder.${p.port}`, { capacity: o.capacity ?? 4096, policy: 'block', blockTimeoutMs: 5, release: 'manual' });
  }
  // Room for the repeated-kill drill: restart intensity is not what these tests are about.
  const tree = { name: 'root', intensity: { maxRestarts: o.maxRestarts ?? 50, withinMs: 60_000 }, children: topology.actors.map((a) => a.name) };
  // Workers log at warn: their info lines (one per recorder start) would fill CI's output; warnings and errors still show.
  const system = new ActorSystem({ topology, tree, chaos: o.chaos ?? false, workerLogLevel: 'warn', ...(o.log ? { log: o.log } : {}) });
  return { system, producers: o.producers, ringOf: (port) => `p.${port}.out->recorder.${port}` };
}

export function tempDir(prefix = 'ringmaster-recorder-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Records of each producer's stream written to its ring, by port. */
export function writtenByPort(rig: Rig): Record<string, number> {
  const rings = rig.system.rings();
  return Object.fromEntries(rig.producers.map((p) => [p.port, rings[rig.ringOf(p.port)]!.written]));
}

export interface StoreCheck {
  readonly ticks: number;
  readonly spreads: number;
  readonly gaps: number;
  /** Per port: how many of its records the store holds, and the lowest seq missing below `upTo` (or null). */
  readonly perPort: Record<string, { readonly stored: number; readonly firstMissing: number | null; readonly beyond: number }>;
  /** Stored records that are not bit-equal to what their stream defines (at most 10 listed). */
  readonly mismatches: readonly string[];
  /** Stored records no producer stream accounts for. */
  readonly strays: number;
  /**
   * Per port: stored records (below `upTo`) that come after a missing record
   * of the same symbol in that stream. 0 means each symbol's part of the
   * stream (what a range read of one symbol and exchange sees) is a
   * contiguous prefix, even where the stream as a whole has a hole.
   */
  readonly afterHoleBySymbol: Record<string, number>;
}

/**
 * Reads the whole store and accounts for every record: which stream and seq
 * it is, whether its contents are exactly what the stream defines, and for
 * each stream which seqs in [from, upTo) are missing. Keys are unique per
 * record, so "stored once" is "present"; a record stored twice under another
 * key would show as a mismatch or a stray.
 */
export async function checkStore(dir: string, producers: readonly ProducerPlan[], upTo: Record<string, number>, from: Record<string, number> = {}): Promise<StoreCheck> {
  const store = openTickStore({ path: dir });
  try {
    const seen = new Map(producers.map((p) => [p.port, new Uint8Array(Math.max(upTo[p.port] ?? 0, p.total) + 1)]));
    const beyond = new Map(producers.map((p) => [p.port, 0]));
    const mismatches: string[] = [];
    let strays = 0;
    const account = (r: MarketRecord): void => {
      const p = owner(producers, r);
      if (p === undefined) { strays++; return; }
      const expected = fixtureRecord(p.stream, r.seq);
      if (!sameRecord(expected, r)) {
        if (mismatches.length < 10) mismatches.push(`${p.port} seq ${r.seq}: stored ${JSON.stringify(r)} expected ${JSON.stringify(expected)}`);
        return;
      }
      const marks = seen.get(p.port)!;
      if (r.seq >= (upTo[p.port] ?? 0)) beyond.set(p.port, beyond.get(p.port)! + 1);
      if (r.seq < marks.length) marks[r.seq] = 1;
    };
    let ticks = 0, spreads = 0, gaps = 0;
    for (const t of store.rangeTicks()) { ticks++; account(t); }
    for (const s of store.rangeSpreads()) { spreads++; account(s); }
    for (const g of store.rangeGaps()) { gaps++; account(g); }
    const perPort: StoreCheck['perPort'] = {};
    const afterHoleBySymbol: Record<string, number> = {};
    for (const p of producers) {
      const marks = seen.get(p.port)!;
      let stored = 0, firstMissing: number | null = null, afterHole = 0;
      const holed = new Set<number>();
      for (let s = from[p.port] ?? 0; s < (upTo[p.port] ?? 0); s++) {
        const symbol = fixtureRecord(p.stream, s).symbolId;
        if (marks[s] === 1) {
          stored++;
          if (holed.has(symbol)) afterHole++;
        } else {
          firstMissing ??= s;
          holed.add(symbol);
        }
      }
      (perPort as Record<string, StoreCheck['perPort'][string]>)[p.port] = { stored, firstMissing, beyond: beyond.get(p.port)! };
      afterHoleBySymbol[p.port] = afterHole;
    }
    return { ticks, spreads, gaps, perPort, mismatches, strays, afterHoleBySymbol };
  } finally {
    await store.close();
  }
}

/** How many gap markers the first `n` records of a stream hold. */
export function gapsIn(stream: FixtureStream, n: number): number {
  return stream.kind === 'exchange' && stream.gapEvery > 0 ? Math.floor(n / stream.gapEvery) : 0;
}

function owner(producers: readonly ProducerPlan[], r: MarketRecord): ProducerPlan | undefined {
  if (r.kind === RecordKind.Spread) {
    return producers.find((p) => p.stream.kind === 'shard' && r.symbolId % p.stream.shards === p.stream.index && r.computedTs - p.stream.t0 === r.seq);
  }
  return producers.find((p) => p.stream.kind === 'exchange' && p.stream.exchangeId === r.exchangeId && r.seq === (r as { recvTs: number }).recvTs - p.stream.t0);
}

function sameRecord(a: MarketRecord, b: MarketRecord): boolean {
  const ka = Object.keys(a) as (keyof MarketRecord)[];
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]));
}
