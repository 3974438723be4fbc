import type { Logger } from 'pino';

/**
 * One log line per kind at most every intervalMs, carrying how many were
 * suppressed since the previous line: a refused budget or a failing disk is
 * retried every few milliseconds and must leave a loud but bounded trail.
 */
export class ThrottledLog {
  private readonly lastAt = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly log: Pick<Logger, 'warn' | 'error'>,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    this.emit('warn', kind, fields, message);
  }

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    this.emit('error', kind, fields, message);
  }

  /** Forget a kind, so that the next occurrence logs at once (the condition cleared). */
  reset(kind: string): void {
    this.lastAt.delete(kind);
    this.suppressed.delete(kind);
  }

  private emit(level: 'warn' | 'error', kind: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const last = this.lastAt.get(kind);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      return;
    }
    const suppressedSinceLast = this.suppressed.get(kind) ?? 0;
    this.lastAt.set(kind, now);
    this.suppressed.set(kind, 0);
    this.log[level]({ category: 'recorder', kind, ...fields, suppressedSinceLast }, message);
  }
}
