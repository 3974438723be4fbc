import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../../src/host/config/config-error.js';

/** A temp directory for config files; `write` returns the file's name relative to it. */
export class ConfigDir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-config-'));

  write(name: string, text: string): string {
    fs.writeFileSync(path.join(this.dir, name), text);
    return name;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, got none');
}

export const kRepoRoot = path.resolve(import.meta.dirname, '../../..');
