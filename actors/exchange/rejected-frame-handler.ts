import type { RejectedResult } from '../../src/market/exchanges/base/parse-result.js';
import { kRejectReasonNames, RejectReason } from '../../src/market/exchanges/base/reject-reason.js';
import type { ExchangeCounters } from './counters.js';
import type { DeadLetterSink } from './dead-letter-sink.js';
import type { RepeatLimitedLog } from './repeat-limiter.js';

/**
 * What happens to a frame the parser refused (issue 3 part 3): it is
 * counted (`rejected` and `reject_<reason>`), kept in the dead-letter sink
 * (raw frame, reason, time; the sink assigns the UUIDv7), and logged at a
 * bounded rate per reason. Never throws: the frames behind it keep flowing.
 *
 * The raw frame is kept as text when it was a text frame that decodes (what
 * `ringmaster dlq list` prints and `replay` re-parses), as bytes otherwise.
 */
export class RejectedFrameHandler {
  private readonly logKeys: readonly string[];

  constructor(
    private readonly exchange: string,
    private readonly counters: ExchangeCounters,
    private readonly sink: DeadLetterSink,
    private readonly log: RepeatLimitedLog,
  ) {
    this.logKeys = kRejectReasonNames.map((name) => `reject:${name}`);
  }

  handle(result: RejectedResult, frame: Buffer, isBinary: boolean, receivedAtUs: number): void {
    const reason = result.reason;
    const name = kRejectReasonNames[reason] ?? 'unknown';
    const c = this.counters;
    c.named.rejected.add(1);
    c.byReason[reason]?.add(1);
    c.named.deadLetters.add(1);
    const keepBytes = isBinary || reason === RejectReason.BinaryFrame;
    this.sink.add(name, keepBytes ? frame : frame.toString('utf8'), receivedAtUs);
    this.log.line('warn', this.logKeys[reason] ?? 'reject:unknown', {
      category: 'exchange', action: 'frame_rejected', exchange: this.exchange, reason: name,
      detail: result.detail, dataFrame: result.dataFrame, bytes: frame.byteLength,
    }, 'frame rejected');
  }
}
