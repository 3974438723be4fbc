import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkerEntries } from './actor-bundles.js';

/**
 * Second step of `npm run build` (after tsc): writes the one-file bundle of
 * every worker entry beside its compiled .js. See actor-bundles.ts.
 * Runs compiled, from dist/scripts/, so dist/ is one level up.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = await bundleWorkerEntries(distDir);
for (const r of results) {
  const kib = (r.bytes / 1024).toFixed(0);
  process.stdout.write(`bundled ${r.entry}: ${r.inputs.length} modules, ${kib} KiB → ${path.relative(process.cwd(), r.outfile)}\n`);
}
