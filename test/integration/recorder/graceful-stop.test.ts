import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';
import { buildRig, checkStore, gapsIn, standardProducers, writtenByPort } from './recorder-rig.js';
import { rigPerTest } from './rig-per-test.js';

// Graceful stop under load (issue 5): the producers are still writing when
// the stop begins. Shown: the stop is clean; every record a producer wrote to
// its ring is in the store exactly as written (count and every field), gap
// markers included; every ring was released up to what was written; the
// recorder committed each record once.

const t = rigPerTest();

describe('recorder: graceful stop under load', () => {
  it('ticks written to the rings == ticks in the store, gaps accounted for', async () => {
    const dir = t.dir();
    // Totals far beyond what the test lets them write: the load lasts however the machine schedules us.
    const producers = standardProducers({ exchanges: 3, shards: 2, perExchange: 5_000_000, perShard: 1_000_000 });
    const rig = t.track(buildRig({ dir, producers, perTick: 100, recorder: { batchRecords: 500, batchMs: 20 } }));
    const { system } = rig;
    await system.start();
    await waitFor(() => (system.counters()['recorder.recordsCommitted'] ?? 0) > 40_000, 'the recorder to commit under load');

    const report = await system.stop(15_000);
    const written = writtenByPort(rig);
    const total = Object.values(written).reduce((a, b) => a + b, 0);
    // Still under load when the stop began: no producer had finished.
    for (const p of producers) expect(written[p.port], `${p.port} was still producing`).toBeLessThan(p.total);

    expect(report.clean).toBe(true);
    expect(report.actors['recorder']).toMatchObject({ drained: true, exitCode: 0 });
    for (const p of producers) {
      const ring = report.rings[rig.ringOf(p.port)]!;
      expect(ring.read, `${p.port}: released == written`).toBe(ring.written);
      expect(ring.dropped, `${p.port}: nothing dropped`).toBe(0);
    }

    const check = await checkStore(dir, producers, written);
    expect(check.mismatches).toEqual([]);
    expect(check.strays).toBe(0);
    for (const p of producers) {
      expect(check.perPort[p.port], p.port).toEqual({ stored: written[p.port], firstMissing: null, beyond: 0 });
    }
    const expectedGaps = producers.reduce((n, p) => n + gapsIn(p.stream, written[p.port]!), 0);
    expect(expectedGaps).toBeGreaterThan(0);
    expect(check.gaps).toBe(expectedGaps);
    expect(check.ticks + check.spreads + check.gaps).toBe(total);

    const c = system.counters();
    expect(c['recorder.recordsCommitted'], 'each record committed once').toBe(total);
    expect(c['recorder.gapsCommitted']).toBe(expectedGaps);
    expect(c['recorder.spreadsCommitted']).toBe(check.spreads);
    expect(c['recorder.ticksCommitted']).toBe(check.ticks);
    expect(c['recorder.refused']).toBe(0);
    expect(c['recorder.commitErrors']).toBe(0);
  });
});
