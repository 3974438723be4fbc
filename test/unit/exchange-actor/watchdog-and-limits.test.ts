import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ConnectPacer } from '../../../actors/exchange/connect-pacer.js';
import { OutgoingPacer } from '../../../actors/exchange/outgoing-pacer.js';
import { RepeatLimitedLog, RepeatLimiter } from '../../../actors/exchange/repeat-limiter.js';
import { StaleFeedWatchdog } from '../../../actors/exchange/stale-feed-watchdog.js';

describe('StaleFeedWatchdog', () => {
  it('is stale exactly staleAfterMs after open when no data came', () => {
    const w = new StaleFeedWatchdog(10_000);
    expect(w.isStale(1e9)).toBe(false); // not started: never stale
    w.start(1000);
    expect(w.deadline()).toBe(11_000);
    expect(w.isStale(10_999)).toBe(false);
    expect(w.isStale(11_000)).toBe(true);
  });

  it('each data message moves the deadline; stop() ends it', () => {
    const w = new StaleFeedWatchdog(500);
    w.start(0);
    w.dataSeen(400);
    expect(w.isStale(899)).toBe(false);
    expect(w.isStale(900)).toBe(true);
    w.stop();
    expect(w.isStale(10_000)).toBe(false);
    expect(w.isRunning).toBe(false);
  });

  it('rejects a threshold that is not positive', () => {
    expect(() => new StaleFeedWatchdog(0)).toThrow(/staleAfterMs/);
    expect(() => new StaleFeedWatchdog(Number.NaN)).toThrow(/staleAfterMs/);
  });
});

describe('ConnectPacer', () => {
  it('spaces attempts minIntervalMs apart; the first goes at once', () => {
    const p = new ConnectPacer(350);
    expect(p.delayFrom(0)).toBe(0);
    p.recordAttempt(0);
    expect(p.delayFrom(100)).toBe(250);
    expect(p.delayFrom(350)).toBe(0);
    expect(() => new ConnectPacer(-1)).toThrow(/minConnectIntervalMs/);
  });
});

describe('OutgoingPacer', () => {
  it('sends at most maxPerSecond messages a second, in order, on the clock', () => {
    const clock = new SimulatedClock();
    const sent: Array<[number, string]> = [];
    const p = new OutgoingPacer(5, clock, (t) => sent.push([clock.now(), t]));
    for (const m of ['a', 'b', 'c']) p.enqueue(m);
    expect(sent).toEqual([[0, 'a']]);
    expect(p.queued).toBe(2);
    clock.increment(199);
    expect(sent).toHaveLength(1);
    clock.increment(1);
    clock.increment(200);
    expect(sent).toEqual([[0, 'a'], [200, 'b'], [400, 'c']]);
  });

  it('clear() drops what is queued (a new socket resubscribes)', () => {
    const clock = new SimulatedClock();
    const sent: string[] = [];
    const p = new OutgoingPacer(1, clock, (t) => sent.push(t));
    p.enqueue('x');
    p.enqueue('y');
    p.clear();
    clock.increment(5000);
    expect(sent).toEqual(['x']);
  });
});

describe('RepeatLimiter', () => {
  it('admits maxPerMinute lines per key per minute and reports the left-out count on the next line', () => {
    const r = new RepeatLimiter(2);
    expect(r.admit('a', 0)).toBe(0);
    expect(r.admit('a', 10)).toBe(0);
    expect(r.admit('a', 20)).toBe(-1);
    expect(r.admit('a', 30)).toBe(-1);
    expect(r.admit('b', 30)).toBe(0); // keys are independent
    expect(r.admit('a', 59_999)).toBe(-1);
    expect(r.admit('a', 60_000)).toBe(3); // 20, 30 and 59 999 were left out
    expect(r.admit('a', 60_001)).toBe(0);
  });

  it('0 per minute logs nothing and counts everything', () => {
    const lines: object[] = [];
    let suppressed = 0;
    const sink = { debug() {}, info() {}, warn: (o: object) => void lines.push(o), error() {} };
    const log = new RepeatLimitedLog(sink, new RepeatLimiter(0), () => 0, () => suppressed++);
    for (let i = 0; i < 5; i++) log.line('warn', 'k', { i }, 'm');
    expect(lines).toEqual([]);
    expect(suppressed).toBe(5);
  });

  it('RepeatLimitedLog writes the suppressed count into the next admitted line', () => {
    const lines: object[] = [];
    let now = 0;
    let suppressed = 0;
    const sink = { debug() {}, info() {}, warn: (o: object) => void lines.push(o), error() {} };
    const log = new RepeatLimitedLog(sink, new RepeatLimiter(1), () => now, () => suppressed++);
    log.line('warn', 'k', { n: 1 }, 'm');
    log.line('warn', 'k', { n: 2 }, 'm');
    log.line('warn', 'k', { n: 3 }, 'm');
    now = 60_000;
    log.line('warn', 'k', { n: 4 }, 'm');
    expect(lines).toEqual([{ n: 1 }, { n: 4, suppressed: 2 }]);
    expect(suppressed).toBe(2);
  });
});
