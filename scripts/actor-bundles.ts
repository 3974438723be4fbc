import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { kBundleExt } from '../src/runtime/worker/worker-entry.js';

/**
 * One self-contained ESM file per worker entry, written beside the entry's
 * compiled .js (`dist/actors/shard/shard-actor.js` →
 * `dist/actors/shard/shard-actor.bundle.js`), which is what compiled code
 * starts (src/runtime/worker/worker-entry.ts).
 *
 * Why: Node's ESM loader resolves, reads and links every module of a
 * worker's import graph before the first line runs; an actor imports about
 * a hundred (runtime, pino, zod, comlink, msgpack, its own parts), and that
 * dominated the time from an actor's crash to its replacement running. One
 * file loads in a fraction of the time.
 *
 * `npm run build` bundles tsc's output (dist/), not the sources, so a bundle
 * runs the very code the unbundled build runs; esbuild chains tsc's source
 * maps. Tests bundle the .ts sources directly (esbuild reads TypeScript).
 */

/** Every worker entry started from dist/, as paths from the repo root without extension. */
export const kWorkerEntries = [
  'actors/exchange/connection-actor',
  'actors/shard/shard-actor',
  'actors/recorder/recorder-actor',
  'native-bench/workers/restart-feeder.actor',
  'native-bench/workers/restart-victim.actor',
] as const;

/**
 * Left out of every bundle and loaded from node_modules at run time:
 * packages with native addons that locate their binary relative to their own
 * files (lmdb, uWebSockets.js, msgpackr-extract; bufferutil and
 * utf-8-validate are ws's optional ones), which a bundle would break.
 * pino stays inside: its only file-relative code (transports, pino.destination
 * of a worker) is never used by an actor, which logs to its own stdout.
 */
export const kExternalPackages = ['lmdb', 'uWebSockets.js', 'msgpackr-extract', 'bufferutil', 'utf-8-validate'] as const;

// CommonJS packages inside an ESM bundle still call require() (node
// builtins, the externals above); give them one bound to the bundle's URL.
const kRequireBanner = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

export interface BundleRequest {
  /** Repo-relative path of the entry without extension (one of kWorkerEntries, or any other). */
  readonly entry: string;
  /** Directory the entry path is relative to: dist/ for the build, the repo root for sources. */
  readonly inDir: string;
  /** `.js` for tsc's output, `.ts` for sources. */
  readonly inExt: '.js' | '.ts';
  /** The bundle is written to `outDir/entry.bundle.js`. */
  readonly outDir: string;
}

export interface BundleResult {
  readonly entry: string;
  readonly outfile: string;
  readonly bytes: number;
  /** Paths (relative to the working directory) of every module inside the bundle. */
  readonly inputs: readonly string[];
}

/** Bundles every entry of kWorkerEntries of tsc's output in `distDir`, beside it; rejects on the first failure. */
export function bundleWorkerEntries(distDir: string): Promise<BundleResult[]> {
  return Promise.all(kWorkerEntries.map((entry) => bundleWorkerEntry({ entry, inDir: distDir, inExt: '.js', outDir: distDir })));
}

export async function bundleWorkerEntry(req: BundleRequest): Promise<BundleResult> {
  const outfile = path.join(req.outDir, `${req.entry}${kBundleExt}`);
  const result = await build({
    entryPoints: [path.join(req.inDir, `${req.entry}${req.inExt}`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: [...kExternalPackages],
    banner: { js: kRequireBanner },
    metafile: true,
    logLevel: 'warning',
  });
  const output = entryOutput(result.metafile);
  return { entry: req.entry, outfile, bytes: output?.bytes ?? 0, inputs: Object.keys(output?.inputs ?? {}) };
}

function entryOutput(metafile: Metafile): Metafile['outputs'][string] | undefined {
  return Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
}
