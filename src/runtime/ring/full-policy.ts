/**
 * What a producer does with a record when its ring is full (DESIGN.md §2),
 * chosen per edge in config. Every record is accounted for:
 *   offered == written + dropped + conflated + pending
 *
 * - `drop`: refuse the newest record and count it `dropped`.
 * - `conflate`: hold the newest record per key (e.g. symbol id) in a bounded
 *   producer-side table. These records are NOT yet in the ring (a producer
 *   restart loses them, and no consumer sees them); they move in, oldest key
 *   first and before any newer record, as soon as there is room. Replacing a
 *   held record counts `conflated`; a new key when the table is full counts
 *   `dropped`.
 * - `block`: publish, spin, then sleep until the consumer releases room, at
 *   most `blockTimeoutMs`; then refuse the record and count it `dropped`.
 */
export type FullPolicy = 'drop' | 'conflate' | 'block';

export const fullPolicies: readonly FullPolicy[] = ['drop', 'conflate', 'block'];

export function isFullPolicy(value: unknown): value is FullPolicy {
  return typeof value === 'string' && (fullPolicies as readonly string[]).includes(value);
}
