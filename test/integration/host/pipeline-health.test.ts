import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';
import { health, kAdminToken, startTestHost } from './host-fixture.js';

// The whole pipeline in one host process, driven only through its ops
// surface and the simulator's fault controls, as an operator would see it.
let t: Awaited<ReturnType<typeof startTestHost>>;

beforeAll(async () => {
  t = await startTestHost();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('host: the pipeline under faults, seen through /health', () => {
  it('becomes healthy with spreads flowing from all three exchanges', async () => {
    const h = await waitFor(async () => {
      const b = await health(t.url('/health'));
      return b.status === 'healthy' && t.host.system.counters()['recorder.ticksCommitted']! > 0 ? b : undefined;
    }, 'healthy with committed ticks', 30_000);
    expect(h.reasons).toEqual([]);
    const ready = await fetch(t.url('/ready'));
    expect(ready.status).toBe(200);
    await waitFor(() => t.host.system.counters()['shard.0.spreadsPublished']! + t.host.system.counters()['shard.1.spreadsPublished']! > 0, 'spreads published');
  });

  it('a stalled Bybit feed makes the host degraded, naming bybit, then healthy again', async () => {
    t.host.simulator!.stall('bybit', 8000, { silent: true });
    const degraded = await waitFor(async () => {
      const b = await health(t.url('/health'));
      return b.status === 'degraded' && b.reasons.some((r) => r.includes('bybit')) ? b : undefined;
    }, 'degraded naming bybit', 20_000);
    // The reason names the stalled exchange (on a starved CI machine another
    // feed may briefly cross its own threshold too; that is not this test's point).
    expect(degraded.reasons.join('\n')).toMatch(/exchange bybit/);
    await waitFor(async () => (await health(t.url('/health'))).status === 'healthy', 'healthy after the stall', 30_000);
  });

  it('a killed shard makes the host degraded, then healthy after its restart', async () => {
    const res = await fetch(t.url('/admin/chaos/shard.1/kill'), { method: 'POST', headers: { authorization: `Bearer ${kAdminToken}` } });
    expect(res.status).toBeLessThan(300);
    await waitFor(async () => {
      const b = await health(t.url('/health'));
      return b.status !== 'healthy' && b.reasons.some((r) => r.includes('shard.1')) ? b : undefined;
    }, 'degraded naming shard.1', 20_000);
    await waitFor(async () => (await health(t.url('/health'))).status === 'healthy', 'healthy after the restart', 30_000);
    const shard = t.host.system.actors().find((a) => a.name === 'shard.1')!;
    expect(shard.incarnation).toBe(2);
    expect(t.lines.some((l) => l.category === 'supervisor' && l.actor === 'shard.1' && l.action === 'ready' && l.downtimeMs !== null)).toBe(true);
  });

  it('shuts down cleanly: exit code 0, every ring drained, nothing dropped on the recorder edges', async () => {
    const code = await t.host.shutdown('test');
    expect(code).toBe(0);
    const rings = t.host.system.rings();
    for (const [name, r] of Object.entries(rings)) {
      expect(r.fill, `${name} drained`).toBe(0);
      if (name.includes('->recorder.')) expect(r.dropped, `${name} dropped nothing`).toBe(0);
    }
  });
});
