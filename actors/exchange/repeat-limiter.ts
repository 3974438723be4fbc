/**
 * Bounds how often one kind of event is logged: at most `maxPerMinute` lines
 * per key in each minute-long window (the window starts at the key's first
 * line). A flood of one malformed frame kind costs a few lines a minute, and
 * the next line admitted says how many were left out. Pure: times are passed
 * in. Keys are few (reject reasons, control errors), so the map stays small.
 */
export class RepeatLimiter {
  private readonly windows = new Map<string, { start: number; lines: number; suppressed: number }>();
  static readonly windowMs = 60_000;

  constructor(readonly maxPerMinute: number) {
    if (!Number.isInteger(maxPerMinute) || maxPerMinute < 0) {
      throw new RangeError(`logMaxRepeatsPerMinute: must be an integer >= 0, got ${String(maxPerMinute)}`);
    }
  }

  /**
   * Whether a line for `key` may be written at `nowMs`: -1 when it must be
   * left out (counted), otherwise the number of lines left out since the
   * last one written for this key (to put in the line).
   */
  admit(key: string, nowMs: number): number {
    let w = this.windows.get(key);
    if (w === undefined) {
      w = { start: nowMs, lines: 0, suppressed: 0 };
      this.windows.set(key, w);
    } else if (nowMs - w.start >= RepeatLimiter.windowMs) {
      w.start = nowMs;
      w.lines = 0;
    }
    if (w.lines >= this.maxPerMinute) {
      w.suppressed++;
      return -1;
    }
    w.lines++;
    const suppressed = w.suppressed;
    w.suppressed = 0;
    return suppressed;
  }
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Minimal logger surface (pino's), so tests can pass a capture. */
export interface LineLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * A logger whose repeated lines (same key) pass a RepeatLimiter: a left-out
 * line is counted through `onSuppressed` (the actor's logSuppressed counter),
 * and the next line written carries `suppressed: n`.
 */
export class RepeatLimitedLog {
  constructor(
    private readonly log: LineLogger,
    private readonly limiter: RepeatLimiter,
    private readonly nowMs: () => number,
    private readonly onSuppressed: () => void,
  ) {}

  line(level: Level, key: string, obj: Record<string, unknown>, msg: string): void {
    const suppressed = this.limiter.admit(key, this.nowMs());
    if (suppressed < 0) {
      this.onSuppressed();
      return;
    }
    this.log[level](suppressed > 0 ? { ...obj, suppressed } : obj, msg);
  }
}
