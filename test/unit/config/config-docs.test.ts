import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kReferenceBegin, kReferenceEnd, renderConfigReference, withReference } from '../../../src/host/config/config-docs.js';
import { kConfigSchema } from '../../../src/host/config/schema.js';
import { describeSections } from '../../../src/host/config/schema-walk.js';
import { kRepoRoot } from './config-fixtures.js';

const docPath = path.join(kRepoRoot, 'docs', 'config.md');
const keys = describeSections(kConfigSchema).flatMap((section) => section.keys);

describe('docs/config.md', () => {
  it('holds the reference generated from the schema (run npx tsx src/host/config/write-config-docs.ts if not)', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    expect(doc).toContain(kReferenceBegin);
    expect(doc).toContain(kReferenceEnd);
    expect(withReference(doc)).toBe(doc);
  });

  it('lists every key of DESIGN.md §8 and every env override', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    for (const key of ['symbols', 'exchanges.binance.enabled', 'exchanges.okx.url', 'shards.count', 'recorder.path', 'http.host', 'http.port', 'http.adminToken', 'simulator.enabled', 'chaos.enabled']) {
      expect(doc).toContain(`| \`${key}\` |`);
    }
    for (const name of ['RINGMASTER_CONFIG', 'RINGMASTER_HTTP_PORT', 'RINGMASTER_DATA_DIR', 'RINGMASTER_ADMIN_TOKEN']) expect(doc).toContain(name);
  });

  it('withReference refuses a document without the markers', () => {
    expect(() => withReference('# no markers\n')).toThrow(/markers/);
  });
});

describe('the schema as documentation', () => {
  it('every key has a default, an allowed phrase and a doc line', () => {
    expect(keys.length).toBeGreaterThan(60);
    for (const key of keys) {
      expect.soft(key.defaultValue, key.path).not.toBeUndefined();
      expect.soft(key.allowed, key.path).not.toBe('');
      expect.soft(key.doc, key.path).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('the reference has one row per key', () => {
    const rows = renderConfigReference().split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)?.[1])).toEqual(keys.map((key) => key.path));
  });

  it('shows units next to byte and millisecond defaults', () => {
    const reference = renderConfigReference();
    expect(reference).toContain('| `recorder.diskBudgetBytes` | `10737418240` (10 GiB) |');
    expect(reference).toContain('| `recorder.retentionMs` | `604800000` (7 d) |');
    expect(reference).toContain('| `shards.windowMs` | `900000` (15 min) |');
  });
});
