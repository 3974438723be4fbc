import type { MessagePort } from 'node:worker_threads';

/** workerData of ring-sink.worker: consumes `ring` and counts records into `control`. */
export interface RingSinkData {
  readonly ring: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** workerData of ring-echo.worker: copies every record of `ping` into `pong`. */
export interface RingEchoData {
  readonly ping: SharedArrayBuffer;
  readonly pong: SharedArrayBuffer;
  /** The echo worker's own doorbell (it sleeps on it under spin-then-wait). */
  readonly pingDoorbell: SharedArrayBuffer;
  /** The main thread's doorbell, rung when a reply is published. */
  readonly pongDoorbell: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly wait: 'busy-spin' | 'spin-then-wait';
}

/** workerData of port-sink.worker and port-echo.worker. */
export interface PortWorkerData {
  readonly port: MessagePort;
}

/**
 * port-sink.worker counts records (one per message, or the length of an array
 * message); a `null` message asks it to reply with the count so far, which,
 * ports being FIFO, covers every message sent before it.
 */
export type PortSinkRequest = object | null;
export type PortSinkReply = number;

/** Posted by every bench worker once its loop or listener is running. */
export const kWorkerReady = 'ready';
