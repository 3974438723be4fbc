import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SpreadUpdate, Tick } from '../tick.js';
import {
  csvHeader, formatRow, kSpreadColumns, kTickColumns, spreadRow, tickRow, type ExportFormat,
} from './export-rows.js';
import type { SpreadQuery, TickQuery } from './tick-store.js';

/**
 * Streaming export of recorded ticks or spreads (row layout: export-rows.ts).
 * Constant memory for any range: rows are produced one at a time from an
 * LMDB cursor, under one read snapshot that lives as long as the export.
 * Rows come in key order: by symbol, then exchange (or buy/sell pair), then
 * time. csv starts with a header line.
 */
export type ExportKind = 'ticks' | 'spreads';

export interface ExportRequest {
  readonly kind: ExportKind;
  readonly format: ExportFormat;
  readonly query: TickQuery & SpreadQuery;
  /** Symbol names by id; default: the names recorded in the store. */
  readonly symbols?: readonly string[];
}

/** What an export reads from: a tick store (any thread, read-only is enough). */
export interface ExportSource {
  rangeTicks(q: TickQuery): Iterable<Tick>;
  rangeSpreads(q: SpreadQuery): Iterable<SpreadUpdate>;
  symbolNames(): readonly string[] | undefined;
}

export interface ExportCounts {
  readonly rows: number;
  readonly bytes: number;
}

/** Lines, each ending in '\n'. Abandoning the generator releases the snapshot. */
export function* exportLines(src: ExportSource, req: ExportRequest): Generator<string> {
  const symbols = req.symbols ?? src.symbolNames();
  if (req.kind === 'ticks') {
    if (req.format === 'csv') yield csvHeader(kTickColumns);
    for (const t of src.rangeTicks(req.query)) yield formatRow(tickRow(t, symbols), kTickColumns, req.format);
  } else {
    if (req.format === 'csv') yield csvHeader(kSpreadColumns);
    for (const s of src.rangeSpreads(req.query)) yield formatRow(spreadRow(s, symbols), kSpreadColumns, req.format);
  }
}

/**
 * A Readable of text chunks of about `chunkChars`, produced only as the
 * consumer reads (back-pressure); destroying it releases the snapshot.
 */
export function exportReadable(src: ExportSource, req: ExportRequest, chunkChars = 64 * 1024): Readable {
  return Readable.from(batchLines(exportLines(src, req), chunkChars), { objectMode: false, encoding: 'utf8' });
}

/** Writes the export to a file (or any writable); resolves with rows written (header excluded) and bytes. */
export async function exportTo(src: ExportSource, req: ExportRequest, out: string | NodeJS.WritableStream): Promise<ExportCounts> {
  let rows = 0, bytes = 0;
  const header = req.format === 'csv' ? 1 : 0;
  let seen = 0;
  const counted = (function* (): Generator<string> {
    for (const line of exportLines(src, req)) {
      if (seen++ >= header) rows++;
      bytes += Buffer.byteLength(line);
      yield line;
    }
  })();
  await pipeline(Readable.from(batchLines(counted, 64 * 1024)), typeof out === 'string' ? fs.createWriteStream(out) : out);
  return { rows, bytes };
}

function* batchLines(lines: Iterable<string>, chunkChars: number): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
