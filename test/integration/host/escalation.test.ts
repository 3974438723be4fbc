import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';
import { kAdminToken, startTestHost } from './host-fixture.js';

let t: Awaited<ReturnType<typeof startTestHost>> | undefined;
afterAll(async () => {
  await t?.cleanup();
});

describe('host: restart intensity exceeded', () => {
  it('goes unhealthy, shuts down and exits 3 (escalation), and the logs say why', async () => {
    // At most one restart per minute at every level: the second crash of
    // shard.0 escalates to the shards supervisor's parent, the third to the root.
    t = await startTestHost({ supervision: { intensity: { maxRestarts: 1, withinMs: 60_000 }, backoff: { initialMs: 10, maxMs: 20 } } });
    const host = t.host;
    const crash = async () => {
      const res = await fetch(t!.url('/admin/chaos/shard.0/crash'), { method: 'POST', headers: { authorization: `Bearer ${kAdminToken}` } });
      expect(res.status).toBeLessThan(300);
    };
    const running = () => host.system.actors().find((a) => a.name === 'shard.0')?.state === 'running';
    await waitFor(running, 'shard.0 running');
    let exited: number | undefined;
    void host.done.then((code) => (exited = code));
    for (let i = 0; i < 10 && exited === undefined; i++) {
      await waitFor(() => running() || exited !== undefined, 'shard.0 running again or the host gone');
      if (exited !== undefined) break;
      await crash();
      const incarnation = host.system.actors().find((a) => a.name === 'shard.0')!.incarnation;
      await waitFor(() => exited !== undefined || host.system.actors().find((a) => a.name === 'shard.0')!.incarnation > incarnation || !running(), 'the crash to land');
    }
    const code = await host.done;
    expect(code).toBe(3);
    const shutdown = t.lines.find((l) => l.category === 'host' && l.action === 'shutdown');
    expect(shutdown?.health).toBe('unhealthy');
    expect(String(shutdown?.reason)).toMatch(/escalation/);
    expect(t.lines.some((l) => l.action === 'escalate' && l.actor === 'root')).toBe(true);
    expect(t.lines.some((l) => l.action === 'escalate' && l.actor === 'shards')).toBe(true);
  });
});
