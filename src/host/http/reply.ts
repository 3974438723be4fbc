import type { HttpResponse } from 'uWebSockets.js';

const kStatusText: Readonly<Record<number, string>> = {
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const kJson = 'application/json; charset=utf-8';

export type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly why: 'too_large' | 'aborted' };

/**
 * One uWS response, safe to use after an await. uWS requires an abort
 * handler before any asynchronous work and forbids touching the response
 * after it was aborted or ended: the constructor attaches the handler at
 * once, and every write goes through send(), which is a no-op once the
 * response is finished and corks the writes into one syscall.
 */
export class Reply {
  private aborted = false;
  private done = false;
  private readonly abortListeners: Array<() => void> = [];

  constructor(
    private readonly res: HttpResponse,
    private readonly onSent: (status: number) => void = () => {},
  ) {
    res.onAborted(() => {
      this.aborted = true;
      for (const l of this.abortListeners.splice(0)) l();
    });
  }

  get finished(): boolean {
    return this.aborted || this.done;
  }

  send(status: number, contentType: string, body: string | Uint8Array, headers: Readonly<Record<string, string>> = {}, closeConnection = false): void {
    if (this.finished) return;
    this.done = true;
    this.res.cork(() => {
      this.res.writeStatus(`${status} ${kStatusText[status] ?? 'Unknown'}`);
      this.res.writeHeader('content-type', contentType);
      this.res.writeHeader('cache-control', 'no-store');
      this.res.writeHeader('x-content-type-options', 'nosniff');
      for (const [k, v] of Object.entries(headers)) this.res.writeHeader(k, v);
      this.res.end(body, closeConnection);
    });
    this.onSent(status);
  }

  json(status: number, body: unknown, headers?: Readonly<Record<string, string>>, closeConnection = false): void {
    this.send(status, kJson, JSON.stringify(body), headers, closeConnection);
  }

  /**
   * Reads the request body, refusing it past maxBytes (chunked bodies
   * included: the bound is on the bytes that arrive, not on a header).
   * uWS lends each chunk only for the callback, so chunks are copied.
   * Call it before the route handler's first await, so the data handler is
   * in place before uWS delivers the body.
   */
  readBody(maxBytes: number): Promise<BodyResult> {
    return new Promise((resolve) => {
      if (this.aborted) return resolve({ ok: false, why: 'aborted' });
      this.abortListeners.push(() => resolve({ ok: false, why: 'aborted' }));
      const chunks: Buffer[] = [];
      let total = 0;
      let refused = false;
      this.res.onData((chunk, isLast) => {
        if (refused) return;
        total += chunk.byteLength;
        if (total > maxBytes) {
          refused = true;
          return resolve({ ok: false, why: 'too_large' });
        }
        chunks.push(Buffer.from(new Uint8Array(chunk)));
        if (isLast) resolve({ ok: true, body: Buffer.concat(chunks, total) });
      });
    });
  }
}
