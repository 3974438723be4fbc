import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The ringmaster package directory, found by walking up from this module: the
 * same answer from src/host/cli (run by tsx) and dist/src/host/cli (built),
 * whatever the working directory. Holds config/default.yaml.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isRingmasterPackage(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no ringmaster package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** config/default.yaml of the package: what `ringmaster start` runs without --config. */
export function packagedDefaultConfig(): string {
  return path.join(packageRoot(), 'config', 'default.yaml');
}

export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function isRingmasterPackage(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === 'ringmaster';
  } catch {
    return false;
  }
}
