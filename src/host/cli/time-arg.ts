/**
 * The `--since` / `--until` values of `ringmaster export`, as microseconds
 * since the epoch (the unit of every timestamp in the store):
 *
 *   2024-05-01T12:00:00Z, 2024-05-01T12:00:00.123456+02:00   ISO 8601 with a zone
 *   2024-05-01                                               midnight UTC
 *   1714564800000000                                         microseconds
 *   90s, 15m, 2h, 7d                                         that long before now
 *
 * A date-time without a zone is refused: local time would make a script's
 * result depend on the machine it runs on.
 */
const kIsoDateTime = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,6})\d*)?(Z|[+-]\d{2}:\d{2}))?$/;
const kAge = /^(\d+)(s|m|h|d)$/;
const kAgeUnitsMs: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const kTimeArgHelp = 'ISO 8601 with a zone (2024-05-01T12:00:00Z), a date (UTC), microseconds since the epoch, or an age such as 15m, 2h, 7d';

/** µs since the epoch, or undefined when `text` is none of the accepted forms. */
export function parseTimeArg(text: string, nowMs: number): number | undefined {
  if (/^\d{1,17}$/.test(text)) return Number(text);
  const age = kAge.exec(text);
  if (age !== null) return (nowMs - Number(age[1]) * (kAgeUnitsMs[age[2] ?? ''] ?? Number.NaN)) * 1000;
  const iso = kIsoDateTime.exec(text);
  if (iso === null) return undefined;
  const [, date = '', time, fraction, zone] = iso;
  if (!isCalendarDate(date)) return undefined;
  const ms = Date.parse(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? ''}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number((fraction ?? '').padEnd(6, '0'));
}

/** Date.parse rolls 2024-02-30 over into March; refuse it instead. */
function isCalendarDate(date: string): boolean {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}
