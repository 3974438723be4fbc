import { afterEach, describe, expect, it } from 'vitest';
import type { ActorSystem, FaultKind } from '../../../src/runtime/index.js';
import { captureLog, kRestartLogFields } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { twoPipelines } from './topology-fixture.js';

// Each fault hits one actor of a loaded four-actor system. Shown: only that
// actor restarts; its siblings keep processing during the restart; after a
// graceful stop every ring has read == written and no consumer saw a gap or
// a corrupt record; the restart left complete log lines.

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
});

const cases: Array<{ fault: FaultKind | 'kill'; target: string; reason: string }> = [
  { fault: 'crash', target: 'cA', reason: 'error' },
  { fault: 'exit', target: 'pA', reason: 'exit_nonzero' },
  { fault: 'hang', target: 'cA', reason: 'hung' },
  { fault: 'oom', target: 'cA', reason: 'out_of_memory' },
];

describe('fault injection on a loaded four-actor system', () => {
  for (const { fault, target, reason } of cases) {
    it(`${fault} in ${target}: only ${target} restarts, nothing lost or repeated`, async () => {
      const { log, lines } = captureLog();
      system = twoPipelines(log, undefined, fault === 'oom' ? { [target]: { maxOldGenerationSizeMb: 64 } } : undefined);
      await system.start();
      const s = system;
      const consumed = (name: string) => s.counters()[`${name}.consumed`] ?? 0;
      await waitFor(() => consumed('cA') > 2000 && consumed('cB') > 2000, 'load on both pipelines');

      const before = Object.fromEntries(s.actors().map((a) => [a.name, a.incarnation]));
      await s.inject(target, fault);
      await waitFor(() => s.actors().find((a) => a.name === target)?.state === 'failed' || s.actors().find((a) => a.name === target)!.incarnation > before[target]!, `${target} to fail`);
      // While the target is down or restarting, its sibling pipeline keeps flowing.
      const siblingBefore = consumed('cB');
      await waitFor(() => consumed('cB') > siblingBefore + 500, 'sibling pipeline to keep processing');
      await waitFor(() => {
        const a = s.actors().find((x) => x.name === target)!;
        return a.state === 'running' && a.incarnation === before[target]! + 1;
      }, `${target} to be running again`);

      for (const a of s.actors()) {
        if (a.name !== target) expect(a.incarnation, `${a.name} must not restart`).toBe(before[a.name]);
      }
      const failed = s.actors().find((a) => a.name === target)!;
      expect(failed.restarts).toBe(1);
      expect(failed.lastFailure?.reason).toBe(reason);

      // Load continues through the restarted actor.
      const afterRestart = consumed(target.replace('p', 'c'));
      await waitFor(() => consumed(target.replace('p', 'c')) > afterRestart + 500, 'restarted pipeline to flow');

      const report = await s.stop();
      expect(report.clean).toBe(true);
      for (const [name, ring] of Object.entries(report.rings)) {
        expect(ring.read, `${name}: read == written`).toBe(ring.written);
        expect(ring.dropped, `${name}: nothing dropped`).toBe(0);
      }
      const counters = s.counters();
      expect(counters['cA.gaps']).toBe(0);
      expect(counters['cB.gaps']).toBe(0);
      expect(counters['cA.corrupt']).toBe(0);
      expect(counters['cB.corrupt']).toBe(0);

      const restartLines = lines.filter((l) => l.category === 'supervisor' && l.actor === target);
      // The restart history: fail → backoff → restart → ready (with the downtime).
      const actions = restartLines.map((l) => l.action);
      const detected = fault === 'hang' ? ['hung'] : []; // the watchdog's verdict comes first
      expect(actions).toEqual(['start', 'ready', ...detected, 'fail', 'backoff', 'restart', 'ready', 'stop', 'stopped']);
      const failLine = restartLines.find((l) => l.action === 'fail')!;
      expect(failLine.reason).toBe(reason);
      expect(failLine.exitCode).toEqual(expect.any(Number));
      const backoffLine = restartLines.find((l) => l.action === 'backoff')!;
      expect(backoffLine.attempt).toBe(1);
      expect(backoffLine.backoffMs).toBe(10);
      const readyAgain = restartLines.filter((l) => l.action === 'ready')[1]!;
      expect(readyAgain.downtimeMs).toEqual(expect.any(Number));
      for (const line of restartLines) {
        for (const field of kRestartLogFields) expect(line, `${String(line.action)} line has ${field}`).toHaveProperty(field);
      }
      expect(lines.filter((l) => l.category === 'supervisor' && l.action === 'fail' && l.actor !== target)).toEqual([]);
    });
  }
});
