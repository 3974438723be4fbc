import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries `Bearer <expected>`. Both
 * tokens are hashed first, so the comparison is constant-time in their
 * contents and their lengths (timingSafeEqual alone needs equal lengths and
 * would leak the expected length).
 */
export function bearerTokenMatches(authorization: string, expected: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(authorization);
  const given = m?.[1] ?? '';
  const same = timingSafeEqual(digest(given), digest(expected));
  return m !== null && same;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
