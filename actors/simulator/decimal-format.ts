const kZeros = '00000000000000000000';

/**
 * Prints `units * 10^-scale` with exactly `digits` decimals (digits >= scale),
 * e.g. formatScaled(6000012, 2, 8) === "60000.12000000". Integer in, string
 * out: no float rounding, and cheaper than toFixed on the frame hot path.
 * `units` must be a non-negative safe integer.
 */
export function formatScaled(units: number, scale: number, digits: number): string {
  let s = String(units);
  if (scale === 0) return digits === 0 ? s : s + '.' + kZeros.slice(0, digits);
  if (s.length <= scale) s = kZeros.slice(0, scale - s.length + 1) + s;
  const cut = s.length - scale;
  return s.slice(0, cut) + '.' + s.slice(cut) + kZeros.slice(0, digits - scale);
}
