import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthInput, type HealthStatus } from '../../../src/host/health/assess-health.js';
import { assessReadiness } from '../../../src/host/health/assess-readiness.js';
import { healthThresholds, kDefaultHealthThresholds } from '../../../src/host/health/health-thresholds.js';
import { actor, exchange, healthInput, kNow, recorder, ring, shard } from './status-fixtures.js';

const t = kDefaultHealthThresholds;
const crash = { reason: 'crash', exitCode: 1, atMs: kNow - 2_000, message: 'chaos: injected crash' };

const cases: ReadonlyArray<readonly [string, Partial<HealthInput>, HealthStatus, readonly string[]]> = [
  ['everything nominal', {}, 'healthy', []],
  [
    'a permanent actor given up on',
    { actors: [actor('recorder', { state: 'given_up', restarts: 5, lastFailure: crash })] },
    'unhealthy',
    ['actor recorder: given up after 5 restarts; last failure: crash (exit code 1) "chaos: injected crash"'],
  ],
  ['an escalated actor', { actors: [actor('shard.0', { state: 'escalated', restarts: 1 })] }, 'unhealthy', ['actor shard.0: escalated after 1 restart']],
  [
    'a transient actor given up on is only degraded',
    { actors: [actor('export', { state: 'given_up', restart: 'transient', restarts: 3 })] },
    'degraded',
    ['actor export: given up after 3 restarts'],
  ],
  [
    'an actor in backoff',
    { actors: [actor('exchange.bybit', { state: 'backoff', attempt: 2, restarts: 2, lastFailure: crash })] },
    'degraded',
    ['actor exchange.bybit: restarting (backoff, attempt 2, 2 restarts; last failure: crash (exit code 1) "chaos: injected crash")'],
  ],
  ['an actor starting for the first time', { actors: [actor('shard.0', { state: 'starting', heartbeatAgeMs: null })] }, 'degraded', ['actor shard.0: starting']],
  ['a permanent actor stopped', { actors: [actor('recorder', { state: 'stopped' })] }, 'degraded', ['actor recorder: stopped']],
  ['a temporary actor that finished', { actors: [actor('job', { state: 'stopped', restart: 'temporary' })] }, 'healthy', []],
  ['late heartbeats', { actors: [actor('shard.0', { heartbeatAgeMs: 2_345 })] }, 'degraded', ['actor shard.0: heartbeat 2.3 s old (late after 2 s)']],
  ['heartbeat just inside the limit', { actors: [actor('shard.0', { heartbeatAgeMs: 2_000 })] }, 'healthy', []],
  [
    'a stale exchange',
    { exchanges: { bybit: exchange({ lastDataAgeMs: 12_345, lastMessageAgeMs: 12_345 }) } },
    'degraded',
    ['exchange bybit: no data for 12.3 s (stale after 10 s)'],
  ],
  ['an exchange with no data yet', { exchanges: { okx: exchange({ lastDataAgeMs: null }) } }, 'degraded', ['exchange okx: no data yet']],
  [
    'a disconnected exchange with its breaker open',
    { exchanges: { binance: exchange({ connection: 'disconnected', breaker: 'open', lastDataAgeMs: 3_000 }) } },
    'degraded',
    ['exchange binance: connection disconnected', 'exchange binance: breaker open'],
  ],
  ['a disabled exchange is not judged', { exchanges: { binance: exchange({ enabled: false, connection: 'idle', lastDataAgeMs: null }) } }, 'healthy', []],
  ['ring drops rising', { recentRingDrops: { 'a.out->b.in': 12 }, rings: { 'a.out->b.in': ring({ dropped: 40 }) } }, 'degraded', ['ring a.out->b.in: 12 drops in the last 60 s']],
  ['old drops only', { recentRingDrops: { 'a.out->b.in': 0 }, rings: { 'a.out->b.in': ring({ dropped: 40 }) } }, 'healthy', []],
  ['a nearly full ring', { rings: { 'a.out->b.in': ring({ fill: 1000 }) } }, 'degraded', ['ring a.out->b.in: 98% full (1000 of 1024)']],
  ['a stale shard', { shards: { '1': shard({ state: 'stale' }) } }, 'degraded', ['shard 1: stale']],
  ['a recovering shard', { shards: { '0': shard({ state: 'recovering' }) } }, 'degraded', ['shard 0: recovering']],
  [
    'the recorder refusing data',
    { recorder: recorder({ refusing: true, diskBytes: 10 * 2 ** 30, lagRecords: 500_000 }) },
    'unhealthy',
    ['recorder: refusing new data: disk budget reached (10.0 GiB of 10.0 GiB)'],
  ],
  ['the recorder far behind', { recorder: recorder({ lagRecords: 250_000 }) }, 'degraded', ['recorder: 250000 records behind (over 100000)']],
  [
    'the recorder not committing',
    { recorder: recorder({ lagRecords: 1_200, lastCommitAtMs: kNow - 45_000 }) },
    'degraded',
    ['recorder: no commit for 45.0 s with 1200 records waiting'],
  ],
  ['an idle recorder with nothing to commit', { recorder: recorder({ lagRecords: 0, lastCommitAtMs: kNow - 3_600_000 }) }, 'healthy', []],
  [
    'the disk near its budget',
    { recorder: recorder({ diskBytes: 9.5 * 2 ** 30 }) },
    'degraded',
    ['recorder: disk at 95% of budget (9.5 GiB of 10.0 GiB)'],
  ],
  ['no disk budget', { recorder: recorder({ diskBudgetBytes: 0, diskBytes: 2 ** 40 }) }, 'healthy', []],
  ['no recorder in the topology', { recorder: null }, 'healthy', []],
  [
    'unhealthy reasons come before degraded ones',
    { shards: { '0': shard({ state: 'degraded' }) }, actors: [actor('recorder', { state: 'given_up', restarts: 5 })] },
    'unhealthy',
    ['actor recorder: given up after 5 restarts', 'shard 0: degraded'],
  ],
];

describe('assessHealth', () => {
  it.each(cases)('%s', (_name, over, status, reasons) => {
    expect(assessHealth(healthInput(over), t)).toEqual({ status, reasons });
  });

  it('takes the connected states from the thresholds', () => {
    const input = healthInput({ exchanges: { okx: exchange({ connection: 'streaming' }) } });
    expect(assessHealth(input, t).status).toBe('degraded');
    expect(assessHealth(input, healthThresholds({ connectedStates: ['connected', 'streaming'] })).status).toBe('healthy');
  });
});

describe('assessReadiness', () => {
  it('is ready only when every permanent actor runs', () => {
    expect(assessReadiness([actor('a'), actor('b')])).toEqual({ ready: true, waiting: [] });
    expect(assessReadiness([actor('a', { state: 'backoff' }), actor('b', { state: 'starting' })])).toEqual({
      ready: false,
      waiting: ['a: backoff', 'b: starting'],
    });
    expect(assessReadiness([actor('a'), actor('job', { state: 'stopped', restart: 'temporary' })]).ready).toBe(true);
  });
});

describe('healthThresholds', () => {
  it.each([
    [{ heartbeatLateMs: 0 }, 'health.heartbeatLateMs: must be a positive number, got 0'],
    [{ ringFullFraction: 1.5 }, 'health.ringFullFraction: must be in (0, 1], got 1.5'],
    [{ recorderLagRecords: Number.NaN }, 'health.recorderLagRecords: must be a positive number, got NaN'],
    [{ connectedStates: [] }, 'health.connectedStates: must name at least one connection state'],
  ])('rejects %o naming the key', (bad, message) => {
    expect(() => healthThresholds(bad)).toThrow(message);
  });
});
