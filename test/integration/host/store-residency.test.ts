import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentBytesOf } from '../../support/proc-memory.js';
import { waitFor } from '../../support/wait-for.js';
import { health, startTestHost } from './host-fixture.js';

// The recorder bounds how much of the store its memory map keeps in RSS
// (recorder.mapResidencyBytes) by closing and reopening the store; the map
// goes only if no other thread of the host holds the store open, so this
// runs the whole host: three exchange actors (each with its dead-letter
// sink on the same store), two shards (which read it to recover) and the
// recorder, all in this process.
const kMiB = 2 ** 20;
const kBound = 2 * kMiB;
let t: Awaited<ReturnType<typeof startTestHost>>;

beforeAll(async () => {
  t = await startTestHost({ recorder: { mapResidencyBytes: kBound }, simulator: { framesPerSecond: 4000 } });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('host: the store map stays within recorder.mapResidencyBytes of RSS', () => {
  it('while the store grows far past it, with every actor running', async () => {
    const dataFile = path.join(t.host.config.recorder.path, 'data.mdb');
    const h = await waitFor(async () => {
      const b = await health(t.url('/health'));
      const r = b['recorder'] as { diskBytes: number; storeRemaps: number } | null;
      return r !== null && r.diskBytes > 16 * kMiB && r.storeRemaps >= 3 ? b : undefined;
    }, 'a store of 16 MiB written through at least three remaps', 60_000);
    expect((h['bounds'] as { recorder: { mapResidencyBytes: number } }).recorder.mapResidencyBytes).toBe(kBound);
    // The bound, plus what the writes in flight when it was reached touched,
    // plus what the shards' windows read: far below the store.
    expect(residentBytesOf(dataFile)).toBeLessThan(kBound + 6 * kMiB);
    const r = (await health(t.url('/health')))['recorder'] as { diskBytes: number };
    expect(r.diskBytes).toBeGreaterThan(16 * kMiB);
  });
});
