import { afterEach } from 'vitest';
import { tempDir, type Rig } from './recorder-rig.js';

/**
 * The rig and temp dir of the test running now, torn down after it whatever
 * happened (the rig's workers terminated, then the directory removed). Call
 * once at the top of a test file. Separate from recorder-rig.ts, which the
 * measurement scripts import outside vitest.
 */
export function rigPerTest(): { dir(): string; track<R extends Rig>(rig: R): R } {
  let rig: Rig | undefined;
  let remove: (() => void) | undefined;
  afterEach(async () => {
    await rig?.system.terminate();
    rig = undefined;
    remove?.();
    remove = undefined;
  });
  return {
    dir() {
      const t = tempDir();
      remove = t.remove;
      return t.dir;
    },
    track(r) {
      rig = r;
      return r;
    },
  };
}
