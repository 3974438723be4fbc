import { defineActor, runActor } from '../../src/runtime/actor/index.js';
import { resolveExchangeConfig, type ExchangeActorConfig } from './config.js';
import { exchangeCounters } from './counters.js';
import { MemoryDeadLetterSink, type DeadLetterSink } from './dead-letter-sink.js';
import { ExchangeConnector } from './exchange-connector.js';
import { LmdbDeadLetterSink } from './lmdb-dead-letter-sink.js';
import { exchangeOutputs } from './ring-tick-writer.js';
import { systemTimerClock } from './timer-clock.js';

/**
 * Worker entry of an exchange connection actor (`exchange.<name>` in the
 * topology). Event-driven: no inputs and no produce hook, so the runtime
 * runs no loop and the socket callbacks have the thread to themselves.
 *
 *   outputs   shard0..shard{N-1} (tick → shard symbolId % N), recorder (every tick);
 *             gap markers go to every output they concern
 *   counters  exchangeCounterNames() (counters.ts)
 *   stats()   { connection, breaker, lastMessageAtMs, lastDataAtMs, connectedSince,
 *             connects, subscribedSymbols, url, ... } (ExchangeActorStats)
 *   drain()   closes the sockets cleanly (gap markers), no reconnect, timers stopped
 *   stop()    closes the dead-letter store (an LMDB handle must not outlive the worker)
 */
let connector: ExchangeConnector | undefined;

runActor(
  defineActor<ExchangeActorConfig>({
    init(ctx) {
      const config = resolveExchangeConfig(ctx.config);
      const counters = exchangeCounters(ctx.counters);
      // Everything that can fail on bad wiring before the LMDB handle is opened.
      const outputs = exchangeOutputs(ctx.outputs, config.shardCount);
      const deadLetters: DeadLetterSink = config.deadLetters.path === null
        ? new MemoryDeadLetterSink(config.exchange, config.deadLetters.maxPerSource)
        : new LmdbDeadLetterSink({
          path: config.deadLetters.path,
          source: config.exchange,
          maxPerSource: config.deadLetters.maxPerSource,
          flushMs: config.deadLetters.flushMs,
          durability: config.deadLetters.durability,
          clock: systemTimerClock,
          log: ctx.log,
          onDropped: (n) => counters.named.deadLettersDropped.add(n),
        });
      connector = new ExchangeConnector({
        config,
        outputs,
        counters,
        log: ctx.log,
        deadLetters,
        incarnation: ctx.incarnation,
      });
      connector.start();
    },
    drain: () => connector?.drain(),
    stop: () => connector?.stop(),
    stats: () => ({ ...(connector?.stats() ?? { connection: 'closed' }) }),
  }),
);
