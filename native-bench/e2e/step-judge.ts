/**
 * Was a load step sustained? The same rule for ringmaster and the baseline:
 *
 *   - the simulator skipped no frame (a client whose socket buffer fills up
 *     is not keeping up: the simulator skips frames for it rather than queue them);
 *   - it offered what was asked (sent ≥ 90 % of the target rate; otherwise
 *     the load generator, starved of CPU, is the limit);
 *   - nothing was dropped at the recorder edge;
 *   - the end of the pipeline kept pace: processed ≥ 98 % of sent over the
 *     window (what lags a little, batching, is allowed; a growing backlog is not);
 *   - the backlog at the end is under half the edge's capacity (not at the brink).
 */
export interface StepFigures {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly processedRate: number;
  readonly skipped: number;
  readonly dropped: number;
  readonly backlog: number;
  readonly capacity: number;
}

export interface StepVerdict {
  readonly pass: boolean;
  /** Why it failed; empty when it passed. */
  readonly reason: string;
}

export const kMinOfferedShare = 0.9;
export const kMinProcessedShare = 0.98;

export function judgeStep(f: StepFigures): StepVerdict {
  const fail = (reason: string): StepVerdict => ({ pass: false, reason });
  if (f.skipped > 0) return fail(`the simulator skipped ${f.skipped} frames (client not reading)`);
  if (f.sentRate < kMinOfferedShare * f.targetRate) return fail(`the simulator offered ${Math.round(f.sentRate)}/s of ${f.targetRate}/s`);
  if (f.dropped > 0) return fail(`${f.dropped} records dropped at the recorder edge`);
  if (f.processedRate < kMinProcessedShare * f.sentRate) return fail(`processed ${Math.round(f.processedRate)}/s of ${Math.round(f.sentRate)}/s sent`);
  if (f.capacity > 0 && f.backlog > f.capacity / 2) return fail(`backlog ${f.backlog} of ${f.capacity} slots at the end`);
  return { pass: true, reason: '' };
}
