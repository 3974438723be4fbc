import type { DestinationStream } from 'pino';
import type { SupervisorLine } from './host-messages.js';

/**
 * A pino destination that forwards every line (to a file, stdout, nowhere)
 * and keeps the supervisor's transition lines (`category: "supervisor"`,
 * docs/runtime.md) for the restart-log audit and for restart timing.
 * Other lines are not parsed. Bounded: past `maxLines` the oldest kept lines
 * are dropped and counted (a soak of hours writes a few lines per fault).
 */
export class SupervisorLineTap implements DestinationStream {
  readonly lines: SupervisorLine[] = [];
  /** Lines dropped from the front because of maxLines; indices stay absolute. */
  dropped = 0;
  private readonly listeners = new Set<(line: SupervisorLine) => void>();

  constructor(
    private readonly forward: (line: string) => void = () => {},
    private readonly maxLines = 100_000,
  ) {}

  write(line: string): void {
    this.forward(line);
    if (!line.includes('"category":"supervisor"')) return;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (rec.category !== 'supervisor') return;
    const parsed: SupervisorLine = {
      action: String(rec.action),
      actor: String(rec.actor),
      reason: typeof rec.reason === 'string' ? rec.reason : null,
      exitCode: typeof rec.exitCode === 'number' ? rec.exitCode : null,
      attempt: typeof rec.attempt === 'number' ? rec.attempt : null,
      backoffMs: typeof rec.backoffMs === 'number' ? rec.backoffMs : null,
      downtimeMs: typeof rec.downtimeMs === 'number' ? rec.downtimeMs : null,
      time: typeof rec.time === 'number' ? rec.time : Date.now(),
    };
    this.lines.push(parsed);
    if (this.lines.length > this.maxLines) {
      this.lines.shift();
      this.dropped++;
    }
    for (const l of this.listeners) l(parsed);
  }

  /** Lines from absolute index `from` (0 = the first line ever written). */
  since(from: number): SupervisorLine[] {
    return this.lines.slice(Math.max(0, from - this.dropped));
  }

  /** Absolute index of the next line. */
  get next(): number {
    return this.dropped + this.lines.length;
  }

  /** Resolves with the first line after now that matches, or rejects after timeoutMs. */
  waitFor(match: (line: SupervisorLine) => boolean, timeoutMs: number): Promise<SupervisorLine> {
    return new Promise((resolve, reject) => {
      const listener = (line: SupervisorLine): void => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching supervisor line within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
