import type { Logger } from 'pino';

/**
 * Logs one warning per kind at most once per interval, with the number of
 * occurrences since the last line, so a wiring bug that repeats per record
 * leaves a trail in the log without flooding it (DESIGN.md §5: bounded rate).
 * Only the path that warns reads the clock.
 */
export class RateLimitedWarning {
  private readonly lastAt = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly log: Pick<Logger, 'warn'>,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const last = this.lastAt.get(kind);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      return;
    }
    const repeats = this.suppressed.get(kind) ?? 0;
    this.lastAt.set(kind, now);
    this.suppressed.set(kind, 0);
    this.log.warn({ category: 'shard', kind, ...fields, suppressedSinceLast: repeats }, message);
  }
}
