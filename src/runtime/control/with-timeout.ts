import { kRpcTimeoutCode } from './rpc-errors.js';

/**
 * Settles like `promise`, or rejects after `ms` with an Error whose `code`
 * is kRpcTimeoutCode and whose message names `what` ("stats() on binance").
 * The timer is cleared as soon as the promise settles, so a fast answer
 * leaves nothing behind. Giving up does not cancel the remote work: a late
 * answer is simply dropped. A bad `ms` (not positive and finite) throws a
 * RangeError at once: that is a programming error, not a slow actor.
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`withTimeout: ms must be a positive finite number, got ${ms} (for ${what})`);
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: kRpcTimeoutCode });
      error.name = 'RpcTimeoutError';
      reject(error);
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Settles with `promise`'s value, or with 'timeout' once `ms` has passed,
 * whichever comes first; a rejection of `promise` propagates. The timer is
 * cleared either way: an armed timer left behind by a race keeps the
 * process alive (a clean `ringmaster start` once lingered for its whole
 * shutdown budget that way).
 */
export async function settleWithin<T>(promise: PromiseLike<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
