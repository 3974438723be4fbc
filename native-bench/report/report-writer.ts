import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchReport, BenchResult, BenchTarget, ReportNote } from './report-model.js';

/** What latest.md shows beyond latest.json. */
export interface ReportExtras {
  /** How many runs each value is the median of. */
  readonly runs: number;
  readonly notes?: readonly ReportNote[];
  readonly targets?: readonly BenchTarget[];
  /** Section order; suites that only appear in notes (skipped) are included. */
  readonly suites?: readonly string[];
}

export const kJsonFileName = 'latest.json';
export const kMarkdownFileName = 'latest.md';

/** latest.json: exactly `{machine, at, results}`, keys in that order. */
export function renderReportJson(report: BenchReport): string {
  const results = report.results.map((r) => ({
    suite: r.suite,
    name: r.name,
    unit: r.unit,
    value: r.value,
    baseline: r.baseline === null ? null : { name: r.baseline.name, value: r.baseline.value },
    ratio: r.ratio,
  }));
  const { cpu, cores, node, os } = report.machine;
  return `${JSON.stringify({ machine: { cpu, cores, node, os }, at: report.at, results }, null, 2)}\n`;
}

export function renderReportMarkdown(report: BenchReport, extras: ReportExtras): string {
  const notes = extras.notes ?? [];
  const { cpu, cores, node, os } = report.machine;
  const lines: string[] = [
    '# ringmaster benchmark report',
    '',
    `- at: ${report.at}`,
    `- machine: ${cpu}, ${cores} cores, Node ${node}, ${os}`,
    `- every value is the median of ${extras.runs} run${extras.runs === 1 ? '' : 's'}; baselines are measured in the same runs`,
    '',
    'ratio = times better than the baseline (> 1 is better): baseline ÷ value for times, value ÷ baseline for rates.',
    '',
  ];
  for (const suite of suiteOrder(report, extras)) {
    lines.push(`## ${suite}`, '');
    const skipped = notes.find((n) => n.suite === suite && n.skipped === true);
    const rows = report.results.filter((r) => r.suite === suite);
    if (skipped !== undefined) lines.push(`_Skipped: ${skipped.text}_`, '');
    if (rows.length > 0) lines.push(...resultTable(rows), '');
  }
  if (extras.targets !== undefined && extras.targets.length > 0) {
    lines.push('## Targets (reported, not asserted)', '', ...targetTable(report, extras.targets), '');
  }
  if (notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of notes) lines.push(`- **${n.suite}**${n.skipped === true ? ' (skipped)' : ''}: ${n.text}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes latest.json and latest.md into `dir` (created if missing). */
export async function writeReport(
  dir: string,
  report: BenchReport,
  extras: ReportExtras,
): Promise<{ jsonPath: string; markdownPath: string }> {
  await mkdir(dir, { recursive: true });
  const jsonPath = path.join(dir, kJsonFileName);
  const markdownPath = path.join(dir, kMarkdownFileName);
  await writeFile(jsonPath, renderReportJson(report));
  await writeFile(markdownPath, renderReportMarkdown(report, extras));
  return { jsonPath, markdownPath };
}

function suiteOrder(report: BenchReport, extras: ReportExtras): string[] {
  const seen = new Set<string>(extras.suites ?? []);
  for (const r of report.results) seen.add(r.suite);
  for (const n of extras.notes ?? []) if (n.skipped === true) seen.add(n.suite);
  return [...seen];
}

function resultTable(rows: readonly BenchResult[]): string[] {
  const out = ['| measurement | value | baseline | baseline value | ratio |', '|---|---:|---|---:|---:|'];
  for (const r of rows) {
    const baseline = r.baseline === null ? ['—', '—'] : [cell(r.baseline.name), `${formatNumber(r.baseline.value)} ${r.unit}`];
    out.push(`| ${cell(r.name)} | ${formatNumber(r.value)} ${r.unit} | ${baseline[0]} | ${baseline[1]} | ${formatRatio(r.ratio)} |`);
  }
  return out;
}

function targetTable(report: BenchReport, targets: readonly BenchTarget[]): string[] {
  const out = ['| target | measured ratio | goal | status |', '|---|---:|---:|---|'];
  for (const t of targets) {
    const hit = report.results.find((r) => r.suite === t.suite && r.name === t.name && r.baseline?.name === t.baseline);
    const ratio = hit?.ratio ?? null;
    const status = ratio === null ? 'not measured' : ratio >= t.minRatio ? 'met' : 'not met';
    out.push(`| ${cell(t.label)} | ${formatRatio(ratio)} | ≥ ${formatNumber(t.minRatio)}× | ${status} |`);
  }
  return out;
}

/** Three significant digits, thousands grouped; integers above 1000. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs === 0) return '0';
  return Number(v.toPrecision(3)).toString();
}

function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${formatNumber(ratio)}×`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
