import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ExchangeId, isExchangeName } from '../exchange-ids.js';
import type { SpreadUpdate } from '../tick.js';
import { exportReadable, type ExportRequest, type ExportSource } from './export.js';
import { openTickStore, type LmdbTickStore, type SpreadQuery, type TickQuery } from './tick-store.js';

/**
 * `ringmaster export ticks|spreads` (src/host/cli/command-contracts.ts,
 * DESIGN.md §8): prints the recorded rows (export-rows.ts) to stdout, one per
 * line, in key order, and resolves to the exit code: 0, also when nothing
 * matched (an unknown symbol included, with a note on stderr); 1 when the
 * store cannot be read.
 *
 * Memory is constant for any range: rows come from one LMDB cursor under one
 * read snapshot and are pulled by stdout's back-pressure (export.ts). The
 * export runs on this process's main thread: the CLI is a process of its own,
 * not the host, so there is no event loop to protect, and the piscina task
 * (export-task.ts) can only write to a path or return bounded inline text,
 * neither of which streams to an arbitrary stdout (a `> file` redirect
 * reopened by path would be truncated, `>>` would be overwritten).
 *
 * A progress bar (cli-progress) goes to stderr only when stderr is a TTY,
 * so piped and redirected output stays clean. Its total is the number of
 * records of that kind in the store: an upper bound when filters apply.
 */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface ExportCliRequest {
  readonly kind: 'ticks' | 'spreads';
  readonly dataDir: string;
  readonly symbol?: string;
  /** For spreads: either side of the pair. */
  readonly exchange?: string;
  readonly sinceUs?: number;
  readonly untilUs?: number;
  readonly format: 'jsonl' | 'csv';
  readonly io: CommandIo;
}

const kExitOk = 0;
const kExitFailure = 1;

export async function runExport(request: ExportCliRequest): Promise<number> {
  const { io } = request;
  let store: LmdbTickStore;
  try {
    store = openTickStore({ path: request.dataDir, readOnly: true });
  } catch (err) {
    io.stderr.write(`ringmaster export: cannot read the store at ${request.dataDir}: ${message(err)}\n`);
    return kExitFailure;
  }
  const bar = await progressBar(io.stderr);
  try {
    const symbols = store.symbolNames() ?? [];
    let symbolId: number | undefined;
    if (request.symbol !== undefined) {
      symbolId = symbols.indexOf(request.symbol);
      if (symbolId < 0) {
        io.stderr.write(`ringmaster export: ${request.symbol} was never recorded in ${request.dataDir} (recorded: ${symbols.join(', ') || 'none'})\n`);
        return kExitOk;
      }
    }
    const exchangeId = request.exchange === undefined ? undefined
      : isExchangeName(request.exchange) ? ExchangeId[request.exchange] : -1;
    const query: TickQuery & SpreadQuery = {
      ...(symbolId === undefined ? {} : { symbolId }),
      ...(request.sinceUs === undefined ? {} : { sinceUs: request.sinceUs }),
      ...(request.untilUs === undefined ? {} : { untilUs: request.untilUs }),
    };
    const req: ExportRequest = { kind: request.kind, format: request.format, query, symbols };
    const counts = store.counts();
    bar?.start(request.kind === 'ticks' ? counts.ticks : counts.spreads, 0);
    await pipeline(
      exportReadable(filtered(store, request.kind, exchangeId), req),
      countLines(request.format === 'csv' ? 1 : 0, (rows) => bar?.update(rows)),
      io.stdout,
      { end: false },
    );
    return kExitOk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return kExitOk; // `| head`: the reader had enough
    io.stderr.write(`ringmaster export: ${message(err)}\n`);
    return kExitFailure;
  } finally {
    bar?.stop();
    await store.close();
  }
}

/**
 * The store as an export source with the exchange filter applied: for ticks
 * the store's own exchange filter; for spreads "either side of the pair",
 * which the store's query (both sides at once) cannot say, so spreads of the
 * symbol are filtered as they stream.
 */
function filtered(store: LmdbTickStore, kind: 'ticks' | 'spreads', exchangeId: number | undefined): ExportSource {
  if (exchangeId === undefined) return store;
  return {
    symbolNames: () => store.symbolNames(),
    rangeTicks: (q) => store.rangeTicks(kind === 'ticks' ? { ...q, exchangeId } : q),
    rangeSpreads: (q) => eitherSide(store.rangeSpreads(q), exchangeId),
  };
}

function* eitherSide(spreads: Iterable<SpreadUpdate>, exchangeId: number): Generator<SpreadUpdate> {
  for (const s of spreads) if (s.buyExchangeId === exchangeId || s.sellExchangeId === exchangeId) yield s;
}

/** Passes text through, counting data lines (header excluded) for the progress bar, reported at most every 64 KiB chunk. */
function countLines(headerLines: number, report: (rows: number) => void): Transform {
  let lines = -headerLines;
  return new Transform({
    transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      report(Math.max(0, lines));
      done(null, chunk);
    },
  });
}

interface ProgressBar {
  start(total: number, value: number): void;
  update(value: number): void;
  stop(): void;
}

/** cli-progress (untyped, hence loaded by name) on stderr, or undefined when stderr is not a TTY. */
async function progressBar(stderr: NodeJS.WritableStream): Promise<ProgressBar | undefined> {
  if ((stderr as NodeJS.WriteStream).isTTY !== true) return undefined;
  const name = 'cli-progress';
  const cliProgress = (await import(name)) as { SingleBar: new (o: object, preset: object) => ProgressBar; Presets: { shades_classic: object } };
  return new cliProgress.SingleBar({ stream: stderr, format: 'export [{bar}] {value}/{total} rows', hideCursor: true }, cliProgress.Presets.shades_classic);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
