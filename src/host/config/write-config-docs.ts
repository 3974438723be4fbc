/**
 * Rewrites the generated key reference in docs/config.md from the schema:
 *
 *   npx tsx src/host/config/write-config-docs.ts
 *
 * Run it after changing a key, its default or its doc line; the docs test
 * fails until you do.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withReference } from './config-docs.js';

const file = fileURLToPath(new URL('../../../docs/config.md', import.meta.url));
const before = fs.readFileSync(file, 'utf8');
const after = withReference(before);
if (after === before) {
  console.log('docs/config.md is up to date');
} else {
  fs.writeFileSync(file, after);
  console.log('docs/config.md: reference rewritten');
}
