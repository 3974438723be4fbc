import { kControlKindNames, kSeqCheckNames, type ParseResult } from '../../../src/market/exchanges/base/parse-result.js';
import { kRejectReasonNames } from '../../../src/market/exchanges/base/reject-reason.js';
import type { Tick } from '../../../src/market/tick.js';

/** A plain copy of a parse result with enum values named, for explicit expectations. */
export type ResultSnapshot =
  | { kind: 'ticks'; seqCheck: string; exchangeSeq: number; prevExchangeSeq: number; ticks: Tick[] }
  | { kind: 'control'; control: string; detail: string }
  | { kind: 'rejected'; reason: string; detail: string; dataFrame: boolean };

export function snapshotOf(r: ParseResult): ResultSnapshot {
  switch (r.kind) {
    case 'ticks':
      return {
        kind: 'ticks',
        seqCheck: kSeqCheckNames[r.seqCheck]!,
        exchangeSeq: r.exchangeSeq,
        prevExchangeSeq: r.prevExchangeSeq,
        ticks: r.ticks.toArray(),
      };
    case 'control':
      return { kind: 'control', control: kControlKindNames[r.control]!, detail: r.detail };
    case 'rejected':
      return { kind: 'rejected', reason: kRejectReasonNames[r.reason]!, detail: r.detail, dataFrame: r.dataFrame };
  }
}
