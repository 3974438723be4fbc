/**
 * What the CLI asks of the modules that implement its commands. The CLI parses
 * and checks the command line (and loads the config for `start`), then
 * imports the module lazily and calls its one function, which resolves to the
 * process exit code (exit-codes.ts). A module missing from the build makes its
 * command exit 69 ("not available in this build"); see load-implementation.ts.
 *
 *   start   src/host/start.ts                 runStart(request: StartRequest)
 *   export  src/market/store/export-cli.ts    runExport(request: ExportCliRequest)
 *   dlq     src/market/store/dlq-cli.ts       runDlq(request: DlqCliRequest)
 *
 * Only plain data and streams cross this line, so an implementing module can
 * declare the same shapes itself rather than import from src/host.
 */
import type { RingmasterConfig } from '../config/schema.js';

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface StartRequest {
  /** Validated, frozen, defaults filled in; recorder.path is absolute. */
  readonly config: RingmasterConfig;
  /** The files it was loaded from, in merge order (for the start-up log line). */
  readonly configFiles: readonly string[];
  readonly io: CommandIo;
}

/**
 * Resolves when the host has shut down: 0 after a clean shutdown (SIGINT or
 * SIGTERM), non-zero after escalation at the root supervisor.
 */
export type RunStart = (request: StartRequest) => Promise<number>;

export interface ExportCliRequest {
  readonly kind: 'ticks' | 'spreads';
  /** Absolute path of the recorder's data directory. */
  readonly dataDir: string;
  /** Canonical BASE-QUOTE name. */
  readonly symbol?: string;
  /** binance, bybit or okx. For spreads: either side of the pair. */
  readonly exchange?: string;
  /** Microseconds since the epoch, inclusive. */
  readonly sinceUs?: number;
  /** Microseconds since the epoch, exclusive. */
  readonly untilUs?: number;
  readonly format: 'jsonl' | 'csv';
  readonly io: CommandIo;
}

/** Prints rows to io.stdout, one per line; 0 on success (also when no row matched). */
export type RunExport = (request: ExportCliRequest) => Promise<number>;

export interface DlqCliRequest {
  readonly action: 'list' | 'replay';
  readonly dataDir: string;
  /** Only this source (e.g. `binance`). */
  readonly source?: string;
  /** list: at most this many entries (default 100). */
  readonly limit?: number;
  readonly io: CommandIo;
}

export type RunDlq = (request: DlqCliRequest) => Promise<number>;
