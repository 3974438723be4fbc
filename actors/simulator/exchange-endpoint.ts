import uWS from 'uWebSockets.js';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { CorrelatedPriceModel, Quote } from './price-model.js';
import { buildMalformedFrame, kMalformedKinds, type MalformedKind } from './protocols/malformed.js';
import { newSession, type EncodedUpdate, type SimProtocol, type SimSession } from './protocols/protocol.js';
import { EndpointCounters, type EndpointStats } from './endpoint-stats.js';
import { SubscriberIndex } from './subscriber-index.js';
import { VenueFaults, type StallOptions } from './venue-faults.js';

export type { EndpointStats } from './endpoint-stats.js';
export type { StallOptions } from './venue-faults.js';

export interface EndpointConfig {
  readonly protocol: SimProtocol;
  readonly model: CorrelatedPriceModel;
  /** This venue's index in the price model. */
  readonly venue: number;
  readonly symbolCount: number;
  readonly host: string;
  readonly port: number;
  readonly idleTimeoutSec: number;
  readonly serverPingIntervalMs: number;
  readonly maxBufferedBytes: number;
  readonly clock: () => number;
}

export interface DisconnectOptions {
  /** Drop the TCP connection without a close frame (the client sees 1006). */
  readonly abrupt?: boolean;
  readonly code?: number;
  readonly reason?: string;
}

interface UserData {
  session: SimSession;
  initialSymbols: readonly number[];
  /** Set in `open`; the registry entry of this socket. */
  conn: Connection | undefined;
}

interface Connection {
  readonly ws: uWS.WebSocket<UserData>;
  readonly session: SimSession;
  open: boolean;
}

/** Burst frames produced per pump call at most, so a large burst does not block the event loop. */
const kBurstFramesPerPump = 20_000;
/** Burst frames per chunk; a chunk of our frames (under 1 KiB each) fits in kBurstHeadroomBytes. */
const kBurstChunk = 32;
const kBurstHeadroomBytes = 32 * 1024;
/** A reused placeholder quote for malformed frames before a symbol has ever been quoted. */
const kPlaceholderQuote: Quote = { bidTicks: 100, askTicks: 101, bidLots: 1, askLots: 1, changed: 3 };

/**
 * One venue of the simulator: a uWS app on its own port speaking one
 * protocol, its connections, and the faults injected into it. The frame pump
 * calls `pump(n)` with the number of data frames to produce now; everything
 * else here reacts to sockets and to fault controls.
 *
 * Backpressure contract: a data frame for a connection whose uWS buffer
 * holds more than `maxBufferedBytes` is skipped and counted in
 * `framesDropped`; nothing is ever queued beyond that bound.
 */
export class UwsExchangeEndpoint {
  readonly exchange: ExchangeName;
  rate = 0;
  private readonly cfg: EndpointConfig;
  private readonly app: uWS.TemplatedApp;
  private listenSocket: uWS.us_listen_socket | undefined;
  private boundPort = 0;
  private readonly conns = new Set<Connection>();
  private readonly subscribers: SubscriberIndex;
  private nextConnId = 1;
  private readonly batch: EncodedUpdate[] = [];
  private pingTimer: NodeJS.Timeout | undefined;

  private readonly faults: VenueFaults;
  private readonly n = new EndpointCounters();

  constructor(cfg: EndpointConfig) {
    this.cfg = cfg;
    this.exchange = cfg.protocol.exchange;
    this.subscribers = new SubscriberIndex(cfg.symbolCount);
    this.faults = new VenueFaults(cfg.clock);
    this.app = uWS.App();
    const behavior = this.behavior();
    for (const route of cfg.protocol.routes) this.app.ws<UserData>(route, behavior);
    this.app.any('/*', (res) => {
      res.writeStatus('404 Not Found').end('not a simulator endpoint');
    });
  }

  /** Binds the port; resolves with it, or rejects naming the host and port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.app.listen(this.cfg.host, this.cfg.port, (socket) => {
        if (!socket) {
          reject(new Error(`simulator.ports.${this.exchange}: cannot listen on ${this.cfg.host}:${this.cfg.port}`));
          return;
        }
        this.listenSocket = socket;
        this.boundPort = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
        if (this.cfg.serverPingIntervalMs > 0) {
          this.pingTimer = setInterval(() => this.pingAll(), this.cfg.serverPingIntervalMs);
        }
        resolve(this.boundPort);
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `ws://${this.cfg.host}:${this.boundPort}${this.cfg.protocol.defaultPath}`;
  }

  /**
   * Sends `n` data frames now, then as much of a pending burst as the
   * connections have room for: burst frames are produced in small chunks
   * and only while every connection is below the bound less a chunk's worth,
   * so a burst is delivered whole at the client's pace rather than dropped.
   */
  pump(n: number): void {
    const faults = this.faults;
    if (this.subscribers.total === 0 || faults.stalled) return;
    const now = this.cfg.clock();
    if (n > 0) this.produce(n, now);
    let budget = kBurstFramesPerPump;
    const roomNeeded = this.cfg.maxBufferedBytes - kBurstHeadroomBytes;
    while (faults.pendingBurst > 0 && budget > 0 && !this.anyBufferedAbove(roomNeeded)) {
      const take = Math.min(faults.pendingBurst, kBurstChunk, budget);
      faults.pendingBurst -= take;
      budget -= take;
      this.produce(take, now);
    }
  }

  // ---- fault controls ------------------------------------------------------

  /** Closes every connection of this venue. */
  disconnect(options: DisconnectOptions = {}): number {
    const victims = [...this.conns];
    for (const c of victims) {
      if (!c.open) continue;
      if (options.abrupt) c.ws.close();
      else c.ws.end(options.code ?? 1001, options.reason ?? 'simulated disconnect');
    }
    this.n.disconnects += victims.length;
    return victims.length;
  }

  /** Stops data (and with `silent`, every reply) for `ms`, or until `resume()` when ms is omitted. */
  stall(ms?: number, options: StallOptions = {}): void {
    this.faults.stall(ms, options);
  }

  resume(): void {
    this.faults.resume();
  }

  /** Rejects WebSocket upgrades with an HTTP status for `ms` (omitted: until acceptConnections). */
  refuseConnections(ms?: number, status: 429 | 503 = 503): void {
    this.faults.refuse(ms, status);
  }

  acceptConnections(): void {
    this.faults.acceptConnections();
  }

  /** Sends `count` bad frames to every connection, cycling through `kinds`. */
  sendMalformed(count: number, kinds: readonly MalformedKind[] = kMalformedKinds): number {
    const now = this.cfg.clock();
    const symbol = this.subscribers.first();
    let sent = 0;
    for (let i = 0; i < count; i++) {
      const kind = kinds[i % kinds.length]!;
      const quote = this.cfg.model.peek(this.cfg.venue, symbol);
      const valid = this.cfg.protocol.encode(symbol, quote.bidTicks > 0 ? quote : kPlaceholderQuote, now).main;
      const frame = buildMalformedFrame(this.cfg.protocol, kind, valid, symbol, now);
      for (const c of this.conns) {
        if (!c.open || c.ws.getBufferedAmount() > this.cfg.maxBufferedBytes) continue;
        c.ws.send(frame.data, frame.binary);
        sent++;
      }
    }
    this.n.malformedSent += sent;
    return sent;
  }

  /** Queues `count` extra data frames, sent as fast as backpressure allows on top of the rate. */
  burst(count: number): void {
    this.faults.pendingBurst += count;
  }

  /** The feed restarts: sequence numbers begin again (Bybit: a `u`=1 snapshot). */
  resetSequences(): void {
    this.cfg.protocol.resetSequences([...this.conns].map((c) => c.session));
  }

  stats(): EndpointStats {
    return {
      url: this.url,
      port: this.boundPort,
      connections: this.conns.size,
      subscriptions: this.subscribers.total,
      rate: this.rate,
      framesSent: this.n.framesSent,
      framesDropped: this.n.framesDropped,
      bytesSent: this.n.bytesSent,
      repliesSent: this.n.repliesSent,
      malformedSent: this.n.malformedSent,
      pingsSent: this.n.pingsSent,
      connectionsAccepted: this.n.accepted,
      connectionsRefused: this.n.refused,
      disconnectsInjected: this.n.disconnects,
      stalled: this.faults.stalled,
      refusing: this.faults.refusing,
      pendingBurst: this.faults.pendingBurst,
    };
  }

  /**
   * Closes every connection (with a close frame, or at once when `abrupt`)
   * and the listening socket. Idempotent.
   */
  close(abrupt = false): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    for (const c of [...this.conns]) {
      if (!c.open) continue;
      if (abrupt) c.ws.close();
      else c.ws.end(1001, 'simulator stopping');
    }
    if (this.listenSocket) uWS.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    // Present in the native build though missing from its typings; frees the app's loop resources.
    (this.app as unknown as { close?: () => void }).close?.();
  }

  // ---- internals -------------------------------------------------------------

  private behavior(): uWS.WebSocketBehavior<UserData> {
    return {
      maxPayloadLength: 64 * 1024,
      idleTimeout: this.cfg.idleTimeoutSec,
      // Our own bound (maxBufferedBytes) decides what to skip; uWS's is only a backstop.
      maxBackpressure: this.cfg.maxBufferedBytes * 2 + 64 * 1024,
      sendPingsAutomatically: false,
      compression: uWS.DISABLED,
      upgrade: (res, req, context) => {
        if (this.faults.refusing) {
          this.n.refused++;
          res.writeStatus(this.faults.refuseStatus).end('simulated refusal');
          return;
        }
        const accepted = this.cfg.protocol.accept(req.getUrl(), req.getQuery() ?? '');
        if (!accepted) {
          res.writeStatus('404 Not Found').end('unknown stream path');
          return;
        }
        const session = newSession(this.connIdFor(this.nextConnId++), this.cfg.symbolCount);
        session.combined = accepted.combined;
        res.upgrade<UserData>(
          { session, initialSymbols: accepted.symbols, conn: undefined },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        const data = ws.getUserData();
        const conn: Connection = { ws, session: data.session, open: true };
        data.conn = conn;
        this.conns.add(conn);
        this.n.accepted++;
        for (const s of data.initialSymbols) {
          if (data.session.subscribed[s] === 1) continue;
          data.session.subscribed[s] = 1;
          this.subscribers.add(s);
        }
      },
      message: (ws, message) => {
        const conn = this.connOf(ws);
        if (!conn) return;
        const text = Buffer.from(message).toString('utf8');
        const outcome = this.cfg.protocol.handleText(conn.session, text);
        for (const s of outcome.subscribed) this.subscribers.add(s);
        for (const s of outcome.unsubscribed) this.subscribers.remove(s);
        if (!this.faults.silent) {
          for (const r of outcome.replies) {
            ws.send(r, false);
            this.n.repliesSent++;
          }
        }
        if (this.cfg.protocol.snapshotOnSubscribe && outcome.subscribed.length > 0 && !this.faults.stalled) {
          this.deliver(outcome.subscribed.map((s) => this.encodeNext(s, this.cfg.clock())));
        }
      },
      close: (ws) => {
        const conn = this.connOf(ws);
        if (!conn) return;
        conn.open = false;
        this.conns.delete(conn);
        const subs = conn.session.subscribed;
        for (let s = 0; s < subs.length; s++) if (subs[s] === 1) this.subscribers.remove(s);
      },
    };
  }

  /**
   * Sends each update to every open connection subscribed to its symbol, one
   * cork per connection. The buffered amount is read from uWS only when a
   * pessimistic running estimate (everything sent so far still buffered)
   * says the bound may be reached, so a client that keeps up costs one read
   * per batch rather than one per frame.
   */
  private deliver(updates: readonly EncodedUpdate[]): void {
    const limit = this.cfg.maxBufferedBytes;
    const protocol = this.cfg.protocol;
    const n = this.n;
    for (const c of this.conns) {
      if (!c.open) continue;
      const { ws, session } = c;
      ws.cork(() => {
        let room = limit - ws.getBufferedAmount();
        for (let i = 0; i < updates.length; i++) {
          const u = updates[i]!;
          if (session.subscribed[u.symbol] !== 1) continue;
          if (room < 0) {
            room = limit - ws.getBufferedAmount();
            if (room < 0) {
              n.framesDropped++;
              continue;
            }
          }
          const frame = protocol.frameFor(session, u);
          ws.send(frame, false);
          n.framesSent++;
          n.bytesSent += frame.length;
          room -= frame.length;
        }
      });
    }
  }

  private produce(count: number, now: number): void {
    const batch = this.batch;
    batch.length = 0;
    for (let i = 0; i < count; i++) batch.push(this.encodeNext(this.subscribers.next(), now));
    this.deliver(batch);
  }

  private encodeNext(symbol: number, now: number): EncodedUpdate {
    const quote = this.cfg.model.next(this.cfg.venue, symbol, now);
    return this.cfg.protocol.encode(symbol, quote, now);
  }

  private pingAll(): void {
    if (this.faults.silent) return;
    for (const c of this.conns) {
      if (!c.open) continue;
      c.ws.ping();
      this.n.pingsSent++;
    }
  }

  private anyBufferedAbove(bytes: number): boolean {
    for (const c of this.conns) if (c.open && c.ws.getBufferedAmount() > bytes) return true;
    return false;
  }

  private connOf(ws: uWS.WebSocket<UserData>): Connection | undefined {
    return ws.getUserData().conn;
  }

  /** Opaque connection ids in the venues' style: 8 hex digits (OKX) inside a uuid-like string (Bybit). */
  private connIdFor(n: number): string {
    const h = (Math.imul(n, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
    return this.exchange === 'okx' ? h : `${h}-${this.exchange.slice(0, 4)}-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}
