/**
 * Fail-fast checks for constructor options (STYLE.md habit 7): each names the
 * option's path, the value it got and what is allowed, so a bad config stops
 * start-up with a message an operator can act on.
 */

export function requireInteger(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${path}: expected an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

export function requireNumber(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${path}: expected a number in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
