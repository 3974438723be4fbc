import type { ControlDecodeResult } from '../control/control-messages.js';

type Decode = (data: unknown) => ControlDecodeResult;

/**
 * The worker's decoder of supervisor commands, loaded after the actor has
 * reported ready rather than before: decoding validates with zod, whose
 * schemas take milliseconds to build, and every one of those milliseconds
 * would otherwise sit between a crash and the replacement running.
 *
 * Contract: `receive` hands every message to `handle` exactly once, in
 * arrival order. Messages that arrive before the decoder is loaded wait for
 * it (each continuation is attached to the same load promise, so they run in
 * attach order, and all of them before the next message event); after that,
 * decoding is synchronous. A decoder that fails to load is reported to
 * `onLoadError` once, and messages are then dropped: without a decoder no
 * command can be trusted.
 */
export class DeferredControlDecoder {
  private decode: Decode | undefined;
  private loading: Promise<Decode | undefined> | undefined;

  constructor(private readonly onLoadError: (error: unknown) => void) {}

  /** Starts loading (idempotent); resolves once decoding is synchronous. */
  load(): Promise<Decode | undefined> {
    this.loading ??= import('../control/control-messages.js').then(
      (m) => (this.decode = m.decodeControl),
      (error: unknown) => {
        this.onLoadError(error);
        return undefined;
      },
    );
    return this.loading;
  }

  receive(data: unknown, handle: (result: ControlDecodeResult) => void): void {
    const decode = this.decode;
    if (decode !== undefined) {
      handle(decode(data));
      return;
    }
    void this.load().then((loaded) => {
      if (loaded !== undefined) handle(loaded(data));
    });
  }
}
