/** Figures in health reasons, written for a person reading /health at 3 a.m. */

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 100 ? s.toFixed(0) : s.toFixed(1)} s`;
}

/** Whole seconds when exact ("10 s"), else one decimal. */
export function limitSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : seconds(ms);
}

const kUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function bytes(n: number): string {
  let v = n;
  let unit = 0;
  while (v >= 1024 && unit < kUnits.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(1)} ${kUnits[unit]}`;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
