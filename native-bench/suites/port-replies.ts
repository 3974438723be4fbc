import type { MessagePort } from 'node:worker_threads';

/** Hands the messages arriving on `port` to next() callers in order (one waiter at a time). */
export class PortReplies {
  private waiter: ((msg: unknown) => void) | null = null;
  private readonly queued: unknown[] = [];

  constructor(port: MessagePort) {
    port.on('message', (msg: unknown) => {
      const waiter = this.waiter;
      if (waiter === null) {
        this.queued.push(msg);
        return;
      }
      this.waiter = null;
      waiter(msg);
    });
  }

  next(): Promise<unknown> {
    if (this.queued.length > 0) return Promise.resolve(this.queued.shift());
    if (this.waiter !== null) throw new Error('PortReplies.next(): already waiting');
    return new Promise((resolve) => { this.waiter = resolve; });
  }
}
