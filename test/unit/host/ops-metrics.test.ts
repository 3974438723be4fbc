import { describe, expect, it } from 'vitest';
import { actorCounterMetricName, splitCounterKey } from '../../../src/host/metrics/actor-counter-families.js';
import { OpsMetrics } from '../../../src/host/metrics/ops-metrics.js';
import type { StatusSnapshot } from '../../../src/host/status/status-snapshot.js';
import type { StatusSource } from '../../../src/host/status/status-source.js';
import { parseExposition } from './exposition.js';
import { actor, exchange, kNow, recorder, ring, snapshot } from './status-fixtures.js';

/** A source that serves a mutable snapshot and counts how often each part is read. */
function literalSource(initial: StatusSnapshot): { source: StatusSource; set(s: StatusSnapshot): void; reads: Map<string, number> } {
  let s = initial;
  const reads = new Map<string, number>();
  const read = <T>(key: string, value: () => T): T => {
    reads.set(key, (reads.get(key) ?? 0) + 1);
    return value();
  };
  const source: StatusSource = {
    uptimeMs: () => read('uptimeMs', () => s.uptimeMs),
    actors: () => read('actors', () => s.actors),
    rings: () => read('rings', () => s.rings),
    counters: () => read('counters', () => s.counters),
    exchanges: () => read('exchanges', () => s.exchanges),
    shards: () => read('shards', () => s.shards),
    recorder: () => read('recorder', () => s.recorder),
    spreads: () => read('spreads', () => s.spreads),
    actorMetrics: () => read('actorMetrics', () => s.actorMetrics),
    bounds: () => ({}),
  };
  return { source, set: (next) => (s = next), reads };
}

const ringName = 'exchange.okx.toShard0->shard.0.okx';

describe('OpsMetrics', () => {
  it('renders every family from one reading of the source, prefixed ringmaster_', async () => {
    const { source, reads } = literalSource(snapshot());
    const metrics = new OpsMetrics({ source, now: () => kNow, processMetrics: false });
    const { samples, types, helps } = parseExposition(await metrics.render());

    for (const name of types.keys()) expect(name).toMatch(/^ringmaster_[a-z0-9_]+$/);
    for (const [name, type] of types) if (name.endsWith('_total')) expect(type, name).toBe('counter');
    for (const name of types.keys()) expect(helps.get(name), name).toBeTruthy();
    for (const key of reads.keys()) expect(reads.get(key), key).toBe(1);

    expect(samples.get('ringmaster_uptime_seconds')).toBe(61);
    expect(samples.get('ringmaster_health_status{status="healthy"}')).toBe(1);
    expect(samples.get('ringmaster_ready')).toBe(1);
    expect(samples.get('ringmaster_actor_state{actor="recorder",state="running"}')).toBe(1);
    expect(samples.get('ringmaster_actor_state{actor="recorder",state="backoff"}')).toBe(0);
    expect(samples.get('ringmaster_actor_heartbeat_age_seconds{actor="shard.0"}')).toBe(0.04);
    expect(samples.get('ringmaster_actor_heap_used_bytes{actor="exchange.okx"}')).toBe(12_000_000);
    expect(samples.get('ringmaster_actor_event_loop_utilization_ratio{actor="exchange.okx"}')).toBe(0.25);
    expect(samples.get(`ringmaster_ring_fill{ring="${ringName}"}`)).toBe(10);
    expect(samples.get(`ringmaster_ring_written_total{ring="${ringName}"}`)).toBe(5000);
    expect(samples.get(`ringmaster_ring_high_watermark{ring="${ringName}"}`)).toBe(40);
    expect(samples.get('ringmaster_actor_ticks_out_total{actor="exchange.okx"}')).toBe(12345);
    expect(samples.get('ringmaster_actor_parse_errors_total{actor="exchange.okx"}')).toBe(2);
    expect(samples.get('ringmaster_exchange_last_data_age_seconds{exchange="okx"}')).toBe(0.08);
    expect(samples.get('ringmaster_exchange_stale{exchange="okx"}')).toBe(0);
    expect(samples.get('ringmaster_exchange_breaker_state{exchange="okx",state="closed"}')).toBe(1);
    expect(samples.get('ringmaster_shard_windows{shard="0"}')).toBe(12);
    expect(samples.get('ringmaster_recorder_lag_records')).toBe(20);
    expect(samples.get('ringmaster_recorder_last_commit_timestamp_seconds')).toBe((kNow - 100) / 1000);
    expect(samples.get('ringmaster_spread_bps{symbol="BTC-USDT",buy="okx",sell="bybit"}')).toBe(1.25);
  });

  it('reads the source only when scraped, and follows it between scrapes', async () => {
    const live = literalSource(snapshot());
    const metrics = new OpsMetrics({ source: live.source, now: () => kNow, processMetrics: false });
    expect(live.reads.size).toBe(0);
    await metrics.render();
    live.set(
      snapshot({
        actors: [actor('exchange.okx', { state: 'backoff', restarts: 3, incarnation: 4, heartbeatAgeMs: null })],
        rings: { [ringName]: ring({ dropped: 7 }) },
        counters: { 'exchange.okx.ticksOut': 20_000 },
        exchanges: { okx: exchange({ lastDataAgeMs: 15_000 }) },
        recorder: null,
      }),
    );
    const { samples, types } = parseExposition(await metrics.render());
    expect(live.reads.get('counters')).toBe(2);
    expect(samples.get('ringmaster_actor_state{actor="exchange.okx",state="backoff"}')).toBe(1);
    expect(samples.get('ringmaster_supervisor_restarts_total{actor="exchange.okx"}')).toBe(3);
    expect(samples.get('ringmaster_actor_incarnation{actor="exchange.okx"}')).toBe(4);
    expect(samples.get('ringmaster_health_status{status="degraded"}')).toBe(1);
    expect(samples.get('ringmaster_ready')).toBe(0);
    expect(samples.get('ringmaster_exchange_stale{exchange="okx"}')).toBe(1);
    expect(samples.get(`ringmaster_ring_dropped_total{ring="${ringName}"}`)).toBe(7);
    expect(samples.get('ringmaster_actor_ticks_out_total{actor="exchange.okx"}')).toBe(20_000);
    // Gone subjects are gone, not zero: the dead actor's heartbeat, the removed actors, the recorder.
    expect(samples.has('ringmaster_actor_heartbeat_age_seconds{actor="exchange.okx"}')).toBe(false);
    expect(samples.has('ringmaster_actor_state{actor="recorder",state="running"}')).toBe(false);
    expect(samples.has('ringmaster_recorder_lag_records')).toBe(false);
    expect(samples.has('ringmaster_recorder_committed_records_total')).toBe(false);
    expect(samples.has('ringmaster_actor_parse_errors_total{actor="exchange.okx"}')).toBe(false);
    expect(types.get('ringmaster_actor_parse_errors_total')).toBe('counter');
  });

  it('counts refused requests by reason', async () => {
    const metrics = new OpsMetrics({ source: literalSource(snapshot()).source, processMetrics: false });
    metrics.countBadRequest('unauthorized');
    metrics.countBadRequest('unauthorized');
    metrics.countBadRequest('body_too_large');
    const { samples } = parseExposition(await metrics.render());
    expect(samples.get('ringmaster_http_bad_requests_total{reason="unauthorized"}')).toBe(2);
    expect(samples.get('ringmaster_http_bad_requests_total{reason="body_too_large"}')).toBe(1);
  });

  it('adds process metrics under the prefix, without the *_total gauges', async () => {
    const metrics = new OpsMetrics({ source: literalSource(snapshot()).source });
    const { types } = parseExposition(await metrics.render());
    expect(types.get('ringmaster_process_cpu_seconds_total')).toBe('counter');
    expect(types.has('ringmaster_nodejs_active_handles_total')).toBe(false);
    expect(types.has('ringmaster_nodejs_active_handles')).toBe(true);
  });
});

describe('actor counter families', () => {
  it.each([
    ['ticksOut', 'ringmaster_actor_ticks_out_total'],
    ['parseErrors', 'ringmaster_actor_parse_errors_total'],
    ['reconnects', 'ringmaster_actor_reconnects_total'],
    ['bytes_total', 'ringmaster_actor_bytes_total'],
    ['DLQWrites', 'ringmaster_actor_dlq_writes_total'],
    ['weird-name!', 'ringmaster_actor_weird_name_total'],
  ])('%s → %s', (counter, name) => {
    expect(actorCounterMetricName('ringmaster_', counter)).toBe(name);
  });

  it('splits actor names that hold dots at the last one', () => {
    expect(splitCounterKey('exchange.okx.ticksOut')).toEqual({ actor: 'exchange.okx', counter: 'ticksOut' });
    expect(splitCounterKey('recorder.committed')).toEqual({ actor: 'recorder', counter: 'committed' });
  });
});

describe('RingDropTracker via health', () => {
  it('judges drops within the window, not drops ever', async () => {
    let now = kNow;
    const live = literalSource(snapshot({ recorder: null, rings: { r: ring({ dropped: 100 }) } }));
    const metrics = new OpsMetrics({ source: live.source, now: () => now, processMetrics: false });
    const status = async () => {
      const { samples } = parseExposition(await metrics.render());
      return ['healthy', 'degraded', 'unhealthy'].find((s) => samples.get(`ringmaster_health_status{status="${s}"}`) === 1);
    };
    expect(await status()).toBe('healthy'); // 100 old drops: the first reading is the baseline
    now += 10_000;
    live.set(snapshot({ recorder: null, rings: { r: ring({ dropped: 105 }) } }));
    expect(await status()).toBe('degraded');
    now += 61_000;
    live.set(snapshot({ recorder: null, rings: { r: ring({ dropped: 105 }) } }));
    expect(await status()).toBe('healthy');
  });
});
