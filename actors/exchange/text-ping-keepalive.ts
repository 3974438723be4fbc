import type { SendTextPings } from '../../src/market/exchanges/base/exchange-feed.js';
import { OneShotTimer, type TimerClock } from './timer-clock.js';

/** What the keepalive reads from its connection; both are plain field reads, updated per frame by the owner. */
export interface FrameActivity {
  /** Clock time of the last frame of any kind. */
  lastFrameAt(): number;
  /** Frames received on this connection so far. */
  frameCount(): number;
}

/**
 * Application-level keepalive for feeds whose client must ping (Bybit
 * `{"op":"ping"}` every 20 s; OKX `ping` after 25 s without any frame).
 * After each ping, if not a single frame arrives within `pongWithinMs`, the
 * connection is dead and `onDead` fires (the owner replaces it). Any frame
 * counts as an answer, not only the pong: a connection that keeps
 * delivering is alive whatever happened to one pong.
 *
 * Feeds whose server pings at the protocol level (Binance) need none of
 * this: ws answers those pings itself.
 *
 * No per-frame timer work: the idle timer re-arms itself when it fires early.
 */
export class TextPingKeepalive {
  private readonly pingTimer: OneShotTimer;
  private readonly pongTimer: OneShotTimer;
  private framesAtPing = 0;
  private running = false;
  pingsSent = 0;

  constructor(
    private readonly policy: SendTextPings,
    private readonly clock: TimerClock,
    private readonly activity: FrameActivity,
    private readonly sendPing: (text: string) => void,
    private readonly onDead: () => void,
  ) {
    this.pingTimer = new OneShotTimer(clock, () => this.pingDue());
    this.pongTimer = new OneShotTimer(clock, () => this.pongDue());
  }

  start(): void {
    this.running = true;
    this.pingTimer.arm(this.policy.everyMs);
  }

  stop(): void {
    this.running = false;
    this.pingTimer.cancel();
    this.pongTimer.cancel();
  }

  private pingDue(): void {
    if (!this.running) return;
    if (this.policy.onlyWhenIdle) {
      const idleFor = this.clock.now() - this.activity.lastFrameAt();
      if (idleFor < this.policy.everyMs) {
        this.pingTimer.arm(this.policy.everyMs - idleFor);
        return;
      }
    }
    this.framesAtPing = this.activity.frameCount();
    this.pingsSent++;
    this.sendPing(this.policy.message);
    if (!this.pongTimer.armed) this.pongTimer.arm(this.policy.pongWithinMs);
    this.pingTimer.arm(this.policy.everyMs);
  }

  private pongDue(): void {
    if (!this.running) return;
    if (this.activity.frameCount() > this.framesAtPing) return;
    this.stop();
    this.onDead();
  }
}
