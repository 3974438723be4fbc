import { afterEach, describe, expect, it } from 'vitest';
import { startOpsServer, type OpsServer, type OpsServerOptions } from '../../../src/host/http/ops-server.js';
import type { ActorStatus, AdminActions, ChaosFault, StatusSource } from '../../../src/host/status/status-source.js';
import { captureLog } from '../../support/log-capture.js';
import { postChunked, request, sample } from './ops-client.js';
import { kAdminToken } from './ops-fixture.js';

// The server's guards over a literal StatusSource and a recording admin:
// who may act, what is refused, and that failures never reach the client
// with their internals.
const running = (name: string, over: Partial<ActorStatus> = {}): ActorStatus => ({
  name, state: 'running', incarnation: 1, restarts: 0, attempt: 0, lastFailure: null, runningSince: 1, heartbeatAgeMs: 10, threadId: 2, ...over,
});

function literalSource(over: Partial<StatusSource> = {}): StatusSource {
  return {
    uptimeMs: () => 5_000,
    actors: () => [running('exchange.okx'), running('shard.0', { state: 'backoff', attempt: 1, restarts: 1 })],
    rings: () => ({}),
    counters: () => ({}),
    exchanges: () => ({}),
    shards: () => ({}),
    recorder: () => null,
    spreads: () => [],
    actorMetrics: () => ({}),
    bounds: () => ({}),
    ...over,
  };
}

class RecordingAdmin implements AdminActions {
  readonly calls: string[] = [];
  fail: Error | undefined;
  async restartActor(name: string): Promise<void> {
    this.calls.push(`restart ${name}`);
    if (this.fail) throw this.fail;
  }
  async chaos(name: string, fault: ChaosFault): Promise<void> {
    this.calls.push(`chaos ${fault} ${name}`);
  }
}

const servers: OpsServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(over: Partial<OpsServerOptions> = {}) {
  const { log, lines } = captureLog();
  const admin = new RecordingAdmin();
  const server = await startOpsServer({ port: 0, adminToken: kAdminToken, chaosEnabled: false, maxBodyBytes: 1024, source: literalSource(), admin, log, processMetrics: false, ...over });
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}`, admin, lines };
}

const post = (base: string, path: string, token?: string) => request(base, path, { method: 'POST', ...(token === undefined ? {} : { token }) });

describe('admin guards', () => {
  it('without a token, admin endpoints are disabled and say how to enable them', async () => {
    const { base, admin } = await start({ adminToken: null, chaosEnabled: true });
    for (const path of ['/admin/actors/exchange.okx/restart', '/admin/chaos/exchange.okx/crash', '/admin/dlq/replay']) {
      const r = await post(base, path, kAdminToken);
      expect(r.status).toBe(403);
      expect(r.json()).toEqual({ error: 'admin endpoints are disabled: set http.adminToken (or RINGMASTER_ADMIN_TOKEN) to enable them' });
    }
    expect(admin.calls).toEqual([]);
  });

  it('chaos endpoints are refused unless chaos.enabled, even with the token', async () => {
    const { base, admin } = await start();
    const r = await post(base, '/admin/chaos/exchange.okx/kill', kAdminToken);
    expect(r.status).toBe(403);
    expect(r.json()).toEqual({ error: 'chaos endpoints are disabled: set chaos.enabled: true to run drills' });
    expect(admin.calls).toEqual([]);
  });

  it('acts only on a running actor', async () => {
    const { base, admin } = await start();
    const busy = await post(base, '/admin/actors/shard.0/restart', kAdminToken);
    expect(busy.status).toBe(409);
    expect(busy.json()).toEqual({ error: 'actor "shard.0" is backoff, not running: try again once it runs' });
    expect((await post(base, '/admin/actors/exchange.okx/restart', kAdminToken)).status).toBe(202);
    expect(admin.calls).toEqual(['restart exchange.okx']);
  });

  it('dead-letter replay is 404 when the host offers none, and runs when it does', async () => {
    const none = await start();
    expect((await post(none.base, '/admin/dlq/replay', kAdminToken)).json()).toEqual({ error: 'dead-letter replay is not available in this host' });
    const admin: AdminActions = { restartActor: async () => {}, chaos: async () => {}, replayDeadLetters: async () => ({ replayed: 17 }) };
    const withReplay = await start({ admin });
    const r = await post(withReplay.base, '/admin/dlq/replay', kAdminToken);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ action: 'dlq_replay', replayed: 17 });
  });

  it('bounds the body as it arrives, chunked or declared', async () => {
    const { server, base, admin } = await start();
    const chunked = await postChunked(server.port, '/admin/actors/exchange.okx/restart', kAdminToken, 40, 100);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toEqual({ error: 'request body over 1024 bytes' });
    const small = await postChunked(server.port, '/admin/actors/exchange.okx/restart', kAdminToken, 4, 100);
    expect(small.status).toBe(202);
    const declared = await request(base, '/admin/actors/exchange.okx/restart', { method: 'POST', token: kAdminToken, body: 'y'.repeat(1025) });
    expect(declared.status).toBe(413);
    expect(admin.calls).toEqual(['restart exchange.okx']);
    const metrics = await request(base, '/metrics');
    expect(sample(metrics.text, 'ringmaster_http_bad_requests_total{reason="body_too_large"}')).toBe(2);
  });
});

describe('failures', () => {
  it('a throwing source is a 500 with a reference, the stack goes to the log only', async () => {
    const secret = new Error('cannot read /var/lib/ringmaster/secret-thing');
    const { base, lines } = await start({ source: literalSource({ bounds: () => { throw secret; } }) });
    const r = await request(base, '/health');
    expect(r.status).toBe(500);
    const body = r.json<{ error: string; ref: string }>();
    expect(Object.keys(body).sort()).toEqual(['error', 'ref']);
    expect(body.error).toBe('internal error');
    expect(r.text).not.toMatch(/secret|ringmaster\/|at .*\(|\.ts:/);
    const logged = lines.find((l) => l['ref'] === body.ref)!;
    expect(logged['msg']).toBe('ops request failed');
    expect((logged['err'] as { stack: string }).stack).toContain('secret-thing');
    // The server keeps serving.
    expect((await request(base, '/ping')).status).toBe(200);
  });

  it('a failing admin action is a 500 with a reference, no details', async () => {
    const { base, admin, lines } = await start();
    admin.fail = new Error('worker 42 refused: EPERM at /proc/self');
    const r = await post(base, '/admin/actors/exchange.okx/restart', kAdminToken);
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/EPERM|worker 42|proc/);
    expect(lines.some((l) => l['ref'] === r.json()['ref'])).toBe(true);
  });

  it('/health is 503 when unhealthy, /ready 503 while a permanent actor is down', async () => {
    const { base } = await start({ source: literalSource({ actors: () => [running('recorder', { state: 'given_up', restarts: 5 })] }) });
    const health = await request(base, '/health');
    expect(health.status).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unhealthy', reasons: ['actor recorder: given up after 5 restarts'] });
    const ready = await request(base, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.json()).toEqual({ ready: false, waiting: ['recorder: given_up'] });
  });
});

describe('options', () => {
  it('fails fast on a bad option, naming it', async () => {
    const { log } = captureLog();
    const base = { port: 0, adminToken: null, source: literalSource(), log } as const;
    await expect(async () => startOpsServer({ ...base, port: 70_000 })).rejects.toThrow('http.port: must be an integer in 0..65535, got 70000');
    await expect(async () => startOpsServer({ ...base, maxBodyBytes: 0 })).rejects.toThrow('http.maxBodyBytes: must be a positive integer, got 0');
    await expect(async () => startOpsServer({ ...base, adminToken: 'short' })).rejects.toThrow('http.adminToken: must be null or at least 16 characters without spaces');
  });

  it('reports a port already in use', async () => {
    const { server } = await start();
    const { log } = captureLog();
    await expect(startOpsServer({ port: server.port, adminToken: null, source: literalSource(), log })).rejects.toThrow(`http: cannot listen on 127.0.0.1:${server.port}`);
  });
});
