import type { ExchangeFeed } from '../../src/market/exchanges/base/exchange-feed.js';
import type { ExchangeParser } from '../../src/market/exchanges/base/exchange-parser.js';
import { ControlKind, isSequenceBreak, kControlKindNames, type TicksResult } from '../../src/market/exchanges/base/parse-result.js';
import type { ConnectionPlan } from '../../src/market/exchanges/base/plan-connections.js';
import { kFlagCrossed } from '../../src/market/tick-layout.js';
import { kAllSymbols } from '../../src/market/tick.js';
import type { BreakerSettings, BreakerState } from '../../src/runtime/machines/breaker-machine.js';
import type { ConnectPacer } from './connect-pacer.js';
import type { ExchangeCounters } from './counters.js';
import { OutgoingPacer } from './outgoing-pacer.js';
import { ReconnectController } from './reconnect-controller.js';
import type { RejectedFrameHandler } from './rejected-frame-handler.js';
import type { LineLogger, RepeatLimitedLog } from './repeat-limiter.js';
import type { RingTickWriter } from './ring-tick-writer.js';
import { SocketSession, type SocketSessionHandler } from './socket-session.js';
import { StaleFeedWatchdog } from './stale-feed-watchdog.js';
import { TextPingKeepalive } from './text-ping-keepalive.js';
import { OneShotTimer, type TimerClock } from './timer-clock.js';

export interface FeedConnectionOptions {
  readonly exchange: string;
  readonly feed: ExchangeFeed;
  readonly plan: ConnectionPlan;
  /** One connection carries every symbol: its disconnect gap is one kAllSymbols marker. */
  readonly carriesAllSymbols: boolean;
  readonly parser: ExchangeParser;
  readonly writer: RingTickWriter;
  /** Publishes every output (and retries held conflated records); called after each frame that wrote. */
  readonly publish: () => void;
  readonly rejections: RejectedFrameHandler;
  readonly counters: ExchangeCounters;
  readonly log: LineLogger;
  readonly limitedLog: RepeatLimitedLog;
  readonly clock: TimerClock;
  readonly nowUs: () => number;
  readonly random: () => number;
  readonly pacer: ConnectPacer;
  readonly breaker: BreakerSettings;
  readonly staleAfterMs: number;
  readonly maxFrameBytes: number;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  /** A unique seq for the next gap marker (the recorder keys gaps by it). */
  readonly nextGapSeq: () => number;
}

export interface FeedConnectionStats {
  readonly connection: 'connecting' | 'open' | 'closed';
  readonly breaker: BreakerState;
  readonly lastMessageAtMs: number | null;
  readonly lastDataAtMs: number | null;
  readonly connectedSince: number | null;
  readonly connects: number;
  readonly subscribedSymbols: number;
  readonly url: string;
}

/** Why the current socket is being closed by us; null while the remote side may close it. */
type CloseCause = 'stale' | 'pong_timeout' | 'planned' | 'shutdown' | null;

/**
 * One WebSocket connection of an exchange actor with everything around it:
 * reconnects under the breaker, resubscription, keepalive, the stale-feed
 * watchdog, a planned replacement before the exchange's lifetime limit, gap
 * markers on every disconnect and on sequence breaks.
 *
 * The socket callback (`onMessage`) is the hot path and is synchronous:
 * parse → write to the rings → publish. No await, no timer work per frame.
 *
 * Lifecycle of one socket: connect → open (parser reset, watchdog and
 * keepalive started, subscribe requests paced out) → healthy (first ack or
 * data: breaker SUCCESS) → closed (gap marker if it had opened; breaker
 * FAILURE unless planned or shutting down) → the controller decides when the
 * next socket opens. A new socket is only ever opened after the old one's
 * close event.
 */
export class FeedConnection implements SocketSessionHandler {
  private readonly controller: ReconnectController;
  private readonly watchdog: StaleFeedWatchdog;
  private readonly watchdogTimer: OneShotTimer;
  private readonly plannedTimer: OneShotTimer;
  private readonly outgoing: OutgoingPacer;
  private readonly keepalive: TextPingKeepalive | null;
  private readonly topicsPerRequest: ReadonlyMap<string, number>;
  private session: SocketSession | null = null;
  private closeCause: CloseCause = null;
  private healthy = false;
  private stopping = false;
  private onShutdownClosed: (() => void) | null = null;
  private attempted = false;
  private openedAt: number | null = null;
  private lastMessageAt: number | null = null;
  private lastDataAt: number | null = null;
  private frames = 0;
  private opens = 0;
  private subscribed = 0;
  private epoch = 0;

  constructor(private readonly o: FeedConnectionOptions) {
    this.watchdog = new StaleFeedWatchdog(o.staleAfterMs);
    this.watchdogTimer = new OneShotTimer(o.clock, () => this.checkStale());
    this.plannedTimer = new OneShotTimer(o.clock, () => this.replacePlanned());
    this.outgoing = new OutgoingPacer(o.feed.limits.maxOutgoingMessagesPerSecond, o.clock, (text) => this.sendNow(text));
    const ka = o.feed.keepalive;
    this.keepalive = ka.kind === 'send-text-pings'
      ? new TextPingKeepalive(ka, o.clock, {
        lastFrameAt: () => this.lastMessageAt ?? this.openedAt ?? o.clock.now(),
        frameCount: () => this.frames,
      }, (text) => this.outgoing.enqueue(text), () => this.fail('pong_timeout'))
      : null;
    const per = o.feed.limits.maxTopicsPerSubscribe;
    this.topicsPerRequest = new Map(o.plan.subscribeMessages.map((m, i) => [m, Math.min(per, o.plan.topics.length - i * per)]));
    this.controller = new ReconnectController({
      breaker: o.breaker,
      clock: o.clock,
      random: o.random,
      pacer: o.pacer,
      connect: () => this.connect(),
      onBreaker: (state, backoffMs) => o.log.info(
        { category: 'exchange', action: 'breaker', exchange: o.exchange, state, backoffMs, failures: this.controller?.consecutiveFailures },
        `breaker ${state}`,
      ),
    });
  }

  start(): void {
    this.controller.start();
  }

  /** The reconnect controller, for tests and stats. */
  get reconnects(): ReconnectController {
    return this.controller;
  }

  stats(): FeedConnectionStats {
    const s = this.session?.state;
    return {
      connection: s === 'open' ? 'open' : s === 'connecting' ? 'connecting' : 'closed',
      breaker: this.controller.breakerState,
      lastMessageAtMs: this.lastMessageAt,
      lastDataAtMs: this.lastDataAt,
      connectedSince: s === 'open' ? this.openedAt : null,
      connects: this.opens,
      subscribedSymbols: s === 'open' ? this.subscribed : 0,
      url: this.o.plan.url,
    };
  }

  /** Drain: no more reconnects; close the socket cleanly (gap marker written); resolves once it is closed. */
  shutdown(): Promise<void> {
    this.stopping = true;
    this.controller.stop();
    const session = this.session;
    if (session === null) return Promise.resolve();
    return new Promise((resolve) => {
      this.onShutdownClosed = resolve;
      this.closeCause = 'shutdown';
      session.close(1000, 'client shutting down');
    });
  }

  // ---- socket events ---------------------------------------------------------

  onOpen(): void {
    const o = this.o;
    const now = o.clock.now();
    this.openedAt = now;
    this.opens++;
    o.counters.named.connects.add(1);
    this.epoch = o.counters.named.connects.value();
    o.parser.reset();
    this.watchdog.start(now);
    this.watchdogTimer.arm(o.staleAfterMs);
    this.keepalive?.start();
    for (const request of o.plan.subscribeMessages) this.outgoing.enqueue(request);
    if (Number.isFinite(o.feed.limits.maxConnectionMs)) this.plannedTimer.arm(o.feed.limits.maxConnectionMs);
    o.log.info({ category: 'exchange', action: 'connected', exchange: o.exchange, url: o.plan.url, epoch: this.epoch, topics: o.plan.topics.length }, 'connected');
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    const o = this.o;
    const c = o.counters.named;
    const now = o.clock.now();
    this.lastMessageAt = now;
    this.frames++;
    c.framesIn.add(1);
    const recvUs = o.nowUs();
    const r = o.parser.parse(data, recvUs, isBinary);
    if (r.kind === 'ticks') {
      c.dataFrames.add(1);
      this.watchdog.dataSeen(now);
      this.lastDataAt = now;
      if (isSequenceBreak(r.seqCheck)) this.sequenceBreak(r, recvUs);
      const ticks = r.ticks;
      const n = ticks.length;
      o.writer.writeTicks(ticks);
      c.ticksOut.add(n);
      let crossed = 0;
      for (let i = 0; i < n; i++) if ((ticks.at(i).flags & kFlagCrossed) !== 0) crossed++;
      if (crossed > 0) c.crossed.add(crossed);
      o.publish();
      if (!this.healthy) this.markHealthy('data');
    } else if (r.kind === 'control') {
      c.controlFrames.add(1);
      if (r.control === ControlKind.Ack) {
        if (!this.healthy) this.markHealthy('ack');
      } else if (r.control === ControlKind.Error || r.control === ControlKind.Notice) {
        if (r.control === ControlKind.Error) c.controlErrors.add(1);
        o.limitedLog.line('warn', `control:${r.control}`, {
          category: 'exchange', action: 'control_message', exchange: o.exchange, kind: kControlKindNames[r.control], detail: r.detail,
        }, 'exchange reported');
      }
    } else {
      o.rejections.handle(r, data, isBinary, recvUs);
      // A recognised data push that failed validation still proves the feed alive.
      if (r.dataFrame) {
        this.watchdog.dataSeen(now);
        this.lastDataAt = now;
      }
    }
  }

  onClosed(code: number, reason: string, error: Error | undefined): void {
    const o = this.o;
    const wasOpen = this.openedAt !== null;
    const cause = this.closeCause;
    this.stopTimers();
    this.session = null;
    this.openedAt = null;
    this.closeCause = null;
    if (wasOpen) {
      this.writeDisconnectGap();
      // Our own graceful stop is routine; any other close is worth a warning.
      const level = cause === 'shutdown' ? 'info' : 'warn';
      o.log[level]({
        category: 'exchange', action: 'disconnected', exchange: o.exchange, code, reason, cause: cause ?? 'remote',
        err: error?.message, epoch: this.epoch,
      }, 'disconnected');
    } else {
      o.counters.named.connectFailures.add(1);
      o.limitedLog.line('warn', 'connect_failed', {
        category: 'exchange', action: 'connect_failed', exchange: o.exchange, url: o.plan.url, code, err: error?.message,
      }, 'connection attempt failed');
    }
    if (this.stopping) {
      this.onShutdownClosed?.();
      this.onShutdownClosed = null;
      return;
    }
    this.controller.lost(cause !== 'planned');
  }

  // ---- internals -------------------------------------------------------------

  private connect(): void {
    if (this.stopping) return;
    const o = this.o;
    if (this.attempted) o.counters.named.reconnects.add(1);
    this.attempted = true;
    this.healthy = false;
    this.closeCause = null;
    this.subscribed = 0;
    this.session = new SocketSession({
      url: o.plan.url,
      // Frames above maxFrameBytes reach the parser and are dead-lettered; only
      // far bigger ones make ws drop the connection.
      maxPayloadBytes: o.maxFrameBytes * 4,
      connectTimeoutMs: o.connectTimeoutMs,
      closeTimeoutMs: o.closeTimeoutMs,
      clock: o.clock,
    }, this);
    this.session.open();
  }

  private sendNow(text: string): void {
    if (this.session?.send(text) === true) this.subscribed += this.topicsPerRequest.get(text) ?? 0;
  }

  private markHealthy(by: 'ack' | 'data'): void {
    this.healthy = true;
    this.controller.succeeded();
    this.o.log.info({ category: 'exchange', action: 'healthy', exchange: this.o.exchange, by, epoch: this.epoch }, 'feed confirmed');
  }

  private checkStale(): void {
    if (!this.watchdog.isRunning) return;
    const now = this.o.clock.now();
    if (this.watchdog.isStale(now)) this.fail('stale');
    else this.watchdogTimer.arm(this.watchdog.deadline() - now);
  }

  /** The feed is stale or the keepalive found it dead: destroy the socket; onClosed does the rest. */
  private fail(cause: 'stale' | 'pong_timeout'): void {
    const session = this.session;
    if (session === null || this.closeCause !== null) return;
    const c = this.o.counters.named;
    if (cause === 'stale') c.staleFeeds.add(1);
    else c.pongTimeouts.add(1);
    this.o.log.warn({
      category: 'exchange', action: cause === 'stale' ? 'stale_feed' : 'pong_timeout', exchange: this.o.exchange,
      staleAfterMs: this.o.staleAfterMs, lastDataAtMs: this.lastDataAt, lastMessageAtMs: this.lastMessageAt,
    }, cause === 'stale' ? 'no data for staleAfterMs: reconnecting' : 'no answer to keepalive ping: reconnecting');
    this.closeCause = cause;
    session.terminate();
  }

  private replacePlanned(): void {
    const session = this.session;
    if (session === null || this.closeCause !== null) return;
    this.o.counters.named.plannedReconnects.add(1);
    this.o.log.info({ category: 'exchange', action: 'planned_reconnect', exchange: this.o.exchange, maxConnectionMs: this.o.feed.limits.maxConnectionMs }, 'replacing connection before its lifetime limit');
    this.closeCause = 'planned';
    session.close(1000, 'planned reconnect');
  }

  private stopTimers(): void {
    this.watchdog.stop();
    this.watchdogTimer.cancel();
    this.plannedTimer.cancel();
    this.keepalive?.stop();
    this.outgoing.clear();
  }

  /** Every disconnect: consumers must know data may be missing from now until the next tick. */
  private writeDisconnectGap(): void {
    const o = this.o;
    const recvUs = o.nowUs();
    if (o.carriesAllSymbols) {
      o.writer.writeGap(kAllSymbols, recvUs, o.nextGapSeq(), this.epoch);
      o.counters.named.gapsWritten.add(1);
    } else {
      for (const id of o.plan.symbolIds) o.writer.writeGap(id, recvUs, o.nextGapSeq(), this.epoch);
      o.counters.named.gapsWritten.add(o.plan.symbolIds.length);
    }
    o.publish();
  }

  /** The exchange's sequence numbers skipped or restarted: a gap marker per symbol, before its ticks. */
  private sequenceBreak(r: TicksResult, recvUs: number): void {
    const o = this.o;
    o.counters.named.seqGaps.add(1);
    for (let i = 0; i < r.ticks.length; i++) {
      o.writer.writeGap(r.ticks.at(i).symbolId, recvUs, o.nextGapSeq(), this.epoch);
      o.counters.named.gapsWritten.add(1);
    }
    o.limitedLog.line('warn', 'sequence_break', {
      category: 'exchange', action: 'sequence_break', exchange: o.exchange,
      seqCheck: r.seqCheck, exchangeSeq: r.exchangeSeq, prevExchangeSeq: r.prevExchangeSeq,
    }, 'sequence break: gap marker written');
  }
}
