/**
 * A program file beside the calling module, with the caller's own extension:
 * `.ts` when running from source (tests, tsx), `.js` when compiled (dist/,
 * `npm run bench`, `npm run soak`). Keeps child entries and worker entries in
 * step with how the caller itself runs.
 */
export function siblingEntry(callerUrl: string, name: string, ext = callerUrl.endsWith('.ts') ? '.ts' : '.js'): URL {
  return new URL(`./${name}${ext}`, callerUrl);
}
