/**
 * The whole ringmaster config (DESIGN.md §8) as one zod schema. Every key has
 * a default, so a file names only what it changes; every mapping is strict, so
 * a misspelt key stops start-up instead of silently taking a default. Each
 * key's doc line (`setting(rule, default, doc)`) and allowed phrase are the
 * reference in docs/config.md, generated from here (config-docs.ts).
 *
 * Rules across keys (each reported on the key to change):
 *   - at least one exchange enabled;
 *   - conflate is not a policy of the recorder edges (the recorder keeps every tick);
 *   - every backoff's maxMs >= its initialMs;
 *   - supervision.heartbeat.ttlMs >= 2 × intervalMs (one late beat is not a hang);
 *   - recorder.mapSizeBytes >= recorder.diskBudgetBytes.
 */
import { z } from 'zod';
import { kExchangeNames, type ExchangeName } from '../../market/exchange-ids.js';
import { kCanonicalSymbolPattern } from '../../market/symbol-table.js';
import { boolean, integer, number, oneOf, orNull, powerOfTwo, reject, rejectSentence, section, setting, text, uniqueList, webSocketUrl } from './schema-rules.js';
import { ringsSchema } from './schema-rings.js';

const kSecond = 1000;
const kMinute = 60 * kSecond;
const kDay = 24 * 60 * kMinute;
const kMiB = 1024 * 1024;
const kGiB = 1024 * kMiB;

/** Public endpoints and feed timing per exchange. Typed by ExchangeName: a new exchange must add a row. */
const kExchangeDefaults: { readonly [N in ExchangeName]: { readonly url: string; readonly staleAfterMs: number } } = {
  binance: { url: 'wss://stream.binance.com:9443', staleAfterMs: 10_000 },
  bybit: { url: 'wss://stream.bybit.com/v5/public/spot', staleAfterMs: 10_000 },
  okx: { url: 'wss://ws.okx.com:8443/ws/v5/public', staleAfterMs: 10_000 },
};

export const kDefaultSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT'] as const;

const symbol = text(kCanonicalSymbolPattern, 'BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT');

function exchangeSchema(name: ExchangeName) {
  const defaults = kExchangeDefaults[name];
  return section(
    {
      enabled: setting(boolean(), true, `Connect to ${name}.`),
      url: setting(
        webSocketUrl(),
        defaults.url,
        `WebSocket endpoint of ${name}'s public best-bid/offer stream. Point it at a local server to test; ignored while simulator.enabled (the embedded simulator's address is used).`,
      ),
      staleAfterMs: setting(integer(1000, 10 * kMinute), defaults.staleAfterMs, 'No data message for this long means the feed is stale: the connection is dropped and re-established (with a gap marker).'),
      maxFrameBytes: setting(integer(1024, 16 * kMiB), 65_536, 'Largest WebSocket frame accepted; a bigger one is counted as malformed and kept in the dead-letter store.'),
      breaker: section(
        {
          failureThreshold: setting(integer(1, 1000), 1, 'Consecutive connection failures that open the circuit breaker; 1 means every failure waits out a backoff.'),
          initialMs: setting(integer(0, 10 * kMinute), 1000, 'Wait before the first retry once the breaker opens.'),
          maxMs: setting(integer(0, 60 * kMinute), 15_000, 'Longest wait between retries (the waits double up to it).'),
          multiplier: setting(number(1, 100), 2, 'Factor by which each successive wait grows.'),
          jitter: setting(number(0, 1), 0.2, 'Fraction by which each wait is spread at random (0.2: ±20 %), so reconnects do not synchronise.'),
        },
        'Reconnect circuit breaker (closed → open → half_open): 1 s, 2 s, 4 s, 8 s, then 15 s by default.',
        (b, ctx) => {
          if (b.maxMs < b.initialMs) reject(ctx, ['maxMs'], `an integer >= initialMs (${b.initialMs})`);
        },
      ),
    },
    `The ${name} connection.`,
  );
}

const exchangeShape = Object.fromEntries(kExchangeNames.map((name) => [name, exchangeSchema(name)])) as {
  [N in ExchangeName]: ReturnType<typeof exchangeSchema>;
};

const exchanges = section(exchangeShape, 'One entry per supported exchange; an unknown exchange name is rejected.', (value, ctx) => {
  if (!kExchangeNames.some((name) => value[name].enabled)) {
    rejectSentence(ctx, `no exchange is enabled (set enabled: true on at least one of ${kExchangeNames.join(', ')})`);
  }
});

const shards = section(
  {
    count: setting(integer(1, 64), 2, 'Number of windowing shards; a symbol goes to shard (symbol id mod count).'),
    windowMs: setting(integer(kSecond, 10 * 60 * kMinute), 15 * kMinute, 'Length of every rolling window.'),
    windowCapacity: setting(powerOfTwo(128, 32_768), 32_768, 'Points kept per window; past it the oldest point is evicted (and counted).'),
    maxWindows: setting(integer(1, 65_536), 256, 'Windows (one per symbol and ordered exchange pair) alive at once per shard; past it the least recently updated window is reused (and counted). The arena is sized maxWindows × windowCapacity × 6.4 bytes up front (about 54 MiB at the defaults) and pages become resident as windows fill. 3 exchanges × 50 symbols over 2 shards needs 150.'),
    maxQuoteAgeMs: setting(integer(1, 10 * kMinute), 5000, 'A book older than this is left out of cross-exchange spreads.'),
    debounceMs: setting(integer(0, kMinute), 250, 'Least time between two published spread updates of one symbol; 0 publishes every change.'),
    bypassBps: setting(number(0), 2, 'A spread move of at least this many basis points is published at once, skipping the debounce.'),
    batchMaxUpdates: setting(integer(1, 65_536), 64, 'Most spread updates published to the host in one batch.'),
    batchMaxDelayMs: setting(integer(0, 10 * kSecond), 50, 'Longest a spread update waits for its batch to fill.'),
    staleAfterMs: setting(integer(1, 60 * kMinute), 10_000, "No tick from an exchange for this long marks that exchange's books stale in the shard."),
  },
  'Windowing shards: latest book per exchange, cross-exchange spreads, imbalance and rolling windows.',
);

const recorder = section(
  {
    path: setting(text(/^.+$/s, 'a non-empty directory path'), './data', 'Directory of the LMDB store (ticks, spreads, gap markers, dead letters), relative to the working directory. Env: RINGMASTER_DATA_DIR.'),
    batchRecords: setting(integer(1, 1_000_000), 1000, 'A batch commits once it holds this many records (or batchMs passed); under a backlog one batch grows to 20 × this. Two batches are in flight (one commits while the next fills), so a hard kill of the process loses at most what the rings and those two uncommitted batches held.'),
    batchMs: setting(integer(1, kMinute), 50, 'Longest a record waits before its batch is committed.'),
    retentionMs: setting(integer(0), 7 * kDay, 'Records older than this are deleted; 0 keeps everything.'),
    diskBudgetBytes: setting(integer(0), 10 * kGiB, 'Disk space the store may use; past it new data is refused (and counted). 0: no budget.'),
    dlqMaxPerSource: setting(integer(1, 10_000_000), 10_000, 'Dead letters (malformed or unexpected messages) kept per source; the oldest go first.'),
    mapSizeBytes: setting(integer(64 * kMiB, 2 ** 52), 16 * kGiB, 'Initial LMDB memory-map size (address space, not disk); grows when full.'),
    mapResidencyBytes: setting(integer(kMiB, 2 ** 52), 64 * kMiB, 'Store pages the recorder may keep in RSS. LMDB reads back every page it writes through its memory map, and a page once read stays resident until the map goes, so the recorder closes and reopens the store (about 5 ms, writes wait) after writing records that may have touched this many bytes. Smaller: less RSS, more reopens.'),
    durability: setting(oneOf(['fsync', 'os'] as const), 'fsync', 'How durable a commit is before its ring slots are released. fsync: flushed to disk (survives power loss). os: in the OS page cache (survives a process crash, not a power cut; about 2x the write rate).'),
  },
  'The recorder: every tick and published spread, in batched LMDB transactions.',
  (r, ctx) => {
    if (r.diskBudgetBytes > r.mapSizeBytes) reject(ctx, ['mapSizeBytes'], `an integer >= diskBudgetBytes (${r.diskBudgetBytes})`);
  },
);

const http = section(
  {
    host: setting(text(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'), '127.0.0.1', 'Address the ops HTTP server binds to. Anything but loopback exposes /metrics and /health to the network.'),
    port: setting(integer(0, 65_535), 8080, 'Port of the ops HTTP server; 0 picks a free one. Env: RINGMASTER_HTTP_PORT.'),
    adminToken: setting(
      orNull(text(/^[\x21-\x7e]{16,}$/, 'at least 16 printable ASCII characters without spaces, or null (admin disabled)')),
      null,
      'Bearer token of the admin endpoints (restart, dead-letter replay, chaos); null disables them. Prefer the env var RINGMASTER_ADMIN_TOKEN to writing it in a file.',
    ),
    maxBodyBytes: setting(integer(1024, 16 * kMiB), 65_536, 'Largest request body accepted; a bigger one gets 413.'),
  },
  'The ops HTTP server: /ping, /health, /ready, /metrics, the dashboard and admin actions.',
);

const simulator = section(
  {
    enabled: setting(boolean(), false, 'Run the embedded exchange simulator and connect every enabled exchange to it instead of its url (config/default.yaml turns it on).'),
    seed: setting(integer(0, 2 ** 32 - 1), 1, 'Seed of the price model: the same seed gives the same prices.'),
    framesPerSecond: setting(integer(0, 1_000_000), 2000, 'Data frames per second per exchange.'),
    faults: section(
      {
        enabled: setting(boolean(), false, 'Inject faults at random: disconnects, stalls, malformed frames, bursts.'),
        meanIntervalMs: setting(integer(100, 60 * kMinute), 30_000, 'Mean time between two faults on one exchange.'),
        kinds: setting(
          uniqueList(oneOf(['disconnect', 'stall', 'malformed', 'burst', 'refuse']), 1, 'a non-empty list of disconnect, stall, malformed, burst, refuse'),
          ['disconnect', 'stall', 'malformed', 'burst'],
          'Faults to choose from: drop the connection, go silent, send unparseable frames, send a burst, refuse new connections.',
        ),
        stallMs: setting(integer(1, 10 * kMinute), 15_000, 'Length of a stall; longer than exchanges.<name>.staleAfterMs makes the client reconnect.'),
        burstFrames: setting(integer(1, 1_000_000), 5000, 'Frames sent back to back in a burst.'),
        malformedFrames: setting(integer(1, 10_000), 10, 'Malformed frames sent in one fault.'),
      },
      'Random fault injection by the simulator (fault tests drive faults directly instead).',
    ),
  },
  'The embedded market simulator: the real protocols of each exchange, driven by a random-walk price model.',
);

const supervision = section(
  {
    intensity: section(
      {
        maxRestarts: setting(integer(0, 10_000), 5, 'Restarts allowed within withinMs; one more escalates to the parent supervisor (at the root: graceful shutdown, non-zero exit).'),
        withinMs: setting(integer(1, 60 * kMinute), 10_000, 'Length of the sliding window of the restart intensity.'),
      },
      'Restart intensity: at most maxRestarts restarts within withinMs per supervisor.',
    ),
    heartbeat: section(
      {
        intervalMs: setting(integer(1, kMinute), 100, 'How often each actor writes its heartbeat slot.'),
        ttlMs: setting(integer(1, 10 * kMinute), 2000, 'A heartbeat missing for this long means the actor is hung: it is terminated and restarted.'),
      },
      'Shared-memory heartbeats.',
      (h, ctx) => {
        if (h.ttlMs < 2 * h.intervalMs) reject(ctx, ['ttlMs'], `an integer >= 2 × intervalMs (${2 * h.intervalMs})`);
      },
    ),
    backoff: section(
      {
        initialMs: setting(integer(0, 10 * kMinute), 100, 'Wait before the first restart of a failed actor.'),
        maxMs: setting(integer(0, 60 * kMinute), 5000, 'Longest wait before a restart.'),
        multiplier: setting(number(1, 100), 2, 'Factor by which each successive wait grows.'),
        jitter: setting(number(0, 1), 0.2, 'Fraction by which each wait is spread at random.'),
        resetAfterMs: setting(integer(0, 60 * kMinute), 10_000, 'An actor that ran this long without failing starts its backoff over.'),
      },
      'Backoff between restarts of a failed actor.',
      (b, ctx) => {
        if (b.maxMs < b.initialMs) reject(ctx, ['maxMs'], `an integer >= initialMs (${b.initialMs})`);
      },
    ),
    shutdownMs: setting(integer(0, 10 * kMinute), 5000, 'Time a stopping actor gets to drain and flush before it is terminated.'),
    heapLimitMb: section(
      {
        exchange: setting(integer(16, 65_536), 256, 'Old-generation heap limit of each exchange connection worker, in MiB.'),
        shard: setting(integer(16, 65_536), 512, 'Old-generation heap limit of each windowing shard worker, in MiB (window arenas are off-heap).'),
        recorder: setting(integer(16, 65_536), 512, 'Old-generation heap limit of the recorder worker, in MiB.'),
      },
      'Per-actor heap limits (worker resourceLimits): an actor past its limit fails with out_of_memory and is restarted alone.',
    ),
    youngGenerationMb: section(
      {
        exchange: setting(integer(0, 1024), 4, 'Young-generation size limit of each exchange connection worker, in MiB; 0: V8\'s default (which grows to tens of MiB under load).'),
        shard: setting(integer(0, 1024), 4, 'Young-generation size limit of each windowing shard worker, in MiB; 0: V8\'s default.'),
        recorder: setting(integer(0, 1024), 0, 'Young-generation size limit of the recorder worker, in MiB; 0: V8\'s default. Its 1M records/s needs a large one (lmdb-js allocates per put): 4 or 16 MiB cost it 8-10 %.'),
      },
      'Per-actor young-generation limits (worker resourceLimits.maxYoungGenerationSizeMb). V8 grows a busy worker\'s young generation to tens of MiB and keeps it; a small one costs more, equally short, scavenges. Measured in docs/memory.md: 4 MiB saves about 5 MiB per exchange actor at no measurable cost in throughput, latency or CPU per tick.',
    ),
  },
  'Supervision (the Erlang/OTP model): restart intensity, heartbeats, backoff, shutdown, heap limits.',
);

const log = section(
  {
    level: setting(oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info', 'Least severe level written (pino levels).'),
    maxRepeatsPerMinute: setting(integer(1, 1_000_000), 60, 'Lines per minute of one repeated error (e.g. a malformed frame); the rest are counted, not written.'),
  },
  'Logging: pino JSON lines on stdout.',
);

export const kConfigSchema = section(
  {
    symbols: setting(
      uniqueList(symbol, 1, 'a non-empty list of BASE-QUOTE symbols'),
      [...kDefaultSymbols],
      'Symbols to follow, in canonical BASE-QUOTE form, mapped to each exchange\'s own spelling. Order fixes the symbol ids.',
    ),
    exchanges,
    shards,
    rings: ringsSchema,
    recorder,
    http,
    simulator,
    chaos: section(
      { enabled: setting(boolean(), false, 'Enable POST /admin/chaos/NAME/kill|crash|hang (needs http.adminToken): the ops drill for supervision.') },
      'Chaos drills.',
    ),
    supervision,
    log,
  },
  'The ringmaster config.',
);

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The validated config, every default filled in. Frozen. */
export type RingmasterConfig = DeepReadonly<z.output<typeof kConfigSchema>>;

/** What a config file may hold: every key optional. */
export type RingmasterConfigInput = z.input<typeof kConfigSchema>;
