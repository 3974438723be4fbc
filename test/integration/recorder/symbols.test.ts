import { describe, expect, it } from 'vitest';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { buildRig } from './recorder-rig.js';
import { rigPerTest } from './rig-per-test.js';

// The recorder records the config's symbol table at init. Symbol ids are
// append-only (a reordered config would renumber recorded data), so a table
// that does not extend the recorded one fails init with a message naming the
// id, both names and the way out; an extended one is recorded.

const t = rigPerTest();

async function storeWith(dir: string, symbols: string[]): Promise<void> {
  const store = openTickStore({ path: dir });
  expect(store.putSymbolNames(symbols)).toMatchObject({ ok: true });
  await store.close();
}

describe('recorder: the symbol table', () => {
  it('a reordered table fails init with a clear message', async () => {
    const dir = t.dir();
    await storeWith(dir, ['BTC-USDT', 'ETH-USDT']);
    const { log } = captureLog();
    const rig = t.track(buildRig({ dir, log, producers: [], recorder: { symbols: ['ETH-USDT', 'BTC-USDT'] } }));
    const s = rig.system;
    void s.start().catch(() => {});
    const failure = await waitFor(() => s.actors().find((a) => a.name === 'recorder')?.lastFailure, 'the recorder to fail init');
    expect(failure.reason).toBe('error');
    expect(failure.message).toMatch(/config symbols do not match the store at .*: symbol id 0 is "BTC-USDT" in the store but "ETH-USDT" in the config\. Symbol ids are append-only/);
  });

  it('a table missing a recorded symbol fails too', async () => {
    const dir = t.dir();
    await storeWith(dir, ['BTC-USDT', 'ETH-USDT']);
    const { log } = captureLog();
    const rig = t.track(buildRig({ dir, log, producers: [], recorder: { symbols: ['BTC-USDT'] } }));
    const s = rig.system;
    void s.start().catch(() => {});
    const failure = await waitFor(() => s.actors().find((a) => a.name === 'recorder')?.lastFailure, 'the recorder to fail init');
    expect(failure.message).toMatch(/symbol id 1 is "ETH-USDT" in the store but missing in the config/);
  });

  it('an extended table is recorded', async () => {
    const dir = t.dir();
    await storeWith(dir, ['BTC-USDT', 'ETH-USDT']);
    const { log } = captureLog();
    const rig = t.track(buildRig({ dir, log, producers: [], recorder: { symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'] } }));
    await rig.system.start();
    expect((await rig.system.stop()).clean).toBe(true);
    const store = openTickStore({ path: dir, readOnly: true });
    try {
      expect(store.symbolNames()).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']);
    } finally {
      await store.close();
    }
  });
});
