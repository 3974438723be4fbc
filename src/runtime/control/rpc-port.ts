import { Worker, type MessagePort } from 'node:worker_threads';

/**
 * What the control plane talks over: a MessagePort (one end of a
 * MessageChannel, or a worker's `parentPort`) or, from the supervisor's side
 * of `parentPort`, the Worker itself. Both are EventEmitters with the same
 * `postMessage` and `message` event; they differ only in how death shows.
 */
export type RpcPort = MessagePort | Worker;

/**
 * Calls `onClosed` once when the far side of `port` is gone: a MessagePort
 * emits `close` when its peer closes or the peer's thread ends (terminate,
 * process.exit, uncaught error); a Worker emits `exit` with its code.
 * Returns a function that stops watching.
 */
export function watchPortClosed(port: RpcPort, onClosed: (why: string) => void): () => void {
  if (port instanceof Worker) {
    const onExit = (code: number): void => onClosed(`worker exited with code ${code}`);
    port.once('exit', onExit);
    return () => port.off('exit', onExit);
  }
  const onClose = (): void => onClosed('message port closed');
  port.once('close', onClose);
  return () => port.off('close', onClose);
}
