/**
 * The key reference of docs/config.md, generated from the schema (each key's
 * doc line, default and allowed phrase), so the docs cannot drift from the
 * code: a test compares the file with `renderConfigReference()`, and
 * write-config-docs.ts rewrites the generated part between the markers.
 */
import { kConfigSchema } from './schema.js';
import { describeSections, type KeyDoc } from './schema-walk.js';

export const kReferenceBegin = '<!-- BEGIN GENERATED: config reference (npx tsx src/host/config/write-config-docs.ts) -->';
export const kReferenceEnd = '<!-- END GENERATED: config reference -->';

export function renderConfigReference(): string {
  const parts: string[] = [];
  for (const section of describeSections(kConfigSchema)) {
    if (section.keys.length === 0) continue;
    parts.push(`### ${section.path === '' ? 'Top level' : `\`${section.path}\``}\n`);
    if (section.path !== '') parts.push(`${section.doc}\n`);
    parts.push('| Key | Default | Allowed | Meaning |', '| --- | --- | --- | --- |');
    for (const key of section.keys) parts.push(row(key));
    parts.push('');
  }
  return parts.join('\n');
}

/** `doc` with the generated part replaced; throws when a marker is missing. */
export function withReference(doc: string, reference = renderConfigReference()): string {
  const begin = doc.indexOf(kReferenceBegin);
  const end = doc.indexOf(kReferenceEnd);
  if (begin < 0 || end < begin) throw new Error(`docs/config.md: the markers "${kReferenceBegin}" and "${kReferenceEnd}" are missing`);
  return `${doc.slice(0, begin + kReferenceBegin.length)}\n\n${reference}\n${doc.slice(end)}`;
}

function row(key: KeyDoc): string {
  return `| \`${key.path}\` | ${cell(formatDefault(key))} | ${cell(key.allowed)} | ${cell(key.doc)} |`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function formatDefault(key: KeyDoc): string {
  const value = key.defaultValue;
  const code = `\`${JSON.stringify(value)}\``;
  if (typeof value !== 'number' || value === 0) return code;
  const unit = key.path.endsWith('Bytes') ? humanBytes(value) : key.path.endsWith('Ms') ? humanMs(value) : undefined;
  return unit === undefined ? code : `${code} (${unit})`;
}

function humanBytes(n: number): string | undefined {
  for (const [size, unit] of [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return undefined;
}

function humanMs(n: number): string | undefined {
  for (const [size, unit] of [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return undefined;
}
