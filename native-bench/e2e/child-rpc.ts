import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Request/reply over a forked child's IPC channel, for the e2e bench's
 * simulator and host processes (simulator-process.ts, host-process.ts).
 *
 * Contract: the parent sends `{id, ...request}`; the child answers every
 * request exactly once with `{type: 'reply', id, value}` or
 * `{type: 'reply', id, error}`. Anything else the child sends is an event,
 * handed to `onEvent`. When the child exits, every pending request rejects
 * with an error naming the child and its exit code, instead of hanging.
 *
 * Entries ending in `.ts` (tests run from source) are started with tsx; `.js`
 * entries (dist/, the bench) run directly. The child's stdout and stderr go
 * to `logFile` when given (its pino lines), else are ignored.
 */
export interface ChildRpcOptions {
  readonly name: string;
  readonly entry: URL;
  readonly args?: readonly string[];
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile?: string;
  readonly onEvent?: (event: Record<string, unknown>) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class ChildRpc {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exitCode: number | null | undefined;

  constructor(private readonly options: ChildRpcOptions) {
    const entryPath = fileURLToPath(options.entry);
    const fromSource = entryPath.endsWith('.ts');
    const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
    try {
      this.child = fork(entryPath, [...(options.args ?? [])], {
        execArgv: [...(fromSource ? ['--import', 'tsx'] : []), ...(options.execArgv ?? [])],
        env: options.env ?? process.env,
        stdio: logFd === undefined ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['ignore', logFd, logFd, 'ipc'],
        serialization: 'advanced',
      });
    } finally {
      if (logFd !== undefined) closeSync(logFd); // the child holds its own copy
    }
    this.child.on('message', (msg: Record<string, unknown>) => this.onMessage(msg));
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      this.exitCode = (code as number | null) ?? (signal === null ? null : -1);
      const err = new Error(`${options.name} (pid ${this.child.pid}) exited with ${code === null ? `signal ${String(signal)}` : `code ${String(code)}`}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      return this.exitCode;
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Sends a request and resolves with the child's reply; rejects after `timeoutMs`. */
  request<T>(request: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
    if (!this.alive) return Promise.reject(new Error(`${this.options.name}: not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.options.name}: no reply to ${String(request.type)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.child.send({ ...request, id });
    });
  }

  /** Resolves with the first event of this type (events already past are not replayed). */
  nextEvent(type: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', onMessage);
        reject(new Error(`${this.options.name}: no "${type}" event within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (msg: Record<string, unknown>): void => {
        if (msg.type !== type) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(msg);
      };
      this.child.on('message', onMessage);
      void this.exited.then(() => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        reject(new Error(`${this.options.name} exited before its "${type}" event`));
      });
    });
  }

  /** SIGKILL, for cleanup after a failure; resolves when the child is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  private onMessage(msg: Record<string, unknown>): void {
    if (msg.type === 'reply' && typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id);
      if (typeof msg.error === 'string') p.reject(new Error(`${this.options.name}: ${msg.error}`));
      else p.resolve(msg.value);
      return;
    }
    this.options.onEvent?.(msg);
  }
}

/**
 * Child side: answers requests with `handle`; a thrown error becomes the
 * reply's `error`. After replying to `stop`, the IPC channel is closed, so the
 * process ends as soon as the handler has released everything else.
 */
export function serveRequests(handle: (request: Record<string, unknown>) => Promise<unknown> | unknown): void {
  if (process.send === undefined) throw new Error('serveRequests: this process has no IPC channel (start it with ChildRpc)');
  const reply = (msg: Record<string, unknown>, last: boolean): void => {
    process.send!(msg, undefined, {}, () => { if (last) process.disconnect(); });
  };
  process.on('message', (msg: Record<string, unknown>) => {
    const id = msg.id;
    const last = msg.type === 'stop';
    void (async () => {
      try {
        reply({ type: 'reply', id, value: await handle(msg) }, last);
      } catch (err) {
        reply({ type: 'reply', id, error: err instanceof Error ? err.message : String(err) }, last);
      }
    })();
  });
}

/** Child side: an event for the parent's onEvent. */
export function emitEvent(event: Record<string, unknown>): void {
  process.send?.(event);
}
