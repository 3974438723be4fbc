import { kRejectReasonNames } from '../../src/market/exchanges/base/reject-reason.js';
import type { CounterHandle } from '../../src/runtime/index.js';

/**
 * Hot-path counters of an exchange connection actor, declared by the host,
 * written by the actor (ctx.counters.NAME). Shared memory: they survive a
 * restart of the actor, so the host sees totals per exchange.
 *
 *   framesIn           every WebSocket frame received (= dataFrames + controlFrames + rejected)
 *   dataFrames         frames that yielded ticks
 *   controlFrames      acks, pongs, pings, errors, notices: not market data
 *   controlErrors      control frames reporting an error (a refused subscribe, ...)
 *   ticksOut           ticks handed to the rings (each to its shard and to the recorder)
 *   rejected           frames refused by the parser; reject_<reason> splits them by reason
 *   crossed            ticks with bid >= ask (kept, flagged)
 *   connects           connections opened; its value numbers the connection epoch
 *   reconnects         connection attempts after a lost, failed or replaced connection
 *   connectFailures    attempts that never opened (refused, timed out)
 *   staleFeeds         connections dropped because no data arrived for staleAfterMs
 *   pongTimeouts       connections dropped because nothing answered a keepalive ping
 *   plannedReconnects  connections replaced before the exchange's lifetime limit
 *   gapsWritten        gap markers (each to every output it concerns)
 *   seqGaps            frames whose sequence number showed lost updates or a reset
 *   deadLetters        frames handed to the dead-letter store
 *   deadLettersDropped dead letters lost before they were stored (queue overflow, write error)
 *   logSuppressed      log lines left out by the per-minute repeat limit
 */
export const kExchangeCounterNames = [
  'framesIn',
  'dataFrames',
  'controlFrames',
  'controlErrors',
  'ticksOut',
  'rejected',
  'crossed',
  'connects',
  'reconnects',
  'connectFailures',
  'staleFeeds',
  'pongTimeouts',
  'plannedReconnects',
  'gapsWritten',
  'seqGaps',
  'deadLetters',
  'deadLettersDropped',
  'logSuppressed',
] as const;

export type ExchangeCounterName = (typeof kExchangeCounterNames)[number];

/** Counter name of a reject reason, by its numeric value (kRejectReasonNames order). */
export function rejectCounterName(reason: number): string {
  return `reject_${kRejectReasonNames[reason] ?? 'unknown'}`;
}

/** Every counter the host must declare for an exchange actor, reject reasons included. */
export function exchangeCounterNames(): string[] {
  return [...kExchangeCounterNames, ...kRejectReasonNames.map((_, i) => rejectCounterName(i))];
}

/** The counters an actor writes, resolved once from ctx.counters (fails fast on a missing one). */
export interface ExchangeCounters {
  readonly named: { readonly [N in ExchangeCounterName]: CounterHandle };
  /** Indexed by RejectReason value. */
  readonly byReason: readonly CounterHandle[];
}

export function exchangeCounters(handles: Readonly<Record<string, CounterHandle>>): ExchangeCounters {
  const pick = (name: string): CounterHandle => {
    // The runtime keys each handle by its name inside the actor (the actor's own name stripped).
    const h = Object.hasOwn(handles, name) ? handles[name] : undefined;
    if (h === undefined) throw new RangeError(`exchange actor: counter "${name}" is not declared (declare exchangeCounterNames())`);
    return h;
  };
  const named = Object.fromEntries(kExchangeCounterNames.map((n) => [n, pick(n)])) as ExchangeCounters['named'];
  return { named, byReason: kRejectReasonNames.map((_, i) => pick(rejectCounterName(i))) };
}
