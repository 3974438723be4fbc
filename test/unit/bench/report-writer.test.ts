import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../../native-bench/report/report-model.js';
import { describeMachine } from '../../../native-bench/report/machine.js';
import {
  formatNumber, renderReportJson, renderReportMarkdown, writeReport,
} from '../../../native-bench/report/report-writer.js';

const report: BenchReport = {
  machine: { cpu: 'Test CPU @ 3.0GHz', cores: 2, node: 'v20.0.0', os: 'Linux 6.1 x64' },
  at: '2026-01-02T03:04:05.000Z',
  results: [
    { suite: 'codec', name: 'fixed encode', unit: 'ns/record', value: 40, baseline: { name: 'msgpack encode', value: 400 }, ratio: 10 },
    { suite: 'codec', name: 'msgpack encode', unit: 'ns/record', value: 400, baseline: null, ratio: null },
    { suite: 'ring', name: 'rtt p50 | spin', unit: 'ns', value: 1234.5, baseline: { name: 'c-floor: rtt p50', value: 500 }, ratio: 0.405 },
  ],
};

describe('renderReportJson', () => {
  it('writes exactly {machine, at, results:[{suite, name, unit, value, baseline:{name, value}, ratio}]}', () => {
    const parsed = JSON.parse(renderReportJson({ ...report, results: [{ ...report.results[0]!, extra: 1 } as never] })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['machine', 'at', 'results']);
    expect(Object.keys(parsed.machine as object)).toEqual(['cpu', 'cores', 'node', 'os']);
    expect(parsed.results).toEqual([
      { suite: 'codec', name: 'fixed encode', unit: 'ns/record', value: 40, baseline: { name: 'msgpack encode', value: 400 }, ratio: 10 },
    ]);
    expect(Object.keys((parsed.results as object[])[0]!)).toEqual(['suite', 'name', 'unit', 'value', 'baseline', 'ratio']);
  });

  it('keeps a missing baseline and ratio as null', () => {
    const parsed = JSON.parse(renderReportJson(report)) as { results: Array<{ baseline: unknown; ratio: unknown }> };
    expect(parsed.results[1]).toMatchObject({ baseline: null, ratio: null });
  });
});

describe('renderReportMarkdown', () => {
  const md = renderReportMarkdown(report, {
    runs: 5,
    suites: ['c-floor', 'codec', 'ring'],
    notes: [
      { suite: 'c-floor', text: 'gcc not found on PATH', skipped: true },
      { suite: 'ring', text: 'workers are not pinned to cores' },
    ],
    targets: [
      { label: 'ring rtt vs C floor', suite: 'ring', name: 'rtt p50 | spin', baseline: 'c-floor: rtt p50', minRatio: 0.5 },
      { label: 'fixed vs msgpack', suite: 'codec', name: 'fixed encode', baseline: 'msgpack encode', minRatio: 5 },
      { label: 'restart', suite: 'restart', name: 'p50', baseline: 'x', minRatio: 1 },
    ],
  });

  it('names the machine, the time and the number of runs', () => {
    expect(md).toContain('Test CPU @ 3.0GHz, 2 cores, Node v20.0.0, Linux 6.1 x64');
    expect(md).toContain('2026-01-02T03:04:05.000Z');
    expect(md).toContain('median of 5 runs');
  });

  it('writes one table per suite with value, baseline and ratio', () => {
    const codec = md.slice(md.indexOf('## codec'), md.indexOf('## ring'));
    expect(codec).toContain('| measurement | value | baseline | baseline value | ratio |');
    expect(codec).toContain('| fixed encode | 40 ns/record | msgpack encode | 400 ns/record | 10× |');
    expect(codec).toContain('| msgpack encode | 400 ns/record | — | — | — |');
    expect(md).toContain('| rtt p50 \\| spin | 1,235 ns | c-floor: rtt p50 | 500 ns | 0.405× |');
  });

  it('shows a skipped suite as a section and in the notes', () => {
    expect(md.indexOf('## c-floor')).toBeLessThan(md.indexOf('## codec'));
    expect(md).toContain('_Skipped: gcc not found on PATH_');
    expect(md).toContain('- **c-floor** (skipped): gcc not found on PATH');
    expect(md).toContain('- **ring**: workers are not pinned to cores');
  });

  it('reports targets as met, not met or not measured without asserting them', () => {
    expect(md).toContain('| ring rtt vs C floor | 0.405× | ≥ 0.5× | not met |');
    expect(md).toContain('| fixed vs msgpack | 10× | ≥ 5× | met |');
    expect(md).toContain('| restart | — | ≥ 1× | not measured |');
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits and groups thousands', () => {
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(999.4)).toBe('999');
    expect(formatNumber(1_234_567.8)).toBe('1,234,568');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('writeReport', () => {
  let dir = '';
  afterEach(async () => { if (dir !== '') await rm(dir, { recursive: true, force: true }); });

  it('writes latest.json and latest.md into a directory it creates', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-report-'));
    const target = path.join(dir, 'nested', 'reports');
    const { jsonPath, markdownPath } = await writeReport(target, report, { runs: 3 });
    expect(path.basename(jsonPath)).toBe('latest.json');
    expect(path.basename(markdownPath)).toBe('latest.md');
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual(JSON.parse(renderReportJson(report)));
    expect(await readFile(markdownPath, 'utf8')).toBe(renderReportMarkdown(report, { runs: 3 }));
  });
});

describe('describeMachine', () => {
  it('names cpu, cores, node and os of this machine', () => {
    const m = describeMachine();
    expect(m.cores).toBeGreaterThanOrEqual(1);
    expect(m.node).toBe(process.version);
    expect(m.cpu.length).toBeGreaterThan(0);
    expect(m.os).toContain(os.arch());
  });
});
