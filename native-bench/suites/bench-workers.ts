import { once } from 'node:events';
import { Worker, type Transferable } from 'node:worker_threads';
import { kWorkerReady } from '../workers/bench-worker-data.js';

/** A running bench worker; an error it throws is kept and rethrown by join(). */
export class BenchWorker {
  private error: Error | undefined;
  private readonly exited: Promise<unknown>;

  private constructor(readonly name: string, readonly worker: Worker) {
    worker.on('error', (err) => { this.error ??= err; });
    this.exited = once(worker, 'exit');
  }

  /**
   * Starts the compiled bench worker `name` (native-bench/workers/NAME.js,
   * resolved next to this compiled file: benches never run through tsx) and
   * resolves once it reports that its loop is running.
   */
  static async start(name: string, workerData: object, transferList: Transferable[] = []): Promise<BenchWorker> {
    const worker = new Worker(new URL(`../workers/${name}.js`, import.meta.url), { workerData, transferList });
    const handle = new BenchWorker(name, worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: unknown) => { if (msg === kWorkerReady) resolve(); });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`bench worker ${name} exited with code ${code} before it was ready`)));
    });
    return handle;
  }

  /**
   * Waits for a worker that was asked to stop to leave (terminating it after
   * `graceMs`), then throws if it failed at any point.
   */
  async join(graceMs = 2000): Promise<void> {
    const timer = setTimeout(() => void this.worker.terminate(), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
    if (this.error !== undefined) throw new Error(`bench worker ${this.name} failed: ${this.error.message}`);
  }
}
