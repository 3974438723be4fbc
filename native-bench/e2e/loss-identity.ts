import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { RingStats } from '../../src/runtime/index.js';
import type { ExchangeRecordCounts } from './store-audit.js';

/**
 * The loss identity per exchange, checked after a graceful shutdown (every
 * ring drained, the recorder's store closed). Which counters enter it:
 *
 *   framesIn        exchange.X.framesIn: every WebSocket frame the actor received
 *   controlFrames   exchange.X.controlFrames: acks, pongs, errors (not market data)
 *   rejected        exchange.X.rejected: frames the parser refused (counted, dead-lettered)
 *   dataFrames      exchange.X.dataFrames: frames that yielded ticks
 *   ticksOut        exchange.X.ticksOut: ticks handed to the rings
 *   recorded        ticks of exchange X in the recorder's store (StoreAudit)
 *   dropped         the exchange.X → recorder ring's dropped count (block timed out)
 *   written         that ring's written count: ticks + gap markers that entered it
 *   gaps            gap markers of X in the store
 *
 * and the equations:
 *
 *   frames    framesIn = controlFrames + rejected + dataFrames       (every frame classified)
 *   identity  framesIn = recorded + rejected + dropped + controlFrames (the issue's identity;
 *             each simulator data frame carries one tick, so dataFrames = ticksOut)
 *   ring      written = recorded + gaps                                (nothing that entered the
 *             recorder edge was lost: the exact "nothing accepted is lost")
 *
 * A worker terminated from outside (chaos `kill`) can stop in the middle of
 * its frame callback: that frame was received (framesIn) but never reached a
 * ring, so it was never accepted. `identity` and `frames` therefore allow
 * one unaccounted frame per outside termination of that exchange's actor
 * (`inFlightAllowance`); `ring` allows nothing. A hang is ended by the same
 * terminate, but the hang itself runs between callbacks, so it needs no
 * allowance; a crash is an exception thrown between callbacks likewise.
 */
export interface ExchangeCounters {
  readonly framesIn: number;
  readonly controlFrames: number;
  readonly rejected: number;
  readonly dataFrames: number;
  readonly ticksOut: number;
}

export interface IdentityRow {
  readonly exchange: ExchangeName;
  readonly framesIn: number;
  readonly recorded: number;
  readonly rejected: number;
  readonly dropped: number;
  readonly controlFrames: number;
  /** framesIn − (recorded + rejected + dropped + controlFrames). */
  readonly unaccounted: number;
  /** framesIn − (controlFrames + rejected + dataFrames). */
  readonly unclassified: number;
  readonly ringWritten: number;
  readonly ringRecorded: number;
  /** Frames that may have been cut off inside a terminated worker. */
  readonly inFlightAllowance: number;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

export interface IdentityInputs {
  readonly exchanges: readonly ExchangeName[];
  readonly counters: Readonly<Record<string, number>>;
  readonly rings: Readonly<Record<string, RingStats>>;
  readonly store: Readonly<Record<string, ExchangeRecordCounts>>;
  /** Outside terminations (chaos kill, admin restart) per exchange actor. */
  readonly terminations?: Readonly<Partial<Record<ExchangeName, number>>>;
}

export function exchangeCounters(counters: Readonly<Record<string, number>>, x: ExchangeName): ExchangeCounters {
  const c = (name: string): number => counters[`exchange.${x}.${name}`] ?? 0;
  return { framesIn: c('framesIn'), controlFrames: c('controlFrames'), rejected: c('rejected'), dataFrames: c('dataFrames'), ticksOut: c('ticksOut') };
}

/** The ring from exchange X to the recorder: named `exchange.X.recorder->recorder.X` by the topology. */
export function recorderEdge(rings: Readonly<Record<string, RingStats>>, x: ExchangeName): RingStats | undefined {
  const from = `exchange.${x}.recorder`;
  const name = Object.keys(rings).find((r) => r.startsWith(`${from}->`));
  return name === undefined ? undefined : rings[name];
}

export function checkLossIdentity(inputs: IdentityInputs): IdentityRow[] {
  return inputs.exchanges.map((x) => {
    const c = exchangeCounters(inputs.counters, x);
    const edge = recorderEdge(inputs.rings, x);
    const stored = inputs.store[x] ?? { ticks: 0, gaps: 0 };
    const dropped = edge?.dropped ?? 0;
    const allowance = inputs.terminations?.[x] ?? 0;
    const unaccounted = c.framesIn - (stored.ticks + c.rejected + dropped + c.controlFrames);
    const unclassified = c.framesIn - (c.controlFrames + c.rejected + c.dataFrames);
    const ringRecorded = stored.ticks + stored.gaps;
    const problems: string[] = [];
    if (edge === undefined) problems.push(`no exchange.${x}.recorder ring in the stats`);
    else if (edge.written !== ringRecorded) {
      problems.push(`recorder edge: ${edge.written} records entered the ring, ${ringRecorded} are in the store (${stored.ticks} ticks + ${stored.gaps} gaps)`);
    }
    if (unaccounted < 0 || unaccounted > allowance) {
      problems.push(`identity: framesIn ${c.framesIn} ≠ recorded ${stored.ticks} + rejected ${c.rejected} + dropped ${dropped} + control ${c.controlFrames} (off by ${unaccounted}, allowed 0..${allowance})`);
    }
    if (unclassified < 0 || unclassified > allowance) {
      problems.push(`frames: framesIn ${c.framesIn} ≠ control ${c.controlFrames} + rejected ${c.rejected} + data ${c.dataFrames} (off by ${unclassified}, allowed 0..${allowance})`);
    }
    if (c.ticksOut !== c.dataFrames) problems.push(`${c.ticksOut} ticks from ${c.dataFrames} data frames: the identity assumes one tick per frame`);
    return {
      exchange: x,
      framesIn: c.framesIn,
      recorded: stored.ticks,
      rejected: c.rejected,
      dropped,
      controlFrames: c.controlFrames,
      unaccounted,
      unclassified,
      ringWritten: edge?.written ?? 0,
      ringRecorded,
      inFlightAllowance: allowance,
      ok: problems.length === 0,
      problems,
    };
  });
}

export function formatIdentity(rows: readonly IdentityRow[]): string[] {
  return rows.map((r) =>
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.exchange}: framesIn ${r.framesIn} = recorded ${r.recorded} + rejected ${r.rejected} + dropped ${r.dropped} + control ${r.controlFrames}` +
    `${r.unaccounted === 0 ? '' : ` (+${r.unaccounted} cut off in terminated workers, allowed ${r.inFlightAllowance})`}` +
    `; recorder edge written ${r.ringWritten} = stored ${r.ringRecorded}` +
    (r.problems.length > 0 ? `\n       ${r.problems.join('\n       ')}` : ''));
}
