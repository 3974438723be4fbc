import { requireInteger } from './require-option.js';
import { kBlockSize, kDeltaEscape, windowArenaBytes } from './window-arena-plan.js';

/**
 * Options of the rolling-window store, their defaults and how they are checked.
 *
 *   windowMs        900000   length of every window. A point stamped t is inside
 *                            at time now iff t > now - windowMs: the window is the
 *                            half-open interval (now - windowMs, now], so a point
 *                            exactly windowMs old is already out.
 *   capacity        32768    points kept per window; when full, the oldest point is
 *                            evicted (and counted). Rounded up to a multiple of
 *                            kBlockSize (64); at least 2 blocks, at most 65535.
 *   maxWindows      256      windows alive at once; a new key past the cap takes
 *                            the slot of the least recently updated window (counted).
 *   keySpace        (none)   keys are integers in [0, keySpace); the caller maps
 *                            (symbol, pair) onto them.
 *   timeUnitUs      10       resolution of stored point times. Times are kept as
 *                            whole units (floor(tsUs / timeUnitUs)) and the window
 *                            edge is exact on that grid. 10 µs keeps the order and
 *                            spacing of a burst of ticks (sub-millisecond apart),
 *                            and is far below the jitter of a receive timestamp;
 *                            windowMs * 1000 must be a multiple of it.
 *   recomputeEvery  capacity pushes into a window between exact recomputes of its
 *                            running sums. Cost per push is count / recomputeEvery
 *                            extra additions, so the default keeps it O(1).
 *
 * Rejected: non-integers, values out of range, a window longer than 2^32 - 1
 * time units (deltas that escape are kept as u32), and an arena over 2 GiB.
 */
export interface WindowOptions {
  readonly windowMs: number;
  readonly capacity: number;
  readonly maxWindows: number;
  readonly keySpace: number;
  readonly timeUnitUs: number;
  readonly recomputeEvery?: number;
}

/** Options after defaults, rounding and derivation; what the arena is sized by. */
export interface WindowConfig {
  readonly windowMs: number;
  /** Effective capacity: a multiple of kBlockSize. */
  readonly capacity: number;
  readonly maxWindows: number;
  readonly keySpace: number;
  readonly timeUnitUs: number;
  readonly recomputeEvery: number;
  /** windowMs in time units. */
  readonly windowUnits: number;
  readonly blocksPerWindow: number;
  /** Slots of the per-window ring of escaped (long) time deltas; see window-arena.ts. */
  readonly escapeSlots: number;
}

export const kWindowDefaults = {
  windowMs: 900_000,
  capacity: 32_768,
  maxWindows: 256,
  timeUnitUs: 10,
} as const;

const kMaxBlocks = 0xffff;
const kMaxArenaBytes = 2 ** 31;

export function resolveWindowConfig(
  options: Partial<WindowOptions> & { readonly keySpace: number },
  path = 'window',
): WindowConfig {
  const timeUnitUs = requireInteger(`${path}.timeUnitUs`, options.timeUnitUs ?? kWindowDefaults.timeUnitUs, 1, 1_000_000);
  const windowMs = requireInteger(`${path}.windowMs`, options.windowMs ?? kWindowDefaults.windowMs, 1, 2 ** 40);
  if ((windowMs * 1000) % timeUnitUs !== 0) {
    throw new RangeError(`${path}.windowMs: ${windowMs} ms is not a whole number of ${path}.timeUnitUs (${timeUnitUs} µs)`);
  }
  const windowUnits = (windowMs * 1000) / timeUnitUs;
  if (windowUnits > 0xffffffff) {
    throw new RangeError(`${path}.windowMs: ${windowMs} ms is over 2^32 - 1 units of ${timeUnitUs} µs; raise ${path}.timeUnitUs`);
  }
  const requested = requireInteger(`${path}.capacity`, options.capacity ?? kWindowDefaults.capacity, 2 * kBlockSize, kMaxBlocks * kBlockSize);
  const capacity = Math.ceil(requested / kBlockSize) * kBlockSize;
  const maxWindows = requireInteger(`${path}.maxWindows`, options.maxWindows ?? kWindowDefaults.maxWindows, 1, 1 << 20);
  const keySpace = requireInteger(`${path}.keySpace`, options.keySpace, 1, 2 ** 31 - 1);
  const recomputeEvery = requireInteger(`${path}.recomputeEvery`, options.recomputeEvery ?? capacity, 1, 2 ** 31 - 1);
  const config: WindowConfig = {
    windowMs, capacity, maxWindows, keySpace, timeUnitUs, recomputeEvery, windowUnits,
    blocksPerWindow: capacity / kBlockSize,
    escapeSlots: escapeSlotsFor(windowUnits),
  };
  const bytes = windowArenaBytes(config);
  if (bytes > kMaxArenaBytes) {
    throw new RangeError(`${path}: the window arena would take ${bytes} bytes (over 2 GiB); lower ${path}.capacity (${capacity}) or ${path}.maxWindows (${maxWindows})`);
  }
  return config;
}

/**
 * Bound on escaped deltas alive in one window. Deltas are kept for every
 * point but the oldest, and they sum to (newest - oldest) < windowUnits; an
 * escaped delta is >= kDeltaEscape units, so at most
 * floor((windowUnits - 1) / kDeltaEscape) of them are alive. One spare slot.
 */
function escapeSlotsFor(windowUnits: number): number {
  return Math.floor((windowUnits - 1) / kDeltaEscape) + 1;
}

/**
 * Typed-array bytes that a window store with these options allocates (its
 * whole footprint: nothing is allocated per window or per point later).
 * Pages that no window has touched yet are not resident, so RSS approaches
 * this figure only once every window has filled.
 */
export function windowMemoryBytes(options: Partial<WindowOptions> & { readonly keySpace: number }): number {
  return windowArenaBytes(resolveWindowConfig(options));
}
