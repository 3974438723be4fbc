import { z } from 'zod';
import { kExchangeNames, type ExchangeName } from '../../src/market/exchange-ids.js';

/**
 * Options of the market simulator, with their defaults. Every key is optional
 * except `symbols`; a bad value fails `startSimulator` at once with the key's
 * path, the value and what is allowed.
 *
 *   symbols            canonical BASE-QUOTE names (required, at least one)
 *   exchanges          venues to serve                       [binance, bybit, okx]
 *   host               bind address                          127.0.0.1
 *   ports.<venue>      port per venue; 0 picks a free one    0
 *   seed               PRNG seed of the price model          1
 *   rate               data frames per second per venue,     100
 *                      shared round-robin by the symbols that have subscribers;
 *                      at most 1 000 000
 *   prices.<SYMBOL>    initial mid; default from a table of familiar prices
 *   model.*            price-model shape (see price-model.ts):
 *                      volatilityBps 2, offsetBps 0.4, offsetReversion 0.05,
 *                      halfSpreadBps 0.5, oneSidedProbability 0.35, medianNotional 20000
 *   maxBufferedBytes   per-connection backpressure bound: above it data frames for
 *                      that connection are skipped and counted, never queued  1 MiB
 *   idleTimeoutSec.<venue>  uWS idle timeout: a connection that sends nothing
 *                      (not even a pong or ping) for this long is closed; 0 (off)
 *                      or 8..960 (uWS aborts the process on other values, so they
 *                      are rejected here). binance 60 (its rule: pong within a
 *                      minute of the 20 s pings), bybit 600 (cut after 10 minutes
 *                      without ping), okx 0 (OKX closes only when IT has pushed
 *                      nothing for 30 s; a client that receives data need not ping)
 *   binancePingIntervalMs  server ping cadence on Binance (the venue's is 20 s)  20000
 *   bybitDeltas        Bybit sends one-sided deltas after a first snapshot
 *                      (the real level-1 spot feed is snapshot-only)       false
 *
 * Not validated here because it is a function: `clock` (ms since the epoch,
 * default Date.now), used for frame timestamps and fault windows; pacing uses
 * the monotonic clock regardless.
 */
const kExchangeEnum = z.enum(kExchangeNames as [ExchangeName, ...ExchangeName[]]);
const port = z.number().int().min(0).max(65_535);
const idleTimeout = z
  .number()
  .int()
  .refine((v) => v === 0 || (v >= 8 && v <= 960), { message: 'must be 0 (off) or an integer from 8 to 960 (a uWS limit)' });

export const kSimulatorOptionsSchema = z
  .object({
    symbols: z.array(z.string()).min(1, 'at least one symbol is required'),
    exchanges: z.array(kExchangeEnum).min(1).default([...kExchangeNames]),
    host: z.string().min(1).default('127.0.0.1'),
    ports: z.object({ binance: port.default(0), bybit: port.default(0), okx: port.default(0) }).strict().default({}),
    seed: z.number().int().default(1),
    rate: z.number().finite().min(0).max(1_000_000).default(100),
    prices: z.record(z.string(), z.number().finite().positive()).default({}),
    model: z
      .object({
        volatilityBps: z.number().finite().min(0).optional(),
        offsetBps: z.number().finite().min(0).optional(),
        offsetReversion: z.number().gt(0).max(1).optional(),
        halfSpreadBps: z.number().finite().positive().optional(),
        oneSidedProbability: z.number().min(0).max(1).optional(),
        medianNotional: z.number().finite().positive().optional(),
      })
      .strict()
      .default({}),
    maxBufferedBytes: z.number().int().min(64 * 1024).default(1 << 20),
    idleTimeoutSec: z
      .object({ binance: idleTimeout.default(60), bybit: idleTimeout.default(600), okx: idleTimeout.default(0) })
      .strict()
      .default({}),
    binancePingIntervalMs: z.number().int().min(10).default(20_000),
    bybitDeltas: z.boolean().default(false),
  })
  .strict();

export type SimulatorOptionsInput = z.input<typeof kSimulatorOptionsSchema> & { readonly clock?: () => number };
export type SimulatorOptions = z.output<typeof kSimulatorOptionsSchema> & { readonly clock: () => number };

/** Merges defaults and validates; throws a RangeError naming every bad key. */
export function resolveSimulatorOptions(input: SimulatorOptionsInput): SimulatorOptions {
  const { clock, ...data } = input;
  if (clock !== undefined && typeof clock !== 'function') throw new RangeError('simulator.clock: must be a function returning ms since the epoch');
  const parsed = kSimulatorOptionsSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = ['simulator', ...issue.path].join('.');
      const got = valueAt(data, issue.path);
      return `${path}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    throw new RangeError(`invalid simulator options:\n  ${lines.join('\n  ')}`);
  }
  return { ...parsed.data, clock: clock ?? Date.now };
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}
