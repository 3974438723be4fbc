import type { ActorStatus } from '../status/status-source.js';

export interface Readiness {
  readonly ready: boolean;
  /** One line per permanent actor that is not running: `cA: backoff`. */
  readonly waiting: readonly string[];
}

/** /ready: 200 only when every permanent actor is running (DESIGN.md §6). */
export function assessReadiness(actors: readonly ActorStatus[]): Readiness {
  const waiting = actors.filter((a) => (a.restart ?? 'permanent') === 'permanent' && a.state !== 'running').map((a) => `${a.name}: ${a.state}`);
  return { ready: waiting.length === 0, waiting };
}
