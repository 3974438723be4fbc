import { ShardCore } from '../../src/market/shard-core.js';
import type { ActorContext, RingProducer } from '../../src/runtime/index.js';
import { CounterSync } from './counter-sync.js';
import { DeadlineTimer } from './deadline-timer.js';
import { RateLimitedWarning } from './rate-limited-warning.js';
import { RecoveryFence } from './recovery-fence.js';
import { createShardClock, type DataClock, type WallClock } from './shard-clock.js';
import { coreOptionsFor, resolveShardOptions, type ResolvedShardOptions } from './shard-options.js';
import { shardStats, type ShardActorStats } from './shard-stats.js';
import { SpreadRingWriter } from './spread-ring-writer.js';
import { pendingRecovery, recoverFromStore, type RecoveryProgress } from './store-recovery.js';
import { TickRecordAdapter } from './tick-record-adapter.js';

/** Output ports of a shard, in the order every spread update is written. */
export const kShardOutputs = ['recorder', 'host'] as const;

/**
 * A windowing shard (DESIGN.md §5) as the runtime sees it: ShardCore plus the
 * wiring around it. The worker entry (shard-actor.ts) forwards the runtime's
 * hooks here; tests drive it with a hand-made context over real rings.
 *
 * Lifecycle of one incarnation:
 *   construct   validate the config (fail fast, naming the key), build the
 *               core, the output writer, the record adapter, the counters
 *   recover()   (init, before the runtime reads any ring) rebuild windows
 *               from the recorder's store; stats() says 'recovering' meanwhile
 *   onRecord    each input record (any exchange port) → adapter → core
 *   afterBatch  wall clock: poll due publications, re-arm the deadline timer;
 *               both clocks: move tallies into the shared counters
 *   stop()      graceful stop: publish every pending change, then exit
 *
 * Inputs: one ring per enabled exchange, named after it; the record's own
 * exchange id is used, the port name only appears in warnings.
 */
export class WindowingShard {
  readonly options: ResolvedShardOptions;
  readonly core: ShardCore;
  readonly adapter: TickRecordAdapter;
  readonly writer: SpreadRingWriter;
  readonly fence: RecoveryFence;
  readonly recovery: RecoveryProgress = pendingRecovery();

  private readonly clock: WallClock | DataClock;
  private readonly counters: CounterSync;
  private readonly timer: DeadlineTimer | null;
  private readonly abort = new AbortController();
  private recovering: Promise<RecoveryProgress> | undefined;

  constructor(private readonly ctx: ActorContext<unknown>) {
    const o = resolveShardOptions(ctx.config);
    this.options = o;
    this.clock = createShardClock(o.clock);
    const outputs: RingProducer[] = [];
    for (const port of kShardOutputs) {
      const out = ctx.outputs[port];
      if (out === undefined) ctx.log.warn({ category: 'shard', port }, `shard has no "${port}" output: its spread updates go nowhere`);
      else outputs.push(out);
    }
    this.writer = new SpreadRingWriter(outputs);
    const clock = this.clock;
    this.core = new ShardCore(coreOptionsFor(o, { sink: this.writer.sink, clock: () => clock.nowUs() }));
    this.fence = new RecoveryFence(this.core.exchangeSlots, o.index, o.count, o.symbols.length);
    this.adapter = new TickRecordAdapter(this.core, this.clock, this.fence, new RateLimitedWarning(ctx.log));
    this.counters = new CounterSync(ctx.counters, this.core, this.adapter, this.writer, () => this.recovery.ticks);
    this.timer = o.clock === 'wall' ? new DeadlineTimer(this.onDeadline) : null;
  }

  /** Restores windows from the recorder's store; never throws (store-recovery.ts). */
  async recover(): Promise<RecoveryProgress> {
    const o = this.options;
    const nowUs = this.clock.nowUs();
    const wall = o.clock === 'wall';
    const sinceUs = wall ? nowUs - (o.windowMs + o.maxQuoteAgeMs) * 1000 : -Infinity;
    const signal = AbortSignal.any([this.ctx.signal, this.abort.signal]);
    this.recovering = recoverFromStore(this.core, this.fence, this.clock, {
      path: o.recorderPath, symbolIds: o.ownedSymbolIds, exchangeIds: o.exchangeIds, sinceUs, signal, progress: this.recovery,
      ...(wall ? { shorten: { nowUs, capacity: this.core.windows.config.capacity, scratch: this.scratchCore() } } : {}),
    });
    const r = await this.recovering;
    this.counters.baseline(['recoveredTicks']);
    this.counters.flush();
    const fields = {
      category: 'shard', recovery: r.state, reason: r.reason, ticks: r.ticks, gaps: r.gaps, durationMs: r.durationMs, windows: this.core.windows.windowCount,
      shortened: r.shortened, symbols: r.symbols, provedRecords: r.provedRecords,
    };
    if (r.state === 'failed') this.ctx.log.error(fields, 'shard recovery from the store failed: windows start from what was read');
    else this.ctx.log.info(fields, 'shard recovery ended');
    return r;
  }

  readonly onRecord = (view: DataView, offset: number, input: string): void => {
    this.adapter.onRecord(view, offset, input);
  };

  afterBatch(): void {
    if (this.timer !== null) {
      const now = this.clock.nowUs();
      this.core.poll(now);
      this.timer.armAt(this.core.nextDeadlineUs, now);
    }
    this.counters.flush();
  }

  /** Graceful stop: publishes every pending change (ShardCore.flush), then the outputs. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.recovering; // the store must be closed before the thread exits
    this.timer?.close();
    const now = this.clock.nowUs();
    if (!Number.isNaN(now)) this.core.flush(now);
    this.writer.publish();
    this.counters.flush();
  }

  stats(): ShardActorStats {
    const c = this.counters;
    return shardStats({
      core: this.core,
      symbols: this.options.symbolTable,
      clock: this.options.clock,
      nowUs: this.clock.nowUs(),
      recovery: this.recovery,
      duplicatesSkipped: this.fence.duplicates,
      fenceArmedStreams: this.fence.armedStreams,
      foreignRecords: this.adapter.foreign,
      ticks: c.value('ticksIn') ?? this.adapter.ticks,
      spreads: c.value('spreadsPublished') ?? this.writer.written,
    });
  }

  /** A core like this shard's with windows for one symbol only: replay-plan.ts proves shortened replays in it. */
  private scratchCore(): ShardCore {
    const base = coreOptionsFor(this.options, {});
    const pairs = this.core.exchangeSlots * this.core.exchangeSlots;
    return new ShardCore({ ...base, window: { ...base.window, maxWindows: pairs } });
  }

  private readonly onDeadline = (): void => {
    const now = this.clock.nowUs();
    this.core.poll(now);
    this.writer.publish();
    this.counters.flush();
    this.timer!.armAt(this.core.nextDeadlineUs, now);
  };
}
