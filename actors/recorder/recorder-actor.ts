import { defineActor, runActor, type ActorContext, type ActorDefinition } from '../../src/runtime/actor/index.js';
import { AsyncStoreWriter } from './async-store-writer.js';
import type { RecorderActorConfig } from './config.js';
import { kRecorderCounterNames } from './counters.js';
import { resolveRecorderOptions, type RecorderOptions } from './recorder-options.js';
import { ReadGate } from './read-gate.js';
import { RetentionSweeper } from './retention-sweeper.js';
import { RingRecorder, type RecorderCounters } from './ring-recorder.js';
import { ThrottledLog } from './throttled-log.js';

/**
 * Worker entry of the recorder (DESIGN.md §5): every tick, gap marker and
 * published spread into LMDB in batched commits (ring-recorder.ts), retention
 * by age (retention-sweeper.ts), a disk budget. Config: RecorderActorConfig.
 * Inputs: one `block` ring per exchange and per shard, all `release:
 * 'manual'` (anything else fails init). Counters: counters.ts.
 *
 * Pausing reads: the recorder reads into one batch while the other commits,
 * and while both are sealed (or a refused write's retry is pending) it must
 * not read, so it takes its onRecord hook away from the runtime's loop,
 * which looks the hook up every round, and puts it back when a batch is
 * released. Its produce hook paces the loop (naps, produces nothing) so that
 * a write's completion, which arrives in the event loop, is seen at once
 * and a paused recorder does not spin (read-gate.ts).
 */
let writer: AsyncStoreWriter | undefined;
let recorder: RingRecorder | undefined;
let retention: RetentionSweeper | undefined;
let options: RecorderOptions | undefined;

const actor: ActorDefinition<RecorderActorConfig> = defineActor<RecorderActorConfig>({
  async init(ctx) {
    options = resolveRecorderOptions(ctx.config);
    const inputs = Object.values(ctx.inputs);
    const automatic = inputs.filter((i) => !i.manual).map((i) => i.name);
    if (automatic.length > 0) {
      throw new Error(`recorder: inputs ${automatic.join(', ')} must be wired with release: 'manual' (released only after a commit)`);
    }
    writer = new AsyncStoreWriter(options);
    try {
      checkSymbols(writer, options, ctx);
    } catch (err) {
      await writer.close(); // an open environment must not outlive the worker (lmdb-env.ts)
      throw err;
    }
    const loud = new ThrottledLog(ctx.log);
    const counters = counterHandles(ctx);
    let gate: ReadGate | undefined = undefined;
    recorder = new RingRecorder(options, inputs, writer, counters, (on) => gate!.set(on), ctx.log, loud);
    gate = new ReadGate(actor, recorder.add, inputs);
    actor.onRecord = recorder.add;
    actor.produce = gate.pace; // before the loop starts: the loop then yields after every round that read nothing
    retention = new RetentionSweeper(writer, {
      retentionMs: options.retentionMs, intervalMs: options.retentionIntervalMs, chunkRecords: options.retentionChunkRecords,
    }, counters.pruned, loud);
    retention.start();
    ctx.log.info({ category: 'recorder', action: 'open', path: options.path, durability: options.durability, inputs: inputs.map((i) => i.name) }, 'recorder open');
  },
  afterBatch() {
    recorder!.afterBatch();
  },
  async drain() {
    await retention?.stop();
    await recorder?.drain();
  },
  async stop() {
    await retention?.stop();
    await recorder?.stop();
    await writer?.close();
  },
  stats() {
    if (recorder === undefined || writer === undefined) return { state: 'starting' };
    return {
      ...recorder.stats(), diskBytes: writer.diskBytes(), diskBudgetBytes: options?.diskBudgetBytes ?? 0, fullGcs: writer.fullGcs(),
      storeRemaps: writer.remaps(), retention: retention!.stats(),
    };
  },
});

/** The config's symbol table must extend the one the store recorded: ids are never renumbered. */
function checkSymbols(w: AsyncStoreWriter, o: RecorderOptions, ctx: ActorContext<RecorderActorConfig>): void {
  const stored = w.store.symbolNames() ?? [];
  let at = stored.findIndex((name, i) => o.symbols[i] !== name);
  if (at < 0 && o.symbols.length > stored.length) {
    const r = w.store.putSymbolNames(o.symbols);
    at = r.ok ? -1 : r.index;
  }
  if (at < 0) return;
  const message = `recorder: config symbols do not match the store at ${o.path}: symbol id ${at} is "${stored[at]}" in the store `
    + `but ${o.symbols[at] === undefined ? 'missing' : `"${o.symbols[at]}"`} in the config. Symbol ids are append-only: `
    + `keep the recorded symbols in their order and add new ones at the end, or use another recorder.path`;
  ctx.log.fatal({ category: 'recorder', action: 'symbol_mismatch', index: at, stored: stored[at], given: o.symbols[at] ?? null }, message);
  throw new Error(message);
}

function counterHandles(ctx: ActorContext<RecorderActorConfig>): RecorderCounters {
  const out: Record<string, unknown> = {};
  for (const name of kRecorderCounterNames) {
    const handle = ctx.counters[name];
    if (handle === undefined) throw new Error(`recorder: counter "${name}" is not declared in the topology (recorderCounterNames())`);
    out[name] = handle;
  }
  return out as RecorderCounters;
}

runActor(actor);
