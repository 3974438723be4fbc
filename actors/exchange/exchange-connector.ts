import type { ExchangeFeed } from '../../src/market/exchanges/base/exchange-feed.js';
import { planConnections } from '../../src/market/exchanges/base/plan-connections.js';
import { createFeed } from '../../src/market/exchanges/registry.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { kAllSymbols } from '../../src/market/tick.js';
import type { BreakerState } from '../../src/runtime/machines/breaker-machine.js';
import type { ResolvedExchangeConfig } from './config.js';
import { ConnectPacer } from './connect-pacer.js';
import type { ExchangeCounters } from './counters.js';
import type { DeadLetterSink, DeadLetterSinkStats } from './dead-letter-sink.js';
import { FeedConnection, type FeedConnectionStats } from './feed-connection.js';
import { RejectedFrameHandler } from './rejected-frame-handler.js';
import { RepeatLimitedLog, RepeatLimiter, type LineLogger } from './repeat-limiter.js';
import { RingTickWriter, type ExchangeOutputs } from './ring-tick-writer.js';
import { OneShotTimer, systemMicros, systemTimerClock, type TimerClock } from './timer-clock.js';

/** Retry interval for records held by a conflating output while the feed is quiet. */
const kPendingRetryMs = 1;

export interface ExchangeConnectorDeps {
  readonly config: ResolvedExchangeConfig;
  readonly outputs: ExchangeOutputs;
  readonly counters: ExchangeCounters;
  readonly log: LineLogger;
  readonly deadLetters: DeadLetterSink;
  /** Default: systemTimerClock. Tests pass xstate's SimulatedClock. */
  readonly clock?: TimerClock;
  /** Receive time of ticks, µs since the epoch. Default: systemMicros. */
  readonly nowUs?: () => number;
  /** Jitter source of the breaker. Default: Math.random. */
  readonly random?: () => number;
  /** > 1 after a restart: a gap marker covers the time the actor was down. */
  readonly incarnation?: number;
  /** Default: the registry's feed for config.exchange. Tests pass one with smaller limits. */
  readonly feed?: (table: SymbolTable) => ExchangeFeed;
}

/** stats() of the actor (the host polls it for /health). */
export interface ExchangeActorStats extends FeedConnectionStats {
  readonly exchange: string;
  /** One entry per connection when the symbols need several (the fields above aggregate them). */
  readonly connections: readonly FeedConnectionStats[];
  readonly deadLetters: DeadLetterSinkStats;
}

/**
 * The exchange actor without the worker: every connection of one exchange,
 * the shared ring writer, connection pacing, rejection accounting and the
 * dead-letter sink. connection-actor.ts builds it from the worker context;
 * tests build it in-process with real rings, real sockets and a fake clock.
 */
export class ExchangeConnector {
  readonly connections: readonly FeedConnection[];
  readonly writer: RingTickWriter;
  private readonly clock: TimerClock;
  private readonly pendingTimer: OneShotTimer;
  private gapSeq = 0;
  private draining: Promise<void> | undefined;

  constructor(private readonly d: ExchangeConnectorDeps) {
    const cfg = d.config;
    const clock = d.clock ?? systemTimerClock;
    const nowUs = d.nowUs ?? systemMicros;
    this.clock = clock;
    const table = new SymbolTable(cfg.symbols);
    const feed = d.feed?.(table) ?? createFeed(cfg.exchange, table);
    this.writer = new RingTickWriter(d.outputs, feed.exchangeId);
    this.pendingTimer = new OneShotTimer(clock, () => this.publish());
    const limitedLog = new RepeatLimitedLog(d.log, new RepeatLimiter(cfg.logMaxRepeatsPerMinute), () => clock.now(),
      () => d.counters.named.logSuppressed.add(1));
    const rejections = new RejectedFrameHandler(cfg.exchange, d.counters, d.deadLetters, limitedLog);
    const pacer = new ConnectPacer(feed.limits.minConnectIntervalMs);
    const plans = planConnections(feed, table.names.map((_, id) => id), cfg.url);
    // The gap seq only has to be unique per (exchange, recvTs) in the recorder's
    // keys; seeding it from the shared counter keeps it unique across restarts.
    this.gapSeq = d.counters.named.gapsWritten.value();
    this.connections = plans.map((plan) => new FeedConnection({
      exchange: cfg.exchange,
      feed,
      plan,
      carriesAllSymbols: plans.length === 1,
      parser: feed.createParser({ maxFrameBytes: cfg.maxFrameBytes }),
      writer: this.writer,
      publish: () => this.publish(),
      rejections,
      counters: d.counters,
      log: d.log,
      limitedLog,
      clock,
      nowUs,
      random: d.random ?? Math.random,
      pacer,
      breaker: cfg.breaker,
      staleAfterMs: cfg.staleAfterMs,
      maxFrameBytes: cfg.maxFrameBytes,
      connectTimeoutMs: cfg.connectTimeoutMs,
      closeTimeoutMs: cfg.closeTimeoutMs,
      nextGapSeq: () => (this.gapSeq = (this.gapSeq + 1) >>> 0),
    }));
    if ((d.incarnation ?? 1) > 1) {
      // The previous incarnation died: whatever it had not written is missing.
      this.writer.writeGap(kAllSymbols, nowUs(), (this.gapSeq = (this.gapSeq + 1) >>> 0), d.counters.named.connects.value());
      d.counters.named.gapsWritten.add(1);
      this.publish();
    }
  }

  start(): void {
    for (const c of this.connections) c.start();
  }

  /** Publishes every output; while a conflating output still holds records, retries shortly. */
  publish(): void {
    this.writer.publish();
    if (this.writer.pendingCount() > 0 && !this.pendingTimer.armed) this.pendingTimer.arm(kPendingRetryMs);
  }

  /** Closes every socket cleanly (gap markers written), with no reconnect; idempotent. */
  drain(): Promise<void> {
    this.draining ??= Promise.all(this.connections.map((c) => c.shutdown())).then(() => {
      this.publish();
    });
    return this.draining;
  }

  /** After drain: the held conflated records get no more retries; the dead-letter store is closed. */
  async stop(): Promise<void> {
    await this.drain();
    this.pendingTimer.cancel();
    this.writer.publish();
    await this.d.deadLetters.close();
  }

  stats(): ExchangeActorStats {
    const all = this.connections.map((c) => c.stats());
    const first = all[0]!;
    const connection = all.every((s) => s.connection === 'open') ? 'open'
      : all.some((s) => s.connection === 'connecting' || s.connection === 'open') ? 'connecting' : 'closed';
    return {
      exchange: this.d.config.exchange,
      connection,
      breaker: worstBreaker(all.map((s) => s.breaker)),
      lastMessageAtMs: maxOrNull(all.map((s) => s.lastMessageAtMs)),
      lastDataAtMs: maxOrNull(all.map((s) => s.lastDataAtMs)),
      connectedSince: all.every((s) => s.connectedSince !== null) ? Math.max(...all.map((s) => s.connectedSince!)) : null,
      connects: all.reduce((n, s) => n + s.connects, 0),
      subscribedSymbols: all.reduce((n, s) => n + s.subscribedSymbols, 0),
      url: first.url,
      connections: all,
      deadLetters: this.d.deadLetters.stats(),
    };
  }
}

function worstBreaker(states: readonly BreakerState[]): BreakerState {
  if (states.includes('open')) return 'open';
  if (states.includes('half_open')) return 'half_open';
  return 'closed';
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}
