import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kExitConfig } from '../../../src/host/cli/exit-codes.js';
import { kPromtool, kPromtoolMissing, promtool } from './ops-client.js';

// The ops kit as Prometheus, Grafana and systemd will read it. That every
// metric these files name is really exposed is checked against a live
// /metrics in ops-server.test.ts.
const path = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const skipReason = kPromtool === null ? ` (skipped: ${kPromtoolMissing})` : '';

describe.skipIf(kPromtool === null)(`monitoring/ through promtool${skipReason}`, () => {
  it('alerts.yml passes promtool check rules', () => {
    const r = promtool(['check', 'rules', path('monitoring/alerts.yml')]);
    expect(r.output).toContain('SUCCESS: 15 rules found');
    expect(r.status).toBe(0);
  });

  it('alerts.yml fires as its unit tests say (promtool test rules)', () => {
    const r = promtool(['test', 'rules', path('monitoring/alerts.test.yml')]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('prometheus.yml passes promtool check config', () => {
    const r = promtool(['check', 'config', path('monitoring/prometheus.yml')]);
    expect(r.output).toContain('is valid prometheus config file syntax');
    expect(r.status).toBe(0);
  });
});

describe('grafana-dashboard.json', () => {
  const dash = JSON.parse(readFileSync(path('monitoring/grafana-dashboard.json'), 'utf8')) as {
    uid: string;
    panels: Array<{ id: number; type: string; title: string; gridPos: { x: number; w: number }; targets?: Array<{ expr: string }> }>;
  };

  it('has unique panel ids, panels inside the 24-column grid, and a query on every panel', () => {
    expect(dash.uid).toBe('ringmaster-host');
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dash.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      if (p.type !== 'row') expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
  });

  it('covers spreads, restarts, ring drops, recorder lag and the disk budget', () => {
    const exprs = dash.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr).join('\n');
    for (const m of ['ringmaster_spread_bps', 'ringmaster_supervisor_restarts_total', 'ringmaster_ring_dropped_total', 'ringmaster_recorder_lag_records', 'ringmaster_recorder_disk_budget_bytes']) {
      expect(exprs).toContain(m);
    }
  });
});

describe('deploy/ringmaster.service', () => {
  const unit = readFileSync(path('deploy/ringmaster.service'), 'utf8');
  const keys = new Map([...unit.matchAll(/^([A-Za-z]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));

  it('restarts on failure but not on a config error, and stops gracefully', () => {
    expect(keys.get('Restart')).toBe('on-failure');
    expect(keys.get('RestartPreventExitStatus')).toBe(String(kExitConfig));
    expect(keys.get('KillSignal')).toBe('SIGTERM');
    expect(Number.parseInt(keys.get('TimeoutStopSec') ?? '0', 10)).toBeGreaterThanOrEqual(15);
  });

  it('runs the built CLI with a bounded main-thread heap', () => {
    expect(keys.get('ExecStart')).toMatch(/^\/usr\/bin\/node .*--max-old-space-size=\d+ .*bin\/ringmaster\.js start$/);
  });
});
