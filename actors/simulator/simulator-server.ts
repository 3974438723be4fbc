import { kExchangeNames, type ExchangeName } from '../../src/market/exchange-ids.js';
import { UwsExchangeEndpoint, type DisconnectOptions, type EndpointStats, type StallOptions } from './exchange-endpoint.js';
import { PacedFramePump } from './frame-pump.js';
import { CorrelatedPriceModel } from './price-model.js';
import { createBinanceProtocol } from './protocols/binance.js';
import { createBybitProtocol } from './protocols/bybit.js';
import type { MalformedKind } from './protocols/malformed.js';
import { createOkxProtocol } from './protocols/okx.js';
import type { SimProtocol } from './protocols/protocol.js';
import { resolveSimulatorOptions, type SimulatorOptions, type SimulatorOptionsInput } from './simulator-options.js';
import { buildSymbolSpecs, type SymbolSpec } from './symbol-specs.js';

/**
 * The market simulator as a library: one uWS app per venue, each on its own
 * port and speaking that venue's protocol, all quoting from one correlated
 * price model and paced by one timer. Usable from the main thread (tests,
 * tools) or inside a worker (worker.ts). Every fault control acts on one
 * venue and returns at once; none of them blocks.
 */
export interface SimulatorHandle {
  /**
   * WebSocket URL per served venue, shaped like the venue's production URL so
   * that `exchanges.<name>.url` is all that changes: ws://127.0.0.1:P (base,
   * like wss://stream.binance.com:9443), ws://127.0.0.1:P/v5/public/spot,
   * ws://127.0.0.1:P/ws/v5/public.
   */
  readonly urls: Readonly<Partial<Record<ExchangeName, string>>>;
  readonly ports: Readonly<Partial<Record<ExchangeName, number>>>;
  readonly symbols: readonly SymbolSpec[];
  stats(): SimulatorStats;
  /** Data frames per second for one venue, or for all when `exchange` is omitted. */
  setRate(framesPerSecond: number, exchange?: ExchangeName): void;
  /** Closes every connection of the venue (graceful close frame unless `abrupt`); returns how many. */
  disconnect(exchange: ExchangeName, options?: DisconnectOptions): number;
  /** Stops the venue's data for `ms`, or until `resume` when omitted. */
  stall(exchange: ExchangeName, ms?: number, options?: StallOptions): void;
  resume(exchange: ExchangeName): void;
  /** Sends `count` bad frames to each of the venue's connections; returns frames sent. */
  sendMalformed(exchange: ExchangeName, count: number, kinds?: readonly MalformedKind[]): number;
  /** Sends `count` extra data frames as fast as the clients take them. */
  burst(exchange: ExchangeName, count: number): void;
  /** Rejects new connections with an HTTP error for `ms` (until `acceptConnections` when omitted). */
  refuseConnections(exchange: ExchangeName, ms?: number, status?: 429 | 503): void;
  acceptConnections(exchange: ExchangeName): void;
  /** Restarts the venue's sequence numbers, as after a service restart. */
  resetSequences(exchange: ExchangeName): void;
  /**
   * Closes every connection and port. Idempotent. `abrupt` drops connections
   * without close frames: the path for a failing worker, which must release
   * every uWS handle before its thread ends (see worker.ts).
   */
  stop(options?: { readonly abrupt?: boolean }): Promise<void>;
}

export interface SimulatorStats {
  readonly exchanges: Readonly<Partial<Record<ExchangeName, EndpointStats>>>;
}

export async function startSimulator(input: SimulatorOptionsInput): Promise<SimulatorHandle> {
  const options = resolveSimulatorOptions(input);
  const symbols = buildSymbolSpecs(options.symbols, options.prices);
  const model = new CorrelatedPriceModel({ seed: options.seed, venues: kExchangeNames.length, symbols, ...options.model });

  const endpoints = new Map<ExchangeName, UwsExchangeEndpoint>();
  for (const exchange of new Set(options.exchanges)) {
    const protocol = protocolFor(exchange, symbols, options);
    const endpoint = new UwsExchangeEndpoint({
      protocol,
      model,
      // Venue index by fixed exchange order, so a venue's quotes do not depend on which others are served.
      venue: kExchangeNames.indexOf(exchange),
      symbolCount: symbols.length,
      host: options.host,
      port: options.ports[exchange],
      idleTimeoutSec: options.idleTimeoutSec[exchange],
      serverPingIntervalMs: exchange === 'binance' ? options.binancePingIntervalMs : protocol.serverPingIntervalMs,
      maxBufferedBytes: options.maxBufferedBytes,
      clock: options.clock,
    });
    endpoint.rate = options.rate;
    endpoints.set(exchange, endpoint);
  }
  try {
    for (const e of endpoints.values()) await e.listen();
  } catch (err) {
    for (const e of endpoints.values()) e.close();
    throw err;
  }

  const pump = new PacedFramePump([...endpoints.values()]);
  pump.start();

  const endpoint = (exchange: ExchangeName): UwsExchangeEndpoint => {
    const e = endpoints.get(exchange);
    if (!e) throw new RangeError(`exchange "${exchange}" is not served by this simulator (serving: ${[...endpoints.keys()].join(', ')})`);
    return e;
  };
  const per = <T>(f: (e: UwsExchangeEndpoint) => T): Partial<Record<ExchangeName, T>> =>
    Object.fromEntries([...endpoints].map(([name, e]) => [name, f(e)]));
  let stopped = false;

  return {
    urls: per((e) => e.url),
    ports: per((e) => e.port),
    symbols,
    stats: () => ({ exchanges: per((e) => e.stats()) }),
    setRate(framesPerSecond, exchange) {
      if (!(Number.isFinite(framesPerSecond) && framesPerSecond >= 0 && framesPerSecond <= 1_000_000)) {
        throw new RangeError(`setRate: framesPerSecond must be a number from 0 to 1000000 (got ${framesPerSecond})`);
      }
      for (const e of exchange === undefined ? endpoints.values() : [endpoint(exchange)]) e.rate = framesPerSecond;
    },
    disconnect: (exchange, opts) => endpoint(exchange).disconnect(opts),
    stall: (exchange, ms, opts) => endpoint(exchange).stall(checkMs('stall', ms), opts),
    resume: (exchange) => endpoint(exchange).resume(),
    sendMalformed: (exchange, count, kinds) => endpoint(exchange).sendMalformed(checkCount('sendMalformed', count), kinds),
    burst: (exchange, count) => endpoint(exchange).burst(checkCount('burst', count)),
    refuseConnections: (exchange, ms, status) => endpoint(exchange).refuseConnections(checkMs('refuseConnections', ms), status),
    acceptConnections: (exchange) => endpoint(exchange).acceptConnections(),
    resetSequences: (exchange) => endpoint(exchange).resetSequences(),
    async stop(opts) {
      if (stopped) return;
      stopped = true;
      pump.stop();
      for (const e of endpoints.values()) e.close(opts?.abrupt ?? false);
    },
  };
}

function protocolFor(exchange: ExchangeName, symbols: readonly SymbolSpec[], options: SimulatorOptions): SimProtocol {
  switch (exchange) {
    case 'binance': return createBinanceProtocol(symbols);
    case 'bybit': return createBybitProtocol(symbols, { deltas: options.bybitDeltas });
    case 'okx': return createOkxProtocol(symbols);
  }
}

function checkMs(what: string, ms: number | undefined): number | undefined {
  if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${what}: ms must be a finite number >= 0 or omitted (got ${ms})`);
  return ms;
}

function checkCount(what: string, count: number): number {
  if (!(Number.isSafeInteger(count) && count >= 0)) throw new RangeError(`${what}: count must be a non-negative integer (got ${count})`);
  return count;
}
