import { describe, expect, it } from 'vitest';
import { dashboardFrame } from '../../../src/host/dashboard/dashboard-frame.js';
import { kDashboardHtml } from '../../../src/host/dashboard/dashboard-page.js';
import { actor, exchange, kNow, snapshot } from './status-fixtures.js';

describe('dashboardFrame', () => {
  it('keys every row and orders rows by key, so the page can patch in place', () => {
    const frame = dashboardFrame(
      snapshot({
        actors: [actor('shard.0'), actor('exchange.okx', { restarts: 2, lastFailure: { reason: 'crash', exitCode: 1, atMs: kNow, message: 'boom' } })],
        exchanges: { okx: exchange(), bybit: exchange({ lastDataAgeMs: 20_000 }), binance: exchange({ enabled: false }) },
        spreads: [
          { symbol: 'ETH-USDT', buy: 'okx', sell: 'bybit', spreadBps: -0.5, mid: 3000, ts: kNow - 1_000 },
          { symbol: 'BTC-USDT', buy: 'bybit', sell: 'okx', spreadBps: 1.5, mid: 64_000, ts: kNow - 200, window: { min: -1, max: 2, mean: 0.3, stddev: 0.4, count: 10 } },
        ],
      }),
      { status: 'degraded', reasons: ['exchange bybit: no data for 20.0 s (stale after 10 s)'] },
    );
    expect(frame.actors.map((a) => a.k)).toEqual(['exchange.okx', 'shard.0']);
    expect(frame.actors[0]).toMatchObject({ restarts: 2, lastFailure: 'crash: boom' });
    expect(frame.spreads.map((s) => s.k)).toEqual(['BTC-USDT bybit>okx', 'ETH-USDT okx>bybit']);
    expect(frame.spreads[0]).toMatchObject({ bps: 1.5, ageMs: 200, min: -1, max: 2, mean: 0.3 });
    expect(frame.spreads[1]).toMatchObject({ min: null, max: null, mean: null });
    expect(frame.exchanges.map((e) => [e.k, e.stale])).toEqual([
      ['bybit', true],
      ['okx', false],
    ]);
    expect(frame.status).toBe('degraded');
  });
});

describe('dashboard page', () => {
  it('is one self-contained document that writes data only through textContent', () => {
    expect(kDashboardHtml).toMatch(/^<!doctype html>/);
    expect(kDashboardHtml).not.toMatch(/<script src|<link |https?:\/\//);
    expect(kDashboardHtml).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    for (const id of ['spreads', 'actors', 'rings', 'exchanges', 'status', 'reasons']) expect(kDashboardHtml).toContain(`id="${id}"`);
  });
});
