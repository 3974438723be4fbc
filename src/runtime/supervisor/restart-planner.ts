/**
 * What a supervisor stops and starts when one child fails and is to be
 * restarted (the restart decision said yes): a pure function of strategy ×
 * failed child × children.
 *
 *   one_for_one   stop nothing, start the failed child.
 *   rest_for_one  stop the children started after the failed one, newest
 *                 first (reverse start order); then start the failed child
 *                 and those siblings, in start order. Used where later
 *                 children depend on earlier ones.
 *
 * Contract on `childNamesInOrder`: the children the supervisor currently
 * holds, in start order, whether running or waiting out a backoff; children
 * that were given up are not in it. The failed child is already down, so it
 * is never in `stop`. A sibling listed in `stop` that has no worker (it is in
 * backoff) is simply cancelled by the mechanism.
 *
 * A temporary sibling stopped by rest_for_one is not started again (OTP: a
 * temporary child is never restarted, whoever caused its end); pass their
 * names in `temporary`.
 */
import type { Strategy } from './child-spec.js';

export interface RestartPlan {
  /** Children to stop, in this order, before anything starts. */
  readonly stop: readonly string[];
  /** Children to start, in this order, each after the previous is running. */
  readonly start: readonly string[];
}

export function planRestart(
  strategy: Strategy,
  failedName: string,
  childNamesInOrder: readonly string[],
  temporary: ReadonlySet<string> = new Set(),
): RestartPlan {
  const index = childNamesInOrder.indexOf(failedName);
  if (index < 0) {
    throw new RangeError(`planRestart: '${failedName}' is not among the children [${childNamesInOrder.join(', ')}]`);
  }
  if (strategy === 'one_for_one') return { stop: [], start: [failedName] };
  const later = childNamesInOrder.slice(index + 1);
  return {
    stop: [...later].reverse(),
    start: [failedName, ...later.filter((name) => !temporary.has(name))],
  };
}

/** A supervisor stops its children newest first, so dependants go before what they depend on. */
export function planShutdown(childNamesInOrder: readonly string[]): readonly string[] {
  return [...childNamesInOrder].reverse();
}
