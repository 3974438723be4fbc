import { isExchangeName, type ExchangeName } from '../exchange-ids.js';
import type { ExchangeParser } from '../exchanges/base/exchange-parser.js';
import { createFeed } from '../exchanges/registry.js';
import { SymbolTable } from '../symbol-table.js';
import { writeTick } from '../tick-codec.js';
import { kTickRecordSize } from '../tick-layout.js';
import type { DeadLetter } from './dead-letter-codec.js';
import { openDeadLetterStore, type LmdbDeadLetterStore } from './dead-letter-store.js';
import { isoMicros } from './export-rows.js';
import { RecordBatch } from './record-batch.js';
import { openTickStore, type LmdbTickStore } from './tick-store.js';

/**
 * `ringmaster dlq list|replay` (src/host/cli/command-contracts.ts, DESIGN.md
 * §8) over the dead-letter store of a data directory.
 *
 * list    one JSON line per kept message, oldest first within a source:
 *         {id, source, reason, receivedAt (ISO 8601, µs), receivedAtUs,
 *          truncated, raw} — raw as text, or `rawBase64` for a binary frame.
 * replay  feeds every kept message of an exchange source (binance, bybit,
 *         okx) through that exchange's current parser, with the symbol table
 *         recorded in the store. A frame that now parses as ticks has its
 *         ticks recorded (same keys as live ticks: receive time = when the
 *         frame was first received) and is removed; one that parses as a
 *         control message is removed; one still rejected stays. Entries of
 *         other sources stay. Removal happens only after the ticks are
 *         committed (at-least-once). Prints one JSON summary line.
 *
 * Exit codes: 0; 1 when the store cannot be read or a replay write fails.
 */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface DlqCliRequest {
  readonly action: 'list' | 'replay';
  readonly dataDir: string;
  readonly source?: string;
  /** list: at most this many entries (default 100). */
  readonly limit?: number;
  readonly io: CommandIo;
}

const kExitOk = 0;
const kExitFailure = 1;

export async function runDlq(request: DlqCliRequest): Promise<number> {
  const { io } = request;
  try {
    return request.action === 'list' ? await list(request) : await replay(request);
  } catch (err) {
    io.stderr.write(`ringmaster dlq ${request.action}: ${err instanceof Error ? err.message : String(err)}\n`);
    return kExitFailure;
  }
}

async function list(request: DlqCliRequest): Promise<number> {
  const dlq = openDeadLetterStore({ path: request.dataDir, readOnly: true });
  try {
    const entries = dlq.list({ ...(request.source ? { source: request.source } : {}), limit: request.limit ?? 100 });
    for (const e of entries) await write(request.io.stdout, `${JSON.stringify(listRow(e))}\n`);
    return kExitOk;
  } finally {
    await dlq.close();
  }
}

function listRow(e: DeadLetter): Record<string, unknown> {
  const raw = typeof e.raw === 'string' ? { raw: e.raw } : { rawBase64: Buffer.from(e.raw).toString('base64') };
  return { id: e.id, source: e.source, reason: e.reason, receivedAt: isoMicros(e.receivedAt), receivedAtUs: e.receivedAt, truncated: e.truncated, ...raw };
}

interface ReplaySummary {
  replayed: number;
  ticks: number;
  control: number;
  kept: number;
  keptBySource: Record<string, number>;
}

async function replay(request: DlqCliRequest): Promise<number> {
  const ticks = openTickStore({ path: request.dataDir });
  let dlq: LmdbDeadLetterStore | undefined;
  try {
    dlq = openDeadLetterStore({ path: request.dataDir });
    const names = ticks.symbolNames() ?? [];
    const table = new SymbolTable(names);
    const parsers = new Map<ExchangeName, ExchangeParser>();
    const batch = new RecordBatch(64);
    const slot = new DataView(new ArrayBuffer(kTickRecordSize));
    const summary: ReplaySummary = { replayed: 0, ticks: 0, control: 0, kept: 0, keptBySource: {} };
    const keep = (source: string): false => {
      summary.kept++;
      summary.keptBySource[source] = (summary.keptBySource[source] ?? 0) + 1;
      return false;
    };

    const result = await dlq.replay((entry) => {
      if (!isExchangeName(entry.source) || names.length === 0) return keep(entry.source);
      let parser = parsers.get(entry.source);
      if (parser === undefined) {
        parser = createFeed(entry.source, table).createParser();
        parsers.set(entry.source, parser);
      }
      parser.reset(); // each frame stands alone: no sequence continuity across dead letters
      const r = parser.parse(entry.raw, entry.receivedAt);
      if (r.kind === 'rejected') return keep(entry.source);
      if (r.kind === 'control') {
        summary.control++;
        return true;
      }
      record(ticks, batch, slot, r.ticks.toArray());
      summary.ticks += r.ticks.length;
      return true;
    }, request.source ? { source: request.source } : {});

    summary.replayed = result.replayed;
    await write(request.io.stdout, `${JSON.stringify({ ...summary, ...(result.failed ? { failed: result.failed } : {}) })}\n`);
    if (result.failed) {
      request.io.stderr.write(`ringmaster dlq replay: stopped at ${result.failed.id}: ${result.failed.error}\n`);
      return kExitFailure;
    }
    return kExitOk;
  } finally {
    await dlq?.close();
    await ticks.close();
  }
}

/** Commits the ticks of one frame; throws on a refused write, which stops the replay and keeps the entry. */
function record(store: LmdbTickStore, batch: RecordBatch, slot: DataView, frameTicks: readonly Parameters<typeof writeTick>[2][]): void {
  for (let i = 0; i < frameTicks.length; i += batch.capacity) {
    batch.clear();
    for (const t of frameTicks.slice(i, i + batch.capacity)) {
      writeTick(slot, 0, t);
      batch.add(slot, 0);
    }
    const r = store.writeBatch(batch.bytes());
    if (!r.ok) throw new Error(r.reason === 'over-budget' ? `disk budget reached (${r.liveBytes} of ${r.budgetBytes} bytes)` : r.error);
  }
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
