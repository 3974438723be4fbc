/**
 * Faults an actor can be told to commit on itself (chaos drills and tests of
 * supervision). Each reproduces one way a real actor fails, so the supervisor
 * sees exactly what it would see in production.
 */
export const kFaultKinds = ['crash', 'exit', 'hang', 'oom'] as const;
export type FaultKind = (typeof kFaultKinds)[number];

export function isFaultKind(s: unknown): s is FaultKind {
  return typeof s === 'string' && (kFaultKinds as readonly string[]).includes(s);
}

export function injectFault(kind: FaultKind): void {
  switch (kind) {
    case 'crash':
      // Thrown outside the control handler's call so it is uncaught: the
      // worker's `error` event. A tick, not setImmediate: the crash happens
      // as soon as the command is read, not after the run loop's next slice.
      process.nextTick(() => {
        throw new Error('chaos: injected crash');
      });
      break;
    case 'exit':
      process.exit(1);
      break;
    case 'hang':
      // Busy loop: the thread never yields, so heartbeats stop.
      setImmediate(() => {
        for (;;) {
          /* hung on purpose */
        }
      });
      break;
    case 'oom':
      setImmediate(() => {
        const hoard: number[][] = [];
        for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length));
      });
      break;
  }
}
