import { SimulatedClock } from 'xstate';
import { resolveExchangeConfig, type ExchangeActorConfig, type ResolvedExchangeConfig } from '../../../actors/exchange/config.js';
import { exchangeCounterNames, exchangeCounters, type ExchangeCounters } from '../../../actors/exchange/counters.js';
import { MemoryDeadLetterSink, type DeadLetterSink } from '../../../actors/exchange/dead-letter-sink.js';
import { ExchangeConnector } from '../../../actors/exchange/exchange-connector.js';
import { readRecord } from '../../../src/market/tick-codec.js';
import type { MarketRecord } from '../../../src/market/tick.js';
import { allocateRing, RingConsumer, RingProducer, type FullPolicy } from '../../../src/runtime/index.js';
import { allocateCounterBoard, CounterBoard } from '../../../src/runtime/shared/counter-board.js';
import { captureLog } from '../../support/log-capture.js';

/**
 * The exchange actor's core (ExchangeConnector) in the test's own thread:
 * real rings and counters in shared memory, real sockets to the simulator,
 * and xstate's SimulatedClock for every timer (breaker backoff, pacing,
 * watchdog, keepalive), so a test steps time instead of waiting for it.
 */
export interface Harness {
  readonly connector: ExchangeConnector;
  readonly clock: SimulatedClock;
  readonly counters: ExchangeCounters;
  readonly board: CounterBoard;
  readonly config: ResolvedExchangeConfig;
  readonly lines: Array<Record<string, unknown>>;
  readonly deadLetters: DeadLetterSink;
  /** Everything read so far from each output, by port name (shard0.., recorder). */
  readonly records: Record<string, MarketRecord[]>;
  /** Reads every output ring into `records`; returns how many records were new. */
  poll(): number;
  counter(name: string): number;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly config: Partial<ExchangeActorConfig> & Pick<ExchangeActorConfig, 'exchange' | 'url' | 'symbols'>;
  readonly shardPolicy?: FullPolicy;
  readonly capacity?: number;
  readonly deadLetters?: (config: ResolvedExchangeConfig, counters: ExchangeCounters, clock: SimulatedClock) => DeadLetterSink;
  readonly random?: () => number;
  readonly incarnation?: number;
  readonly start?: boolean;
  readonly feed?: ConstructorParameters<typeof ExchangeConnector>[0]['feed'];
}

export function baseConfig(over: HarnessOptions['config']): ExchangeActorConfig {
  return {
    shardCount: 2,
    staleAfterMs: 10_000,
    maxFrameBytes: 16 * 1024,
    breaker: { failureThreshold: 1, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0 },
    deadLetters: { path: null, maxPerSource: 100 },
    logMaxRepeatsPerMinute: 5,
    ...over,
  };
}

export function startHarness(o: HarnessOptions): Harness {
  const config = resolveExchangeConfig(baseConfig(o.config));
  const clock = new SimulatedClock();
  const board = new CounterBoard(allocateCounterBoard(exchangeCounterNames()));
  const counters = exchangeCounters(Object.fromEntries(exchangeCounterNames().map((n) => [n, board.counterHandle(n)])));
  const capacity = o.capacity ?? 1 << 14;
  const ports = [...Array.from({ length: config.shardCount }, (_, i) => `shard${i}`), 'recorder'];
  const rings = new Map(ports.map((p) => [p, allocateRing({ capacity })]));
  const producer = (p: string, policy: FullPolicy) => new RingProducer(rings.get(p)!, null, { policy, blockTimeoutMs: 5 });
  const outputs = {
    shards: ports.slice(0, -1).map((p) => producer(p, o.shardPolicy ?? 'conflate')),
    recorder: producer('recorder', 'block'),
  };
  const consumers = new Map(ports.map((p) => [p, new RingConsumer(rings.get(p)!)]));
  const records: Record<string, MarketRecord[]> = Object.fromEntries(ports.map((p) => [p, []]));
  const { log, lines } = captureLog();
  const deadLetters = o.deadLetters?.(config, counters, clock) ?? new MemoryDeadLetterSink(config.exchange, config.deadLetters.maxPerSource, () => clock.now());
  const connector = new ExchangeConnector({
    config, outputs, counters, log, deadLetters, clock,
    random: o.random ?? (() => 0.5),
    ...(o.incarnation === undefined ? {} : { incarnation: o.incarnation }),
    ...(o.feed === undefined ? {} : { feed: o.feed }),
  });
  if (o.start ?? true) connector.start();
  let stopped = false;
  return {
    connector, clock, counters, board, config, lines, deadLetters, records,
    poll() {
      let n = 0;
      for (const [port, c] of consumers) n += c.poll((view, off) => records[port]!.push(readRecord(view, off)), 1 << 16);
      return n;
    },
    counter: (name) => board.value(name),
    async stop() {
      if (stopped) return;
      stopped = true;
      await connector.stop();
    },
  };
}

/** Records of a kind in one port. */
export function kinds(records: readonly MarketRecord[], kind: MarketRecord['kind']): MarketRecord[] {
  return records.filter((r) => r.kind === kind);
}
