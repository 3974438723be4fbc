import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsyncStoreWriter } from '../../../actors/recorder/async-store-writer.js';
import { MapResidency, readRssFile } from '../../../actors/recorder/map-residency.js';
import { resolveRecorderOptions } from '../../../actors/recorder/recorder-options.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import type { Tick } from '../../../src/market/tick.js';
import { encode, makeTicks } from '../store/store-fixtures.js';
import { residentBytesOf } from '../../support/proc-memory.js';
import { tempDir } from './recorder-rig.js';

// LMDB reads back every page it writes through its memory map, and a page
// once read stays in the process's RSS until the map goes; the recorder's
// writer closes and reopens the store once the records written through one
// map may have made recorder.mapResidencyBytes of it resident.

const kMiB = 2 ** 20;
const kBatches = 80;
const kBatchRecords = 1000;

function writerFor(dir: string, mapResidencyBytes: number): AsyncStoreWriter {
  return new AsyncStoreWriter(resolveRecorderOptions({
    path: dir, batchRecords: kBatchRecords, batchMs: 50, retentionMs: 0, diskBudgetBytes: 0, dlqMaxPerSource: 1,
    mapSizeBytes: 256 * kMiB, symbols: [], durability: 'os', mapResidencyBytes,
  }));
}

function batch(k: number): Tick[] {
  return makeTicks(kBatchRecords, { symbols: 50, t0: 1.7e15 + k * kBatchRecords, seq0: k * kBatchRecords });
}

/** Writes kBatches batches of ticks, two in flight at a time as the recorder does; returns what it wrote. */
async function writeAll(writer: AsyncStoreWriter): Promise<Tick[]> {
  const ticks: Tick[] = [];
  for (let k = 0; k < kBatches; k += 2) {
    const a = batch(k), b = batch(k + 1);
    ticks.push(...a, ...b);
    const [ra, rb] = await Promise.all([writer.write(encode(a)), writer.write(encode(b))]);
    expect(ra.ok && rb.ok).toBe(true);
  }
  return ticks;
}

describe('MapResidency', () => {
  it('is due once file-backed RSS grew by the bound since the last open, from its low point', () => {
    let rss = 100 * kMiB;
    const r = new MapResidency(8 * kMiB, 256, () => rss);
    r.opened();
    rss += 20 * kMiB;
    expect(r.due()).toBe(false); // nothing written through this map yet
    r.wrote(1);
    expect(r.due()).toBe(true);
    rss = 100 * kMiB; // the remap freed the map
    r.opened(); // baseline 100
    expect(r.thresholdBytes).toBe(8 * kMiB);
    r.wrote(1);
    rss = 90 * kMiB; // the kernel reclaimed pages: the baseline follows down
    expect(r.due()).toBe(false);
    rss = 97 * kMiB;
    expect(r.due()).toBe(false);
    rss = 98 * kMiB;
    expect(r.due()).toBe(true);
  });

  it('waits for twice the growth after a remap that freed nothing (another thread holds the map), and resets once one frees', () => {
    let rss = 100 * kMiB;
    const r = new MapResidency(8 * kMiB, 256, () => rss);
    r.opened();
    r.wrote(1);
    rss = 108 * kMiB;
    expect(r.due()).toBe(true);
    r.opened(); // the map was not freed: RSS stays at 108
    expect(r.thresholdBytes).toBe(16 * kMiB);
    r.wrote(1);
    rss = 123 * kMiB;
    expect(r.due()).toBe(false);
    rss = 124 * kMiB;
    expect(r.due()).toBe(true);
    r.opened(); // freed nothing again
    expect(r.thresholdBytes).toBe(32 * kMiB);
    r.wrote(1);
    rss = 156 * kMiB;
    expect(r.due()).toBe(true);
    rss = 60 * kMiB; // this time the map went
    r.opened();
    expect(r.thresholdBytes).toBe(8 * kMiB);
    for (let i = 0; i < 20; i++) { // never past 64 × the bound
      r.wrote(1);
      rss += 64 * 8 * kMiB;
      expect(r.due()).toBe(true);
      r.opened();
    }
    expect(r.thresholdBytes).toBe(64 * 8 * kMiB);
  });

  it('falls back to bytes per record where there is no /proc', () => {
    const r = new MapResidency(1000, 100, () => null);
    r.opened();
    r.wrote(9);
    expect(r.due()).toBe(false);
    r.wrote(1);
    expect(r.due()).toBe(true);
    r.opened();
    expect(r.due()).toBe(false);
  });

  it('reads this process\'s RssFile', () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = Number(/RssFile:\s+(\d+)/.exec(status)![1]);
    expect(Math.abs(readRssFile()! - kb * 1024)).toBeLessThan(4 * kMiB);
  });
});

describe('AsyncStoreWriter: bounded residency of the store map', () => {
  it('without remaps the map keeps what it wrote resident (the effect the bound is for)', async () => {
    const { dir, remove } = tempDir();
    const writer = writerFor(dir, 1024 * kMiB);
    try {
      await writeAll(writer);
      expect(writer.remaps()).toBe(0);
      expect(residentBytesOf(path.join(dir, 'data.mdb'))).toBeGreaterThan(10 * kMiB); // about 16 MiB
    } finally {
      await writer.close();
      remove();
    }
  });

  it('closes and reopens the store past the bound, keeps the map under it, and loses or reorders nothing', async () => {
    const { dir, remove } = tempDir();
    const bound = 1 * kMiB;
    const writer = writerFor(dir, bound);
    let written: Tick[];
    try {
      written = await writeAll(writer);
      // Each batch of 1000 ticks over 150 streams makes about 0.7 MiB resident.
      expect(writer.remaps()).toBeGreaterThanOrEqual(10);
      // The map may hold the bound plus what the writes in flight when it was
      // reached touch (two batches here), against about 16 MiB without remaps.
      expect(residentBytesOf(path.join(dir, 'data.mdb'))).toBeLessThan(bound + 3 * kMiB);
      expect(writer.diskBytes()).toBeGreaterThan(0); // the store's own API works on the reopened handles
    } finally {
      await writer.close();
    }
    expect(residentBytesOf(path.join(dir, 'data.mdb'))).toBe(0); // closed: nothing mapped

    const store = openTickStore({ path: dir, readOnly: true });
    try {
      const stored = [...store.rangeTicks()];
      expect(stored).toHaveLength(written.length);
      const bySeq = new Map(written.map((t) => [t.seq, t]));
      for (const t of stored) expect(t).toEqual(bySeq.get(t.seq));
    } finally {
      await store.close();
      remove();
    }
  });
});
