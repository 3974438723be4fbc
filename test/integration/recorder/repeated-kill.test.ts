import { describe, it } from 'vitest';
import { faultUnderLoad } from './fault-under-load.js';
import { rigPerTest } from './rig-per-test.js';

// `kill` (chaos drill, admin restart) asks the recorder to leave at its next
// turn boundary and terminates it from outside if it does not within 250 ms
// (WorkerChild.terminate; the watchdog terminates a hung worker at once): ten
// times under load, so that some land while a commit is in flight. A
// terminate landing inside an lmdb-js native call aborted the whole process
// once in CI (FATAL napi_throw in startWriting), hence the exit command. This is the drill that
// deadlocked the process while the recorder wrote with lmdb-js's
// transactionSync, or with async puts under event-turn batching (see
// actors/recorder/async-store-writer.ts): the worker never exited. Shown: each
// terminate completes, the recorder restarts, and the store ends up with every
// record exactly once (fault-under-load.ts).

const t = rigPerTest();

describe('recorder: terminated from outside under load, ten times', () => {
  it('every terminate completes; nothing lost, nothing stored twice', async () => {
    const dir = t.dir();
    await faultUnderLoad(dir, 'kill', 10, 'exit_nonzero', t.track);
  });
});
