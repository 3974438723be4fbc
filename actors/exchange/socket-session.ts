import WebSocket from 'ws';
import type { TimerClock } from './timer-clock.js';

export interface SocketSessionOptions {
  readonly url: string;
  /** ws closes the socket (1009) on a bigger message: a backstop above the parser's own limit. */
  readonly maxPayloadBytes: number;
  readonly connectTimeoutMs: number;
  /** A graceful close that gets no answer within this is finished by destroying the socket. */
  readonly closeTimeoutMs: number;
  readonly clock: TimerClock;
}

export interface SocketSessionHandler {
  onOpen(): void;
  /** Synchronous: parse, write to the rings, publish. Never awaits. */
  onMessage(data: Buffer, isBinary: boolean): void;
  /**
   * Called exactly once, after the socket is fully closed (its close event),
   * whether it ever opened or not. `error` is the last socket error, if any.
   */
  onClosed(code: number, reason: string, error: Error | undefined): void;
}

export type SessionState = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * One WebSocket connection (the `ws` client), from connect to teardown. It
 * knows no exchange: the owner sends the subscribe and keepalive messages it
 * wants. Decisions about frames are the handler's; this class only
 * guarantees the lifecycle:
 *
 *   - text frames arrive as Buffers, unvalidated (`skipUTF8Validation`): bad
 *     UTF-8 is the parser's counted rejection, not a reason for ws to close
 *     the connection; protocol pings are answered by ws itself (autoPong);
 *   - `onClosed` fires once, after the close event: a session is "torn down"
 *     only then, and the owner opens no other socket before it;
 *   - `terminate()` destroys the socket at once (stale feed, dead
 *     keepalive); `close()` says goodbye first and destroys the socket if no
 *     answer comes within closeTimeoutMs (drain, planned replacement).
 */
export class SocketSession {
  private ws: WebSocket | undefined;
  private lastError: Error | undefined;
  private closeTimer: unknown = undefined;
  private finished = false;
  private stateValue: SessionState = 'connecting';

  constructor(
    private readonly o: SocketSessionOptions,
    private readonly handler: SocketSessionHandler,
  ) {}

  get state(): SessionState {
    return this.stateValue;
  }

  open(): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.o.url, {
        maxPayload: this.o.maxPayloadBytes,
        handshakeTimeout: this.o.connectTimeoutMs,
        perMessageDeflate: false,
        skipUTF8Validation: true,
        autoPong: true,
      });
    } catch (err) {
      // A URL ws refuses; config validation makes this unreachable, but it must not throw into a timer.
      this.lastError = err instanceof Error ? err : new Error(String(err));
      queueMicrotask(() => this.finish(1006, 'invalid url'));
      return;
    }
    this.ws = ws;
    ws.on('open', () => {
      if (this.stateValue !== 'connecting') return;
      this.stateValue = 'open';
      this.handler.onOpen();
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.stateValue === 'open') this.handler.onMessage(data, isBinary);
    });
    ws.on('error', (err: Error) => {
      this.lastError = err;
    });
    ws.on('close', (code: number, reason: Buffer) => this.finish(code, reason.toString('utf8')));
  }

  /** Sends one text message if the socket is open; false otherwise (the owner counts nothing lost: it resubscribes on the next socket). */
  send(text: string): boolean {
    if (this.stateValue !== 'open' || this.ws === undefined) return false;
    this.ws.send(text);
    return true;
  }

  /** Graceful close (code 1000 unless given); destroyed after closeTimeoutMs. */
  close(code = 1000, reason = 'client closing'): void {
    if (this.stateValue === 'closed' || this.stateValue === 'closing') return;
    if (this.stateValue === 'connecting' || this.ws === undefined) {
      this.terminate();
      return;
    }
    this.stateValue = 'closing';
    this.ws.close(code, reason);
    this.closeTimer = this.o.clock.setTimeout(() => {
      this.closeTimer = undefined;
      this.ws?.terminate();
    }, this.o.closeTimeoutMs);
  }

  /** Destroys the socket now; onClosed follows with the close event. */
  terminate(): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closing';
    this.ws?.terminate();
  }

  private finish(code: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.stateValue = 'closed';
    if (this.closeTimer !== undefined) this.o.clock.clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.ws?.removeAllListeners();
    // A late error from the dead socket must not become an uncaught 'error' event.
    this.ws?.on('error', () => {});
    this.ws = undefined;
    this.handler.onClosed(code, reason, this.lastError);
  }
}
