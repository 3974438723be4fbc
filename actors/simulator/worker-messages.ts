import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { MalformedKind } from './protocols/malformed.js';
import type { SimulatorStats } from './simulator-server.js';
import type { SimulatorOptionsInput } from './simulator-options.js';

/**
 * Messages between the simulator worker (worker.ts) and whoever spawned it,
 * typed in one place. Plain structured-clone objects for now; when the
 * simulator becomes a supervised actor, the actor host's control channel
 * carries the same shapes.
 */

/** `workerData` of the simulator worker. The clock cannot cross threads: the worker uses Date.now. */
export interface SimulatorWorkerData {
  readonly options: Omit<SimulatorOptionsInput, 'clock'>;
}

export type SimulatorFault =
  | { readonly op: 'setRate'; readonly framesPerSecond: number; readonly exchange?: ExchangeName }
  | { readonly op: 'disconnect'; readonly exchange: ExchangeName; readonly abrupt?: boolean }
  | { readonly op: 'stall'; readonly exchange: ExchangeName; readonly ms?: number; readonly silent?: boolean }
  | { readonly op: 'resume'; readonly exchange: ExchangeName }
  | { readonly op: 'sendMalformed'; readonly exchange: ExchangeName; readonly count: number; readonly kinds?: readonly MalformedKind[] }
  | { readonly op: 'burst'; readonly exchange: ExchangeName; readonly count: number }
  | { readonly op: 'refuseConnections'; readonly exchange: ExchangeName; readonly ms?: number; readonly status?: 429 | 503 }
  | { readonly op: 'acceptConnections'; readonly exchange: ExchangeName }
  | { readonly op: 'resetSequences'; readonly exchange: ExchangeName };

/**
 * Parent → worker. End the worker with `stop`, never `worker.terminate()`
 * (see worker.ts: terminating a thread that holds uWS sockets aborts the
 * process). `crash` throws inside the worker, as the chaos drill does.
 */
export type SimulatorCommand =
  | { readonly type: 'stop' }
  | { readonly type: 'crash' }
  | { readonly type: 'stats'; readonly id: number }
  | { readonly type: 'fault'; readonly id: number; readonly fault: SimulatorFault };

/** Worker → parent. */
export type SimulatorEvent =
  | { readonly type: 'listening'; readonly urls: Partial<Record<ExchangeName, string>>; readonly ports: Partial<Record<ExchangeName, number>> }
  | { readonly type: 'stats'; readonly id: number; readonly stats: SimulatorStats }
  /** Answer to a fault command; `error` names what was wrong with it. */
  | { readonly type: 'done'; readonly id: number; readonly error?: string }
  | { readonly type: 'stopped' };
