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
 * Without /proc (not Linux) it falls back to an estimate per record.
 */
export class MapResidency {
  private baseline = 0;
  private recordsSinceOpen = 0;

  constructor(
    private readonly boundBytes: number,
    /** Bytes per record of the fallback estimate. */
    private readonly estimateBytesPerRecord: number,
    private readonly residentFileBytes: () => number | null = readRssFile,
  ) {}

  /** The store was just (re)opened. */
  opened(): void {
    this.recordsSinceOpen = 0;
    this.baseline = this.residentFileBytes() ?? 0;
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
    return now - this.baseline >= this.boundBytes;
  }
}

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
