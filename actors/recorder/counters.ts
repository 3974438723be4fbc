/** Hot-path counters of the recorder, declared by the host, written by the recorder (ctx.counters.NAME). */
export const kRecorderCounterNames = [
  'recordsCommitted',
  'ticksCommitted',
  'spreadsCommitted',
  'gapsCommitted',
  'batches',
  'refused',
  'commitErrors',
  'pruned',
] as const;

export function recorderCounterNames(): string[] {
  return [...kRecorderCounterNames];
}
