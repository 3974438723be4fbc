import uWS from 'uWebSockets.js';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { CorrelatedPriceModel, Quote } from './price-model.js';
import { buildMalformedFrame, kMalformedKinds, type MalformedKind } from './protocols/malformed.js';
import { newSession, type EncodedUpdate, type SimProtocol, type SimSession } from './protocols/protocol.js';

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

export interface EndpointStats {
  readonly url: string;
  readonly port: number;
  readonly connections: number;
  /** Connection × symbol subscriptions. */
  readonly subscriptions: number;
  readonly rate: number;
  readonly framesSent: number;
  readonly framesDropped: number;
  readonly bytesSent: number;
  readonly repliesSent: number;
  readonly malformedSent: number;
  readonly pingsSent: number;
  readonly connectionsAccepted: number;
  readonly connectionsRefused: number;
  readonly disconnectsInjected: number;
  readonly stalled: boolean;
  readonly refusing: boolean;
  readonly pendingBurst: number;
}

export interface StallOptions {
  /** Also swallow replies (acks, pongs) and server pings: the venue goes fully silent. */
  readonly silent?: boolean;
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
export const kBurstHeadroomBytes = 32 * 1024;
/** A reused placeholder quote for malformed frames before a symbol has ever been quoted. */
const kPlaceholderQuote: Quote = { bidTicks: 100, askTicks: 101, bidLots: 1, askLots: 1, changed: 3 };

export class UwsExchangeEndpoint {
  readonly exchange: ExchangeName;
  rate = 0;
  private readonly cfg: EndpointConfig;
  private readonly app: uWS.TemplatedApp;
  private listenSocket: uWS.us_listen_socket | undefined;
  private boundPort = 0;
  private readonly conns = new Set<Connection>();
  /** Connections subscribed per symbol. */
  private readonly subscribers: Uint32Array;
  private subscriptionTotal = 0;
  private nextConnId = 1;
  private roundRobin = 0;
  private readonly batch: EncodedUpdate[] = [];
  private pingTimer: NodeJS.Timeout | undefined;

  private stalledUntil = 0;
  private stallSilent = false;
  private refuseUntil = 0;
  private refuseStatus = '503 Service Unavailable';
  private pendingBurst = 0;

  private framesSent = 0;
  private framesDropped = 0;
  private bytesSent = 0;
  private repliesSent = 0;
  private malformedSent = 0;
  private pingsSent = 0;
  private accepted = 0;
  private refused = 0;
  private disconnects = 0;

  constructor(cfg: EndpointConfig) {
    this.cfg = cfg;
    this.exchange = cfg.protocol.exchange;
    this.subscribers = new Uint32Array(cfg.symbolCount);
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
    const now = this.cfg.clock();
    if (now < this.stalledUntil || this.subscriptionTotal === 0) return;
    if (n > 0) this.produce(n, now);
    let budget = kBurstFramesPerPump;
    const roomNeeded = this.cfg.maxBufferedBytes - kBurstHeadroomBytes;
    while (this.pendingBurst > 0 && budget > 0 && !this.anyBufferedAbove(roomNeeded)) {
      const take = Math.min(this.pendingBurst, kBurstChunk, budget);
      this.pendingBurst -= take;
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
    this.disconnects += victims.length;
    return victims.length;
  }

  /** Stops data (and with `silent`, every reply) for `ms`, or until `resume()` when ms is omitted. */
  stall(ms?: number, options: StallOptions = {}): void {
    this.stalledUntil = ms === undefined ? Number.POSITIVE_INFINITY : this.cfg.clock() + ms;
    this.stallSilent = options.silent ?? false;
  }

  resume(): void {
    this.stalledUntil = 0;
    this.stallSilent = false;
  }

  /** Rejects WebSocket upgrades with an HTTP status for `ms` (omitted: until acceptConnections). */
  refuseConnections(ms?: number, status = 503): void {
    this.refuseUntil = ms === undefined ? Number.POSITIVE_INFINITY : this.cfg.clock() + ms;
    this.refuseStatus = `${status} ${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}`;
  }

  acceptConnections(): void {
    this.refuseUntil = 0;
  }

  /** Sends `count` bad frames to every connection, cycling through `kinds`. */
  sendMalformed(count: number, kinds: readonly MalformedKind[] = kMalformedKinds): number {
    const now = this.cfg.clock();
    const symbol = this.firstSubscribedSymbol();
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
    this.malformedSent += sent;
    return sent;
  }

  /** Queues `count` extra data frames, sent as fast as backpressure allows on top of the rate. */
  burst(count: number): void {
    this.pendingBurst += count;
  }

  /** The feed restarts: sequence numbers begin again (Bybit: a `u`=1 snapshot). */
  resetSequences(): void {
    this.cfg.protocol.resetSequences([...this.conns].map((c) => c.session));
  }

  stats(): EndpointStats {
    const now = this.cfg.clock();
    return {
      url: this.url,
      port: this.boundPort,
      connections: this.conns.size,
      subscriptions: this.subscriptionTotal,
      rate: this.rate,
      framesSent: this.framesSent,
      framesDropped: this.framesDropped,
      bytesSent: this.bytesSent,
      repliesSent: this.repliesSent,
      malformedSent: this.malformedSent,
      pingsSent: this.pingsSent,
      connectionsAccepted: this.accepted,
      connectionsRefused: this.refused,
      disconnectsInjected: this.disconnects,
      stalled: now < this.stalledUntil,
      refusing: now < this.refuseUntil,
      pendingBurst: this.pendingBurst,
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
        const now = this.cfg.clock();
        if (now < this.refuseUntil) {
          this.refused++;
          res.writeStatus(this.refuseStatus).end('simulated refusal');
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
        this.accepted++;
        for (const s of data.initialSymbols) {
          if (data.session.subscribed[s] === 1) continue;
          data.session.subscribed[s] = 1;
          this.addSubscriber(s);
        }
      },
      message: (ws, message) => {
        const conn = this.connOf(ws);
        if (!conn) return;
        const text = Buffer.from(message).toString('utf8');
        const outcome = this.cfg.protocol.handleText(conn.session, text);
        for (const s of outcome.subscribed) this.addSubscriber(s);
        for (const s of outcome.unsubscribed) this.removeSubscriber(s);
        const silent = this.stallSilent && this.cfg.clock() < this.stalledUntil;
        if (!silent) {
          for (const r of outcome.replies) {
            ws.send(r, false);
            this.repliesSent++;
          }
        }
        if (this.cfg.protocol.snapshotOnSubscribe && outcome.subscribed.length > 0 && this.cfg.clock() >= this.stalledUntil) {
          this.deliver(outcome.subscribed.map((s) => this.encodeNext(s, this.cfg.clock())));
        }
      },
      close: (ws) => {
        const conn = this.connOf(ws);
        if (!conn) return;
        conn.open = false;
        this.conns.delete(conn);
        const subs = conn.session.subscribed;
        for (let s = 0; s < subs.length; s++) if (subs[s] === 1) this.removeSubscriber(s);
      },
    };
  }

  /** Sends each update to every open connection subscribed to its symbol, one cork per connection. */
  private deliver(updates: readonly EncodedUpdate[]): void {
    const limit = this.cfg.maxBufferedBytes;
    const protocol = this.cfg.protocol;
    for (const c of this.conns) {
      if (!c.open) continue;
      const { ws, session } = c;
      ws.cork(() => {
        for (let i = 0; i < updates.length; i++) {
          const u = updates[i]!;
          if (session.subscribed[u.symbol] !== 1) continue;
          if (ws.getBufferedAmount() > limit) {
            this.framesDropped++;
            continue;
          }
          const frame = protocol.frameFor(session, u);
          ws.send(frame, false);
          this.framesSent++;
          this.bytesSent += frame.length;
        }
      });
    }
  }

  private produce(count: number, now: number): void {
    const batch = this.batch;
    batch.length = 0;
    for (let i = 0; i < count; i++) batch.push(this.encodeNext(this.nextSubscribedSymbol(), now));
    this.deliver(batch);
  }

  private encodeNext(symbol: number, now: number): EncodedUpdate {
    const quote = this.cfg.model.next(this.cfg.venue, symbol, now);
    return this.cfg.protocol.encode(symbol, quote, now);
  }

  private pingAll(): void {
    if (this.stallSilent && this.cfg.clock() < this.stalledUntil) return;
    for (const c of this.conns) {
      if (!c.open) continue;
      c.ws.ping();
      this.pingsSent++;
    }
  }

  /** Round-robin over symbols that have at least one subscriber; callers ensure there is one. */
  private nextSubscribedSymbol(): number {
    const n = this.subscribers.length;
    for (let k = 0; k < n; k++) {
      const s = this.roundRobin;
      this.roundRobin = s + 1 === n ? 0 : s + 1;
      if (this.subscribers[s]! > 0) return s;
    }
    return 0;
  }

  private firstSubscribedSymbol(): number {
    const i = this.subscribers.findIndex((c) => c > 0);
    return i < 0 ? 0 : i;
  }

  private anyBufferedAbove(bytes: number): boolean {
    for (const c of this.conns) if (c.open && c.ws.getBufferedAmount() > bytes) return true;
    return false;
  }

  private addSubscriber(symbol: number): void {
    this.subscribers[symbol]!++;
    this.subscriptionTotal++;
  }

  private removeSubscriber(symbol: number): void {
    this.subscribers[symbol]!--;
    this.subscriptionTotal--;
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
