/** Hot-path counters of a shard, declared by the host, written by the shard (ctx.counters.NAME). */
export const kShardCounterNames = [
  'ticksIn',
  'gapsIn',
  'spreadsComputed',
  'spreadsPublished',
  'recomputes',
  'windowEvictions',
  'staleQuotesExcluded',
  'crossedExcluded',
  'recoveredTicks',
] as const;

export function shardCounterNames(): string[] {
  return [...kShardCounterNames];
}
