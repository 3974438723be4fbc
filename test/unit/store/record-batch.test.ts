import { describe, expect, it } from 'vitest';
import { RecordBatch } from '../../../src/market/store/record-batch.js';

describe('RecordBatch', () => {
  it('copies records bit-exactly from shared memory into one private buffer', () => {
    const ring = new Uint8Array(new SharedArrayBuffer(64 * 3));
    for (let i = 0; i < ring.length; i++) ring[i] = (i * 7 + 3) & 0xff;
    const view = new DataView(ring.buffer);
    view.setUint32(64, 0x7ff80001, true); // a NaN payload word
    const batch = new RecordBatch(4);
    batch.add(view, 64);
    batch.add(view, 0);
    expect(batch.length).toBe(2);
    expect(batch.room).toBe(2);
    const bytes = batch.bytes();
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...bytes.subarray(0, 64)]).toEqual([...ring.subarray(64, 128)]);
    expect([...bytes.subarray(64, 128)]).toEqual([...ring.subarray(0, 64)]);
    batch.clear();
    expect(batch.bytes().byteLength).toBe(0);
  });

  it('refuses a record past its capacity and a bad capacity', () => {
    const batch = new RecordBatch(1);
    const view = new DataView(new ArrayBuffer(64));
    batch.add(view, 0);
    expect(() => batch.add(view, 0)).toThrow(/full at 1 records/);
    expect(() => new RecordBatch(0)).toThrow(/RecordBatch.capacity/);
  });
});
