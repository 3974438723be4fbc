import type { Registry } from 'prom-client';
import { emitEnum, scrapedCounter, scrapedGauge } from './family-helpers.js';
import type { ScrapeView } from './scrape-view.js';

const kBreakerStates = ['closed', 'open', 'half_open'] as const;
const kShardStates = ['ok', 'degraded', 'stale', 'recovering'] as const;

/** Exchange connections, shards, the recorder and the latest spreads. */
export function registerMarketFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  registerExchangeFamilies(registry, view, prefix);
  registerShardFamilies(registry, view, prefix);
  registerRecorderFamilies(registry, view, prefix);
  scrapedGauge(
    registry,
    view,
    `${prefix}spread_bps`,
    "Latest cross-exchange spread per symbol and direction: buy on `buy`'s ask, sell on `sell`'s bid, in basis points.",
    ['symbol', 'buy', 'sell'],
    (v, emit) => {
      for (const s of v.snapshot.spreads) emit({ symbol: s.symbol, buy: s.buy, sell: s.sell }, s.spreadBps);
    },
  );
}

function registerExchangeFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  const exchanges = (v: ScrapeView) => Object.entries(v.snapshot.exchanges);
  scrapedGauge(registry, view, `${prefix}exchange_enabled`, 'Whether each exchange is enabled in the config.', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) emit({ exchange }, e.enabled ? 1 : 0);
  });
  scrapedGauge(registry, view, `${prefix}exchange_connected`, 'Whether each enabled exchange connection is up (subscribed and streaming).', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) if (e.enabled) emit({ exchange }, v.connectedStates.includes(e.connection) ? 1 : 0);
  });
  scrapedGauge(
    registry,
    view,
    `${prefix}exchange_connection_state`,
    "Connection state of each enabled exchange, in the exchange actor's words: 1 for the current state.",
    ['exchange', 'state'],
    (v, emit) => {
      for (const [exchange, e] of exchanges(v)) if (e.enabled) emit({ exchange, state: e.connection }, 1);
    },
  );
  scrapedGauge(
    registry,
    view,
    `${prefix}exchange_breaker_state`,
    'Reconnect circuit breaker of each enabled exchange: 1 for the current state (closed, open, half_open).',
    ['exchange', 'state'],
    (v, emit) => {
      for (const [exchange, e] of exchanges(v)) if (e.enabled) emitEnum(emit, { exchange }, 'state', kBreakerStates, e.breaker);
    },
  );
  scrapedGauge(registry, view, `${prefix}exchange_last_message_age_seconds`, 'Time since the last frame of any kind from each exchange.', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) if (e.enabled && e.lastMessageAgeMs !== null) emit({ exchange }, e.lastMessageAgeMs / 1000);
  });
  scrapedGauge(registry, view, `${prefix}exchange_last_data_age_seconds`, 'Time since the last quote from each exchange.', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) if (e.enabled && e.lastDataAgeMs !== null) emit({ exchange }, e.lastDataAgeMs / 1000);
  });
  scrapedGauge(registry, view, `${prefix}exchange_stale_after_seconds`, 'Configured staleness limit of each exchange feed (exchanges.NAME.staleAfterMs).', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) if (e.enabled) emit({ exchange }, e.staleAfterMs / 1000);
  });
  scrapedGauge(registry, view, `${prefix}exchange_stale`, 'Whether each enabled exchange feed is stale: no quote yet, or none for longer than its limit.', ['exchange'], (v, emit) => {
    for (const [exchange, e] of exchanges(v)) if (e.enabled) emit({ exchange }, e.lastDataAgeMs === null || e.lastDataAgeMs > e.staleAfterMs ? 1 : 0);
  });
}

function registerShardFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  const shards = (v: ScrapeView) => Object.entries(v.snapshot.shards);
  scrapedGauge(registry, view, `${prefix}shard_state`, 'State of each windowing shard: 1 for the current state.', ['shard', 'state'], (v, emit) => {
    for (const [shard, s] of shards(v)) emitEnum(emit, { shard }, 'state', kShardStates, s.state);
  });
  scrapedGauge(registry, view, `${prefix}shard_windows`, 'Rolling windows each shard keeps.', ['shard'], (v, emit) => {
    for (const [shard, s] of shards(v)) emit({ shard }, s.windows);
  });
  scrapedGauge(registry, view, `${prefix}shard_spreads`, 'Spread pairs each shard tracks.', ['shard'], (v, emit) => {
    for (const [shard, s] of shards(v)) emit({ shard }, s.spreads);
  });
  scrapedCounter(registry, view, `${prefix}shard_ticks_total`, 'Ticks each shard has taken in.', ['shard'], (v, emit) => {
    for (const [shard, s] of shards(v)) emit({ shard }, s.ticks);
  });
  scrapedGauge(registry, view, `${prefix}shard_recompute_ratio`, 'Share of window updates in each shard that needed an exact recompute (0..1).', ['shard'], (v, emit) => {
    for (const [shard, s] of shards(v)) emit({ shard }, s.recomputeRatio);
  });
}

function registerRecorderFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  const gauge = (name: string, help: string, read: (r: NonNullable<ScrapeView['snapshot']['recorder']>) => number | null) =>
    scrapedGauge(registry, view, `${prefix}recorder_${name}`, help, [], (v, emit) => {
      const value = v.snapshot.recorder === null ? null : read(v.snapshot.recorder);
      if (value !== null) emit({}, value);
    });
  gauge('lag_records', 'Records waiting in the recorder input rings, not yet committed to LMDB.', (r) => r.lagRecords);
  gauge('last_commit_timestamp_seconds', 'Time of the last LMDB commit (seconds since the epoch).', (r) => (r.lastCommitAtMs === null ? null : r.lastCommitAtMs / 1000));
  gauge('disk_bytes', 'Disk space the store uses.', (r) => r.diskBytes);
  gauge('disk_budget_bytes', 'Disk budget of the store (recorder.diskBudgetBytes); 0: none.', (r) => r.diskBudgetBytes);
  gauge('refusing', 'Whether the recorder refuses new data because the disk budget is reached.', (r) => (r.refusing ? 1 : 0));
  scrapedCounter(registry, view, `${prefix}recorder_committed_records_total`, 'Records the recorder committed to LMDB.', [], (v, emit) => {
    if (v.snapshot.recorder !== null) emit({}, v.snapshot.recorder.committedRecords);
  });
  scrapedCounter(registry, view, `${prefix}recorder_store_remaps_total`, 'Times the recorder closed and reopened the store to drop its resident pages from RSS (recorder.mapResidencyBytes).', [], (v, emit) => {
    if (v.snapshot.recorder !== null) emit({}, v.snapshot.recorder.storeRemaps);
  });
}
