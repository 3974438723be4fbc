import fs from 'node:fs';

/**
 * Tells when the store's memory map has made `boundBytes` more of the
 * process resident since the store was (re)opened, so that the writer can
 * close and reopen it (async-store-writer.ts).
 *
 * Measured, not estimated: how much of the map a batch makes resident
 * depends on how many streams it touches, not only on its records (each
 * transaction copies the tail leaf of every stream it appends to, and the
 * next one reads those copies back): 1000 ticks over 150 streams made
 * about 575 B per record resident, against 90 B of data. So it reads the
 * process's file-backed RSS (/proc/self/status RssFile, ~17 µs) at each
 * write. That figure is process-wide: other threads' file pages count too,
 * which can only make remaps come sooner. Its low point since the last
 * open is the baseline, so pages the kernel reclaimed do not hide growth.
 *
 * A remap frees the map only when no other thread holds the store open; a
 * restarted shard reading the store to recover holds it for as long as its
 * replay takes (tens of seconds at 30k ticks/s), and every remap meanwhile
 * would be a pipeline bubble for nothing. So a remap that did not bring the
 * file-backed RSS down by half the bound doubles the growth the next one
 * waits for (up to kMaxBackoff times the bound), and one that did resets it.
 *
 * Without /proc (not Linux) it falls back to an estimate per record.
 */
export class MapResidency {
  private baseline = 0;
  private recordsSinceOpen = 0;
  /** The reading that made the last remap due; NaN before the first. */
  private dueAt = Number.NaN;
  /** The bound is multiplied by this while remaps free nothing. */
  private backoff = 1;

  constructor(
    private readonly boundBytes: number,
    /** Bytes per record of the fallback estimate. */
    private readonly estimateBytesPerRecord: number,
    private readonly residentFileBytes: () => number | null = readRssFile,
  ) {}

  /** The store was just (re)opened. */
  opened(): void {
    this.recordsSinceOpen = 0;
    const now = this.residentFileBytes();
    this.baseline = now ?? 0;
    if (now === null || Number.isNaN(this.dueAt)) return;
    const freed = this.dueAt - now;
    this.backoff = freed >= this.boundBytes / 2 ? 1 : Math.min(kMaxBackoff, this.backoff * 2);
  }

  /** What the map may grow by before the next remap: the bound, times the backoff. */
  get thresholdBytes(): number {
    return this.boundBytes * this.backoff;
  }

  /** Records were written through the current map. */
  wrote(records: number): void {
    this.recordsSinceOpen += records;
  }

  /** Whether the map has grown by the bound since the last open. */
  due(): boolean {
    if (this.recordsSinceOpen === 0) return false;
    const now = this.residentFileBytes();
    if (now === null) return this.recordsSinceOpen * this.estimateBytesPerRecord >= this.boundBytes;
    if (now < this.baseline) this.baseline = now;
    if (now - this.baseline < this.thresholdBytes) return false;
    this.dueAt = now;
    return true;
  }
}

/** Largest multiple of the bound the backoff reaches (64 MiB → 4 GiB). */
const kMaxBackoff = 64;

/** RssFile of this process in bytes, or null where /proc/self/status has none. */
export function readRssFile(): number | null {
  let status: string;
  try {
    status = fs.readFileSync('/proc/self/status', 'latin1');
  } catch {
    return null;
  }
  const m = /^RssFile:\s+(\d+) kB/m.exec(status);
  return m === null ? null : Number(m[1]) * 1024;
}
