/**
 * Errors an RPC caller can see besides the ones the actor itself throws.
 *
 * Errors that cross comlink lose their class (comlink rebuilds a plain Error
 * and copies `name`, `message`, `stack` and any other own fields onto it),
 * so callers recognise these by `code`, never by `instanceof`.
 */

/** The actor's worker died (or its port closed) before it answered. */
export const kActorDiedCode = 'ERR_ACTOR_DIED';
/** withTimeout() gave up waiting. */
export const kRpcTimeoutCode = 'ERR_RPC_TIMEOUT';

export interface CodedError extends Error {
  readonly code: string;
}

export function isActorDiedError(error: unknown): error is CodedError {
  return hasCode(error, kActorDiedCode);
}

export function isRpcTimeoutError(error: unknown): error is CodedError {
  return hasCode(error, kRpcTimeoutCode);
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Partial<CodedError>).code === code;
}
