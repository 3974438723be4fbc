import { describe, expect, it } from 'vitest';
import { ChaosPlan, kChaosFaults } from '../../native-bench/e2e/chaos-plan.js';
import type { SupervisorLine } from '../../native-bench/e2e/host-messages.js';
import { leastSquaresSlope } from '../../native-bench/e2e/linear-trend.js';
import { checkLossIdentity } from '../../native-bench/e2e/loss-identity.js';
import { auditRestartLog } from '../../native-bench/e2e/restart-log-audit.js';
import { judgeStep } from '../../native-bench/e2e/step-judge.js';
import { SupervisorLineTap } from '../../native-bench/e2e/supervisor-line-tap.js';
import type { RingStats } from '../../src/runtime/index.js';

// The pure checks behind the chaos soak and the e2e bench: each must be able
// to fail, so each is shown failing on the case it exists for.

const ring = (written: number, dropped = 0): RingStats => ({
  capacity: 1024, recordSize: 64, fill: 0, written, read: written, dropped, conflated: 0, highWatermark: 0, pending: 0,
});

const counters = (x: string, c: { framesIn: number; controlFrames: number; rejected: number; dataFrames: number; ticksOut?: number }) => ({
  [`exchange.${x}.framesIn`]: c.framesIn,
  [`exchange.${x}.controlFrames`]: c.controlFrames,
  [`exchange.${x}.rejected`]: c.rejected,
  [`exchange.${x}.dataFrames`]: c.dataFrames,
  [`exchange.${x}.ticksOut`]: c.ticksOut ?? c.dataFrames,
});

describe('loss identity', () => {
  const base = {
    exchanges: ['okx'] as const,
    counters: counters('okx', { framesIn: 1010, controlFrames: 3, rejected: 7, dataFrames: 1000 }),
    rings: { 'exchange.okx.recorder->recorder.okx': ring(1002) },
    store: { okx: { ticks: 1000, gaps: 2 } },
  };

  it('holds when every frame is recorded, rejected, dropped or control, and the ring is all in the store', () => {
    const [row] = checkLossIdentity(base);
    expect(row).toMatchObject({ ok: true, unaccounted: 0, unclassified: 0, problems: [] });
  });

  it('fails on a tick that entered the recorder edge but is not in the store', () => {
    const [row] = checkLossIdentity({ ...base, store: { okx: { ticks: 999, gaps: 2 } } });
    expect(row!.ok).toBe(false);
    expect(row!.problems.join('\n')).toMatch(/1002 records entered the ring, 1001 are in the store/);
    expect(row!.problems.join('\n')).toMatch(/off by 1, allowed 0\.\.0/);
  });

  it('counts drops at the recorder edge as accounted for, not as lost', () => {
    const [row] = checkLossIdentity({ ...base, rings: { 'exchange.okx.recorder->recorder.okx': ring(992, 10) }, store: { okx: { ticks: 990, gaps: 2 } } });
    expect(row).toMatchObject({ ok: true, dropped: 10, unaccounted: 0 });
  });

  it('allows one frame cut off per outside termination of the exchange actor, and no more', () => {
    const cut = { ...base, counters: counters('okx', { framesIn: 1011, controlFrames: 3, rejected: 7, dataFrames: 1000 }) };
    expect(checkLossIdentity(cut)[0]!.ok).toBe(false);
    expect(checkLossIdentity({ ...cut, terminations: { okx: 1 } })[0]).toMatchObject({ ok: true, unaccounted: 1 });
    const two = { ...base, counters: counters('okx', { framesIn: 1012, controlFrames: 3, rejected: 7, dataFrames: 1000 }), terminations: { okx: 1 } };
    expect(checkLossIdentity(two)[0]!.ok).toBe(false);
  });

  it('fails when more is stored than was received (double counting is not "nothing lost")', () => {
    const [row] = checkLossIdentity({ ...base, store: { okx: { ticks: 1001, gaps: 1 } } });
    expect(row!.ok).toBe(false);
    expect(row!.unaccounted).toBe(-1);
  });

  it('fails when a frame yields more than one tick (the identity counts frames as ticks)', () => {
    const [row] = checkLossIdentity({ ...base, counters: counters('okx', { framesIn: 1010, controlFrames: 3, rejected: 7, dataFrames: 1000, ticksOut: 1001 }) });
    expect(row!.problems.join('\n')).toMatch(/1001 ticks from 1000 data frames/);
  });
});

describe('restart log audit', () => {
  const line = (action: string, actor: string, time: number, reason: string | null = null): SupervisorLine => ({
    action, actor, reason, exitCode: null, attempt: null, backoffMs: null, downtimeMs: action === 'ready' ? 42 : null, time,
  });

  it('matches each fault with a fail line of its reason and a ready line after it', () => {
    const audit = auditRestartLog(
      [{ actor: 'shard.0', fault: 'hang', atMs: 1000 }, { actor: 'recorder', fault: 'kill', atMs: 5000 }],
      [
        line('start', 'shard.0', 10), line('ready', 'shard.0', 20),
        line('hung', 'shard.0', 3000), line('fail', 'shard.0', 3001, 'hung'), line('backoff', 'shard.0', 3002), line('ready', 'shard.0', 3300),
        line('fail', 'recorder', 5001, 'exit_nonzero'), line('restart', 'recorder', 5100), line('ready', 'recorder', 5200),
      ],
    );
    expect(audit).toMatchObject({ ok: true, logged: 2, missing: [], unplanned: [], downtimesMs: [42, 42] });
  });

  it('reports a fault whose fail reason is wrong, one without a ready line, and a failure nobody injected', () => {
    const audit = auditRestartLog(
      [{ actor: 'shard.0', fault: 'crash', atMs: 1000 }, { actor: 'exchange.okx', fault: 'kill', atMs: 2000 }],
      [
        line('fail', 'shard.0', 1001, 'exit_nonzero'), line('ready', 'shard.0', 1200),
        line('fail', 'exchange.okx', 2001, 'exit_nonzero'),
        line('fail', 'recorder', 2500, 'hung'),
      ],
    );
    expect(audit.ok).toBe(false);
    expect(audit.logged).toBe(0);
    expect(audit.missing.join('\n')).toMatch(/crash shard\.0 .*fail reason exit_nonzero, expected error/);
    expect(audit.missing.join('\n')).toMatch(/kill exchange\.okx .*no ready line/);
    expect(audit.unplanned.join('\n')).toMatch(/recorder failed \(hung\)/);
    expect(audit.missing.join('\n')).toMatch(/recorder failed \(hung\).*no ready line/);
  });

  it('accepts a restart nobody injected when its log is complete, and lists it', () => {
    const audit = auditRestartLog(
      [{ actor: 'shard.0', fault: 'crash', atMs: 1000 }],
      [
        line('fail', 'shard.0', 1001, 'error'), line('restart', 'shard.0', 1100),
        line('hung', 'shard.0', 3000), line('fail', 'shard.0', 3001, 'hung'), line('restart', 'shard.0', 3300), line('ready', 'shard.0', 5000),
      ],
    );
    // The crash's own ready is the one after the watchdog's restart: the crash is logged, the hang is unplanned but complete.
    expect(audit.logged).toBe(1);
    expect(audit.unplanned).toHaveLength(1);
    expect(audit.unplanned[0]).toMatch(/shard\.0 failed \(hung\)/);
  });

  it('does not credit a fault with lines written before it was injected', () => {
    const audit = auditRestartLog([{ actor: 'shard.1', fault: 'crash', atMs: 10_000 }], [line('fail', 'shard.1', 1000, 'error'), line('ready', 'shard.1', 1100)]);
    expect(audit.ok).toBe(false);
    expect(audit.missing).toHaveLength(1);
  });
});

describe('chaos plan', () => {
  const actors = ['recorder', 'shard.0', 'shard.1', 'exchange.okx'];

  it('is the same sequence for the same seed, and never faults one actor twice in a row', () => {
    const a = new ChaosPlan(actors, 42);
    const b = new ChaosPlan(actors, 42);
    const seq = Array.from({ length: 200 }, () => a.next());
    expect(Array.from({ length: 200 }, () => b.next())).toEqual(seq);
    for (let i = 1; i < seq.length; i++) expect(seq[i]!.actor).not.toBe(seq[i - 1]!.actor);
    expect(new Set(seq.map((s) => s.actor))).toEqual(new Set(actors));
    expect(new Set(seq.map((s) => s.fault))).toEqual(new Set(kChaosFaults));
  });

  it('keeps to the faults allowed per actor, and rejects an actor with none', () => {
    const plan = new ChaosPlan(actors, 1, { recorder: ['crash'] });
    const steps = Array.from({ length: 300 }, () => plan.next()).filter((s) => s.actor === 'recorder');
    expect(steps.length).toBeGreaterThan(0);
    expect(new Set(steps.map((s) => s.fault))).toEqual(new Set(['crash']));
    expect(() => new ChaosPlan(actors, 1, { recorder: [] })).toThrow(/recorder.*no allowed fault/);
  });
});

describe('load step verdict', () => {
  const ok = { targetRate: 100_000, sentRate: 99_000, processedRate: 98_500, skipped: 0, dropped: 0, backlog: 100, capacity: 65_536 };

  it('passes a step that kept pace and fails each way one can fall behind', () => {
    expect(judgeStep(ok)).toEqual({ pass: true, reason: '' });
    expect(judgeStep({ ...ok, sentRate: 80_000, processedRate: 80_000 }).reason).toMatch(/simulator offered/);
    expect(judgeStep({ ...ok, skipped: 3 }).reason).toMatch(/skipped 3 frames/);
    expect(judgeStep({ ...ok, dropped: 1 }).reason).toMatch(/1 records dropped/);
    expect(judgeStep({ ...ok, processedRate: 90_000 }).reason).toMatch(/processed 90000\/s/);
    expect(judgeStep({ ...ok, backlog: 40_000 }).reason).toMatch(/backlog 40000 of 65536/);
  });
});

describe('least-squares slope', () => {
  it('finds the trend through noise and is NaN without two points', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const ys = xs.map((x) => 3 * x + 7 + (x % 2 === 0 ? 1 : -1));
    expect(leastSquaresSlope(xs, ys)).toBeCloseTo(3, 2);
    expect(leastSquaresSlope(xs, xs.map(() => 5))).toBe(0);
    expect(leastSquaresSlope([1], [1])).toBeNaN();
  });
});

describe('supervisor line tap', () => {
  it('forwards every line, keeps only supervisor lines, and indexes them absolutely past its bound', async () => {
    const forwarded: string[] = [];
    const tap = new SupervisorLineTap((l) => forwarded.push(l), 2);
    const sup = (action: string, time: number): string =>
      `${JSON.stringify({ level: 30, time, category: 'supervisor', action, actor: 'a', reason: null, exitCode: null, attempt: 0, backoffMs: null, downtimeMs: null })}\n`;
    const waiting = tap.waitFor((l) => l.action === 'ready', 1000);
    tap.write('{"level":30,"category":"exchange","msg":"x"}\n');
    tap.write(sup('start', 1));
    tap.write(sup('ready', 2));
    tap.write(sup('fail', 3));
    expect(forwarded).toHaveLength(4);
    await expect(waiting).resolves.toMatchObject({ action: 'ready', time: 2 });
    expect(tap.next).toBe(3);
    expect(tap.since(0).map((l) => l.action)).toEqual(['ready', 'fail']);
    expect(tap.since(2).map((l) => l.action)).toEqual(['fail']);
  });
});
