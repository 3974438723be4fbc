import WebSocket from 'ws';

/**
 * A `ws` client that records everything it receives and lets a test wait on
 * conditions over what arrived (never on sleeps). Every wait has a deadline
 * so a broken simulator fails the test instead of hanging it.
 */
export class WsProbe {
  readonly texts: string[] = [];
  readonly binaries: Buffer[] = [];
  pings = 0;
  closed: { code: number; reason: string } | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.binaries.push(buf);
      else this.texts.push(buf.toString('utf8'));
      this.notify();
    });
    ws.on('ping', () => {
      this.pings++;
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    ws.on('error', () => this.notify());
  }

  /** Opens a connection; rejects with the HTTP status when the server refuses the upgrade. */
  static open(url: string): Promise<WsProbe> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const probe = new WsProbe(ws);
      ws.once('open', () => resolve(probe));
      ws.once('unexpected-response', (_req, res) => {
        reject(new ConnectRefused(res.statusCode ?? 0));
        res.resume();
        ws.terminate();
      });
      ws.once('error', (err) => reject(err));
    });
  }

  send(message: string | object): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Parsed JSON texts (those that parse). */
  json(): unknown[] {
    const out: unknown[] = [];
    for (const t of this.texts) {
      try {
        out.push(JSON.parse(t));
      } catch {
        // not JSON: skipped here, visible in `texts`
      }
    }
    return out;
  }

  /** Resolves once `cond()` holds, re-checking on every received frame, ping or close. */
  until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!cond()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${this.texts.length} texts, last: ${this.texts.at(-1) ?? '-'}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The first text at or after `from` that satisfies `pred`, waiting for it if needed. */
  async nextText(pred: (text: string) => boolean, what: string, from = 0): Promise<string> {
    let found: string | undefined;
    await this.until(() => {
      for (let i = from; i < this.texts.length; i++) {
        if (pred(this.texts[i]!)) {
          found = this.texts[i]!;
          return true;
        }
      }
      return false;
    }, what);
    return found!;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.ws.close();
    await this.until(() => this.closed !== undefined, 'close');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export class ConnectRefused extends Error {
  constructor(readonly status: number) {
    super(`server refused the upgrade with HTTP ${status}`);
  }
}

/** Polls a server-side condition (stats) on a short timer until it holds. */
export async function pollUntil(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const isData = (pred: (msg: Record<string, unknown>) => boolean) => (text: string): boolean => {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && pred(v as Record<string, unknown>);
  } catch {
    return false;
  }
};
