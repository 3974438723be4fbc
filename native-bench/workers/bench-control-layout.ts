/**
 * Layout of the small SharedArrayBuffer through which a ring suite drives its
 * worker: Int32Array indices, each word on its own 64-byte line so a store by
 * one side never invalidates a line the other side polls.
 *
 *   index  writer  meaning
 *      0   main    stop: 1 asks the worker to leave its loop
 *     16   worker  errors: records that arrived out of sequence, stored once when the worker stops
 *
 * How far a consumer has got is read from the ring's own tail, so the worker
 * publishes nothing per record beyond what the ring itself does.
 */
export const kControlByteLength = 2 * 64;
export const kStopWord = 0;
export const kErrorsWord = 16;

export function allocateControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(kControlByteLength);
}
