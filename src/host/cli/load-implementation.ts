/**
 * Imports a command's implementation module lazily (command-contracts.ts).
 * The command modules are written separately; until one is in the build, its
 * command says so and exits 69 rather than failing the whole CLI at load.
 * Only the module itself being absent counts as "not available": a module
 * that is present but fails to load (a missing import inside it, a syntax
 * error) is a bug and propagates.
 */
import { fileURLToPath } from 'node:url';

export type Implementation<F> = { readonly ok: true; readonly fn: F } | { readonly ok: false; readonly reason: string };

/** `moduleUrl`: URL of the module; `.js` resolves to the `.ts` source under tsx. */
export async function loadImplementation<F>(moduleUrl: URL, exportName: string): Promise<Implementation<F>> {
  let module: Record<string, unknown>;
  try {
    module = (await import(moduleUrl.href)) as Record<string, unknown>;
  } catch (err) {
    if (isMissing(err, moduleUrl)) return { ok: false, reason: `${shortPath(moduleUrl)} is missing` };
    throw err;
  }
  const fn = module[exportName];
  if (typeof fn !== 'function') return { ok: false, reason: `${shortPath(moduleUrl)} does not export ${exportName}()` };
  return { ok: true, fn: fn as F };
}

function isMissing(err: unknown, moduleUrl: URL): boolean {
  const e = err as { code?: unknown; url?: unknown; message?: unknown };
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  if (typeof e.url === 'string') return e.url === moduleUrl.href;
  // Loaders without `url` (vite's, under vitest) name the missing module first in the message.
  const missing = typeof e.message === 'string' ? /^Cannot find module '([^']+)'/.exec(e.message)?.[1] : undefined;
  return missing === fileURLToPath(moduleUrl) || missing === moduleUrl.href;
}

/** From `src/` or `dist/` on, which is all a reader needs. */
function shortPath(moduleUrl: URL): string {
  const file = fileURLToPath(moduleUrl);
  const at = file.search(/[/\\](src|dist)[/\\]/);
  return at < 0 ? file : file.slice(at + 1);
}
