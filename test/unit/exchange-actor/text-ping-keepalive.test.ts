import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { TextPingKeepalive } from '../../../actors/exchange/text-ping-keepalive.js';
import { BybitSpotFeed } from '../../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { OkxPublicFeed } from '../../../src/market/exchanges/okx/okx-public-feed.js';
import type { SendTextPings } from '../../../src/market/exchanges/base/exchange-feed.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';

const table = new SymbolTable(['BTC-USDT']);

function harness(policy: SendTextPings) {
  const clock = new SimulatedClock();
  const pings: number[] = [];
  let dead = 0;
  let lastFrameAt = 0;
  let frames = 0;
  const k = new TextPingKeepalive(policy, clock, { lastFrameAt: () => lastFrameAt, frameCount: () => frames }, () => pings.push(clock.now()), () => dead++);
  return {
    clock, k, pings,
    dead: () => dead,
    frame: () => {
      lastFrameAt = clock.now();
      frames++;
    },
  };
}

describe('TextPingKeepalive', () => {
  it('Bybit: pings every 20 s whatever arrives (feed description)', () => {
    const policy = new BybitSpotFeed(table).keepalive as SendTextPings;
    expect(policy).toMatchObject({ message: '{"op":"ping"}', everyMs: 20_000, onlyWhenIdle: false });
    const h = harness(policy);
    h.k.start();
    for (let t = 0; t < 60_000; t += 1000) {
      h.clock.increment(1000);
      h.frame();
    }
    expect(h.pings).toEqual([20_000, 40_000, 60_000]);
    expect(h.dead()).toBe(0);
  });

  it('OKX: pings only after 25 s without any frame', () => {
    const policy = new OkxPublicFeed(table).keepalive as SendTextPings;
    expect(policy).toMatchObject({ message: 'ping', everyMs: 25_000, onlyWhenIdle: true, pongWithinMs: 25_000 });
    const h = harness(policy);
    h.k.start();
    h.clock.increment(10_000);
    h.frame(); // at 10 s
    h.clock.increment(15_000); // 25 s: only 15 s idle
    expect(h.pings).toEqual([]);
    h.clock.increment(9_999);
    expect(h.pings).toEqual([]);
    h.clock.increment(1); // 35 s: 25 s idle
    expect(h.pings).toEqual([35_000]);
  });

  it('declares the connection dead when no frame at all follows a ping within pongWithinMs', () => {
    const h = harness({ kind: 'send-text-pings', message: 'ping', everyMs: 1000, onlyWhenIdle: false, pongWithinMs: 500 });
    h.k.start();
    h.clock.increment(1000);
    expect(h.pings).toEqual([1000]);
    h.clock.increment(499);
    expect(h.dead()).toBe(0);
    h.clock.increment(1);
    expect(h.dead()).toBe(1);
    h.clock.increment(10_000);
    expect(h.pings).toEqual([1000]); // stopped itself
  });

  it('any frame after the ping counts as an answer; stop() cancels both timers', () => {
    const h = harness({ kind: 'send-text-pings', message: 'ping', everyMs: 1000, onlyWhenIdle: false, pongWithinMs: 500 });
    h.k.start();
    h.clock.increment(1000);
    h.clock.increment(100);
    h.frame();
    h.clock.increment(400);
    expect(h.dead()).toBe(0);
    h.k.stop();
    h.clock.increment(10_000);
    expect(h.pings).toEqual([1000]);
    expect(h.dead()).toBe(0);
  });
});
