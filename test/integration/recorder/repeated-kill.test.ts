import { afterEach, describe, it } from 'vitest';
import { faultUnderLoad } from './fault-under-load.js';
import { tempDir, type Rig } from './recorder-rig.js';

// `kill` terminates the recorder worker from outside (chaos drill, admin
// restart, the watchdog), at whatever instruction it is on: ten times under
// load, so that some land while a commit is in flight. This is the drill that
// deadlocked the process while the recorder wrote with lmdb-js's
// transactionSync, or with async puts under event-turn batching (see
// actors/recorder/async-store-writer.ts): the worker never exited. Shown: each
// terminate completes, the recorder restarts, and the store ends up with every
// record exactly once (fault-under-load.ts).

let rig: Rig | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await rig?.system.terminate();
  rig = undefined;
  cleanup?.();
  cleanup = undefined;
});

describe('recorder: terminated from outside under load, ten times', () => {
  it('every terminate completes; nothing lost, nothing stored twice', async () => {
    const { dir, remove } = tempDir();
    cleanup = remove;
    await faultUnderLoad(dir, 'kill', 10, 'exit_nonzero', (r) => (rig = r));
  });
});
