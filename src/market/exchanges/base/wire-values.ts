/**
 * Small, allocation-free readers for values as exchanges put them on the
 * wire. Shared by every adapter; nothing here knows an exchange.
 */

export type WireObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isWireObject(v: unknown): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const kDigit0 = 48;
const kDigit9 = 57;
const kMaxDecimalChars = 64;

/**
 * A decimal string such as "25.35190000" or "1e-8" as a number; NaN when the
 * text is not shaped like one. `Number()` alone would also accept "", " 5",
 * "0x1A", "Infinity", which no exchange sends for a price; requiring a digit
 * at both ends and no radix prefix rules those out without a regex.
 */
export function parseDecimal(s: string): number {
  const n = s.length;
  if (n === 0 || n > kMaxDecimalChars) return NaN;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first < kDigit0 || first > kDigit9 || last < kDigit0 || last > kDigit9) return NaN;
  if (n > 2 && first === kDigit0) {
    const c = s.charCodeAt(1) | 0x20; // lower-case
    if (c === 0x62 || c === 0x6f || c === 0x78) return NaN; // 0b, 0o, 0x
  }
  return +s;
}

/** A JSON number that is a safe integer >= 0, or -1. */
export function readUint(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : -1;
}

/** A string of decimal digits (OKX sends millisecond times as strings) as a safe integer, or -1. */
export function readUintString(v: unknown): number {
  if (typeof v !== 'string' || v.length === 0 || v.length > 16) return -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < kDigit0 || c > kDigit9) return -1;
  }
  return +v;
}

const kPreviewChars = 40;

/**
 * A short, non-recursive description of a wire value for rejection details:
 * strings are quoted and truncated, containers are summarised by size (never
 * walked: a deeply nested value must not cost a deep recursion).
 */
export function describe(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > kPreviewChars ? `${v.slice(0, kPreviewChars)}…` : v);
    case 'number':
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'nothing';
    case 'object':
      if (v === null) return 'null';
      return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
    default:
      return typeof v;
  }
}

/** The first characters of a frame, for rejection details. */
export function previewText(text: string): string {
  return describe(text);
}
