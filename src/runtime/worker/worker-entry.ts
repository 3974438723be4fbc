/**
 * Which file a worker starts for an entry module. From source (tests, tsx)
 * the entry is its `.ts` file, booted through tsx by spawnWorker. Compiled
 * (dist/, `npm start`, benches) it is the self-contained bundle that
 * `npm run build` writes beside the compiled `.js` (scripts/bundle-actors.ts):
 * one file instead of dozens of modules, so a worker, and above all a
 * restarted actor, loads in a fraction of the time.
 */
export const kBundleExt = '.bundle.js';

/**
 * The extension to append to an entry's path (without extension) for code
 * whose own module URL is `callerUrl`: `.ts` when the caller itself runs from
 * source, the bundle's extension when it runs compiled. Deciding by the
 * caller's own extension keeps entries in step with how the process runs,
 * without configuration.
 */
export function workerEntryExt(callerUrl: string): '.ts' | typeof kBundleExt {
  return callerUrl.endsWith('.ts') ? '.ts' : kBundleExt;
}
