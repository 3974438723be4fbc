import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { exposedNames, kPromtool, kPromtoolMissing, promtool, request, sample } from './ops-client.js';
import { kAdminToken, startOpsFixture, type OpsFixture } from './ops-fixture.js';

// The ops server over a REAL actor system (four workers, two rings, shared
// counters and heartbeats), driven only through HTTP and the dashboard
// WebSocket, as an operator or Prometheus would.
const { log, lines } = captureLog();
let f: OpsFixture;

beforeAll(async () => {
  f = await startOpsFixture(log);
});

afterAll(async () => {
  await f?.close();
});

type HealthBody = {
  status: string;
  reasons: string[];
  uptimeMs: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  actors: Record<string, { state: string; restarts: number; incarnation: number; heartbeatAgeMs: number | null; lastFailure: { reason: string; message: string | null } | null; heapUsedBytes?: number }>;
  exchanges: Record<string, { connection: string; breaker: string; lastMessageAgeMs: number | null }>;
  rings: Record<string, { capacity: number; fill: number; highWatermark: number; dropped: number; droppedRecently: number }>;
  windows: number;
  spreads: number;
  recorder: { lagRecords: number; lastCommitAt: string; lastCommitAgeMs: number };
  bounds: Record<string, unknown>;
};

const restartsOf = async (actor: string) => (await request(f.base, '/health')).json<HealthBody>().actors[actor]!;

describe('status routes', () => {
  it('binds 127.0.0.1 by default and answers /ping', async () => {
    expect(f.server.host).toBe('127.0.0.1');
    const r = await request(f.base, '/ping');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.json()).toMatchObject({ status: 'alive' });
  });

  it('/health reports every actor, exchange, ring, shard count, the recorder and the bounds', async () => {
    const body = await waitFor(async () => {
      const r = await request(f.base, '/health');
      const b = r.json<HealthBody>();
      return r.status === 200 && b.status === 'healthy' && b.actors['pA']?.heapUsedBytes !== undefined ? b : null;
    }, 'a healthy /health with polled heap figures');
    expect(body.reasons).toEqual([]);
    expect(Object.keys(body.actors).sort()).toEqual(['cA', 'cB', 'pA', 'pB']);
    expect(body.actors['pA']).toMatchObject({ state: 'running', restarts: 0, incarnation: 1, lastFailure: null });
    expect(body.actors['pA']!.heartbeatAgeMs).toBeGreaterThanOrEqual(0);
    expect(body.rings['pA.out->cA.in']).toMatchObject({ capacity: 1024, dropped: 0, droppedRecently: 0 });
    expect(body.rings['pA.out->cA.in']!.highWatermark).toBeGreaterThan(0);
    expect(body.exchanges['bybit']).toMatchObject({ connection: 'connected', breaker: 'closed', lastMessageAgeMs: 35 });
    expect(body.windows).toBe(6);
    expect(body.spreads).toBe(6);
    expect(body.recorder.lagRecords).toBe(12);
    expect(Date.parse(body.recorder.lastCommitAt)).toBeGreaterThan(0);
    expect(body.bounds).toMatchObject({ 'shards.windowMs': 900_000, 'recorder.dlqMaxPerSource': 10_000 });
    expect(body.uptimeMs).toBeGreaterThan(0);
    expect(body.memory.rssBytes).toBeGreaterThan(body.memory.heapUsedBytes);
  });

  it('/ready is 200 while every permanent actor runs', async () => {
    const r = await request(f.base, '/ready');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ ready: true, waiting: [] });
  });

  it('/metrics reads the hot-path counters from shared memory at each scrape', async () => {
    const first = await request(f.base, '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const before = sample(first.text, 'ringmaster_actor_produced_total{actor="pA"}')!;
    expect(before).toBeGreaterThan(0);
    const later = await waitFor(async () => {
      const t = (await request(f.base, '/metrics')).text;
      return sample(t, 'ringmaster_actor_produced_total{actor="pA"}')! > before ? t : null;
    }, 'the produced counter to move between scrapes');
    expect(sample(later, 'ringmaster_actor_consumed_total{actor="cA"}')).toBeGreaterThan(0);
    expect(sample(later, 'ringmaster_actor_gaps_total{actor="cA"}')).toBe(0);
    expect(sample(later, 'ringmaster_ring_written_total{ring="pA.out->cA.in"}')).toBeGreaterThan(0);
    expect(sample(later, 'ringmaster_ring_capacity{ring="pB.out->cB.in"}')).toBe(1024);
    expect(sample(later, 'ringmaster_actor_state{actor="cB",state="running"}')).toBe(1);
    expect(sample(later, 'ringmaster_actor_heap_used_bytes{actor="cA"}')).toBeGreaterThan(0);
    expect(sample(later, 'ringmaster_actor_heartbeat_age_seconds{actor="pB"}')).toBeGreaterThanOrEqual(0);
    expect(sample(later, 'ringmaster_exchange_stale{exchange="binance"}')).toBe(0);
    expect(sample(later, 'ringmaster_exchange_stale{exchange="okx"}')).toBeUndefined(); // disabled
    expect(sample(later, 'ringmaster_spread_bps{symbol="BTC-USDT",buy="okx",sell="bybit"}')).toBe(1.25);
    expect(sample(later, 'ringmaster_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it.skipIf(kPromtool === null)(`/metrics passes promtool check metrics${kPromtool === null ? ` (skipped: ${kPromtoolMissing})` : ''}`, async () => {
    const text = (await request(f.base, '/metrics')).text;
    const check = promtool(['check', 'metrics'], text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });

  it('every metric the alerts and the Grafana dashboard use is exposed', async () => {
    const exposed = exposedNames((await request(f.base, '/metrics')).text);
    const used = new Set<string>();
    for (const file of ['monitoring/alerts.yml', 'monitoring/grafana-dashboard.json']) {
      for (const m of readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8').matchAll(/ringmaster_[a-z0-9_]+/g)) used.add(m[0]);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((n) => !exposed.has(n))).toEqual([]);
  });

  it('serves the dashboard page and pushes frames over /ws', async () => {
    const page = await request(f.base, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<title>ringmaster</title>');
    const ws = new WebSocket(`ws://127.0.0.1:${f.server.port}/ws`);
    const frames: Array<{ spreads: Array<{ k: string; bps: number }>; actors: Array<{ k: string; state: string }>; rings: Array<{ k: string }> }> = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    try {
      await waitFor(() => frames.length >= 3, 'three dashboard frames');
      const last = frames.at(-1)!;
      expect(last.spreads.map((s) => s.k)).toEqual(['BTC-USDT okx>bybit', 'ETH-USDT bybit>binance']);
      expect(last.actors.map((a) => [a.k, a.state])).toEqual([
        ['cA', 'running'],
        ['cB', 'running'],
        ['pA', 'running'],
        ['pB', 'running'],
      ]);
      expect(last.rings.map((r) => r.k)).toEqual(['pA.out->cA.in', 'pB.out->cB.in']);
    } finally {
      ws.close();
    }
  });
});

describe('refusals', () => {
  it('404 and 405 as JSON, counted', async () => {
    const missing = await request(f.base, '/nope');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'no such path: /nope' });
    const wrong = await request(f.base, '/health', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const wrongAdmin = await request(f.base, '/admin/actors/cA/restart');
    expect(wrongAdmin.status).toBe(405);
    expect(wrongAdmin.json()).toEqual({ error: 'GET is not allowed on /admin/actors/:name/restart: use POST' });
    const metrics = (await request(f.base, '/metrics')).text;
    expect(sample(metrics, 'ringmaster_http_bad_requests_total{reason="not_found"}')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'ringmaster_http_bad_requests_total{reason="method_not_allowed"}')).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, 'ringmaster_http_requests_total{route="unmatched",code="404"}')).toBeGreaterThanOrEqual(1);
  });

  it('admin needs the bearer token', async () => {
    const none = await request(f.base, '/admin/actors/cA/restart', { method: 'POST' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="ringmaster admin"');
    expect(none.json()).toEqual({ error: 'missing or wrong bearer token' });
    const wrong = await request(f.base, '/admin/actors/cA/restart', { method: 'POST', token: `${kAdminToken}x` });
    expect(wrong.status).toBe(401);
    const prefix = await request(f.base, '/admin/chaos/cA/crash', { method: 'POST', token: kAdminToken.slice(0, -1) });
    expect(prefix.status).toBe(401);
    expect((await restartsOf('cA')).restarts).toBe(0);
    const metrics = (await request(f.base, '/metrics')).text;
    expect(sample(metrics, 'ringmaster_http_bad_requests_total{reason="unauthorized"}')).toBe(3);
  });

  it('unknown actors and faults are 404, bodies past the bound 413', async () => {
    const actor = await request(f.base, '/admin/actors/nobody/restart', { method: 'POST', token: kAdminToken });
    expect(actor.status).toBe(404);
    expect(actor.json()).toEqual({ error: 'unknown actor "nobody"' });
    const fault = await request(f.base, '/admin/chaos/cA/explode', { method: 'POST', token: kAdminToken });
    expect(fault.status).toBe(404);
    expect(fault.json()).toEqual({ error: 'unknown fault "explode": one of kill, crash, hang' });
    const big = await request(f.base, '/admin/actors/cA/restart', { method: 'POST', token: kAdminToken, body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error: 'request body over 4096 bytes' });
    expect((await restartsOf('cA')).restarts).toBe(0);
  });
});

describe('admin actions through the real supervisor', () => {
  it('POST /admin/actors/NAME/restart restarts that actor only, losing nothing', async () => {
    const r = await request(f.base, '/admin/actors/cA/restart', { method: 'POST', token: kAdminToken, body: '{}' });
    expect(r.status).toBe(202);
    expect(r.json()).toEqual({ accepted: true, action: 'restart', actor: 'cA' });
    const cA = await waitFor(async () => {
      const a = await restartsOf('cA');
      return a.restarts === 1 && a.state === 'running' ? a : null;
    }, 'cA restarted and running');
    expect(cA.incarnation).toBe(2);
    for (const other of ['pA', 'pB', 'cB']) expect((await restartsOf(other)).restarts).toBe(0);
    // The restart log an operator greps: one line per transition.
    const actions = lines.filter((l) => l['category'] === 'supervisor' && l['actor'] === 'cA').map((l) => l['action']);
    expect(actions.slice(actions.indexOf('fail'))).toEqual(['fail', 'backoff', 'restart', 'ready']);
    const metrics = (await request(f.base, '/metrics')).text;
    expect(sample(metrics, 'ringmaster_supervisor_restarts_total{actor="cA"}')).toBe(1);
    expect(sample(metrics, 'ringmaster_actor_gaps_total{actor="cA"}')).toBe(0);
    expect(sample(metrics, 'ringmaster_actor_corrupt_total{actor="cA"}')).toBe(0);
  });

  it.each([
    ['crash', 'pB', 'error'],
    ['kill', 'cB', 'exit_nonzero'],
    ['hang', 'pA', 'hung'],
  ] as const)('POST /admin/chaos/NAME/%s: %s fails (%s) and its supervisor restarts it', async (fault, actor, reason) => {
    const before = await restartsOf(actor);
    const r = await request(f.base, `/admin/chaos/${actor}/${fault}`, { method: 'POST', token: kAdminToken });
    expect(r.status).toBe(202);
    expect(r.json()).toEqual({ accepted: true, action: 'chaos', fault, actor });
    const after = await waitFor(async () => {
      const a = await restartsOf(actor);
      return a.restarts === before.restarts + 1 && a.state === 'running' ? a : null;
    }, `${actor} restarted after ${fault}`);
    expect(after.lastFailure?.reason).toBe(reason);
    expect(lines.some((l) => l['category'] === 'ops' && l['action'] === 'chaos' && l['actor'] === actor && l['fault'] === fault)).toBe(true);
  });

  it('ends healthy and ready again, with the restarts on record', async () => {
    const body = await waitFor(async () => {
      const b = (await request(f.base, '/health')).json<HealthBody>();
      return b.status === 'healthy' ? b : null;
    }, 'healthy after the drills');
    expect(Object.values(body.actors).map((a) => a.restarts)).toEqual([1, 1, 1, 1]);
    expect((await request(f.base, '/ready')).status).toBe(200);
    const metrics = (await request(f.base, '/metrics')).text;
    for (const actor of ['cA', 'cB']) {
      expect(sample(metrics, `ringmaster_actor_gaps_total{actor="${actor}"}`)).toBe(0);
      expect(sample(metrics, `ringmaster_actor_corrupt_total{actor="${actor}"}`)).toBe(0);
    }
  });
});

describe('close', () => {
  it('closes dashboards and stops listening', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${f.server.port}/ws`);
    await new Promise((resolve, reject) => ws.once('message', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await f.server.close();
    expect(await closed).toBe(1001);
    await expect(fetch(`${f.base}/ping`)).rejects.toThrow();
    await f.server.close(); // idempotent
  });
});
