import { defineActor, runActor } from '../../src/runtime/actor/index.js';
import type { ShardActorOptions } from './shard-options.js';
import { WindowingShard } from './windowing-shard.js';

/**
 * Worker entry of a windowing shard (DESIGN.md §5). Config: ShardActorConfig
 * (config.ts) plus `clock` (shard-options.ts). Inputs: one ring per enabled
 * exchange, port named after it, carrying Tick and Gap records. Outputs:
 * `recorder` and `host`, Spread records. Counters: counters.ts.
 *
 * init restores the windows from the recorder's store before the runtime
 * reads any ring, in chunks with awaits between them, so heartbeats and
 * stats() keep answering ('recovering') while it runs. Everything else is in
 * windowing-shard.ts.
 */
let shard: WindowingShard | undefined;

runActor(
  defineActor<ShardActorOptions>({
    async init(ctx) {
      shard = new WindowingShard(ctx);
      await shard.recover();
    },
    onRecord(view, offset, input) {
      shard!.onRecord(view, offset, input);
    },
    afterBatch() {
      shard!.afterBatch();
    },
    async stop() {
      await shard?.stop();
    },
    stats() {
      return shard === undefined ? { state: 'recovering', reason: 'starting' } : { ...shard.stats() };
    },
  }),
);
