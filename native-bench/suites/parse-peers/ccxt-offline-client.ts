/**
 * Stands in for ccxt's WebSocket `Client` (ccxt/js/src/base/ws/Client.js)
 * when an exchange's `handleMessage(client, message)` is driven by hand: no
 * socket, no connect, no timers. It has exactly the fields the Binance,
 * Bybit and OKX best bid/offer handlers touch:
 *
 *   url            Binance tells spot from futures by `/stream` in it, Bybit by `spot`
 *   subscriptions  read by Binance (user-stream methods) and OKX (order-book hashes)
 *   futures        pending watch* promises by message hash; none here
 *   rejections     where `reject` parks an error nobody awaits
 *   resolve        the real method's logic: settle the future of the hash, if any
 *
 * With no futures, `resolve` settles nothing, as for a real client between
 * two `watch*` calls; what a handler computed stays on the exchange object
 * (`bidsasks`, `orderbooks`), which is where the bench checks it.
 */
export class CcxtOfflineClient {
  readonly futures: Record<string, { resolve(result: unknown): void; reject(error: unknown): void }> = {};
  readonly subscriptions: Record<string, unknown> = {};
  readonly rejections: Record<string, unknown> = {};

  constructor(readonly url: string) {}

  resolve(result: unknown, messageHash: string | undefined): unknown {
    if (messageHash !== undefined && messageHash in this.futures) {
      this.futures[messageHash]!.resolve(result);
      delete this.futures[messageHash];
    }
    return result;
  }

  reject(error: unknown, messageHash?: string): void {
    if (messageHash === undefined) return;
    const future = this.futures[messageHash];
    if (future === undefined) this.rejections[messageHash] = error;
    else {
      future.reject(error);
      delete this.futures[messageHash];
    }
  }
}
