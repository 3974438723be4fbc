import { planWindowArena, type WindowRegionName } from './window-arena-plan.js';
import type { WindowConfig } from './window-config.js';

/**
 * The typed-array views over one window arena (layout: window-arena-plan.ts).
 * One ArrayBuffer, allocated once; windows are slots in it, never objects.
 * Owned by one thread (a shard): plain, not shared, memory.
 */
export class WindowArena {
  readonly buffer: ArrayBuffer;

  readonly headUnits: Float64Array;
  readonly tailUnits: Float64Array;
  readonly lastTs: Float64Array;
  readonly s1Hi: Float64Array;
  readonly s1Lo: Float64Array;
  readonly s2Hi: Float64Array;
  readonly s2Lo: Float64Array;
  readonly s2Peak: Float64Array;
  readonly openMin: Float64Array;
  readonly openMax: Float64Array;
  readonly values: Float32Array;
  readonly escapes: Uint32Array;
  readonly blockMin: Float32Array;
  readonly blockMax: Float32Array;
  readonly sufMin: Float32Array;
  readonly sufMax: Float32Array;
  readonly headPos: Uint32Array;
  readonly count: Uint32Array;
  readonly escHead: Uint32Array;
  readonly escCount: Uint32Array;
  readonly minHead: Uint32Array;
  readonly minLen: Uint32Array;
  readonly maxHead: Uint32Array;
  readonly maxLen: Uint32Array;
  readonly scanEnd: Uint32Array;
  readonly sinceRecompute: Uint32Array;
  readonly slotKey: Int32Array;
  readonly lruPrev: Int32Array;
  readonly lruNext: Int32Array;
  readonly keySlot: Int32Array;
  readonly deltas: Uint16Array;
  readonly minDeque: Uint16Array;
  readonly maxDeque: Uint16Array;

  constructor(config: WindowConfig) {
    const plan = planWindowArena(config);
    const buffer = new ArrayBuffer(plan.totalBytes);
    const r = (name: WindowRegionName): readonly [ArrayBuffer, number, number] => {
      const { offset, length } = plan.regions[name];
      return [buffer, offset, length];
    };
    this.buffer = buffer;
    this.headUnits = new Float64Array(...r('headUnits'));
    this.tailUnits = new Float64Array(...r('tailUnits'));
    this.lastTs = new Float64Array(...r('lastTs'));
    this.s1Hi = new Float64Array(...r('s1Hi'));
    this.s1Lo = new Float64Array(...r('s1Lo'));
    this.s2Hi = new Float64Array(...r('s2Hi'));
    this.s2Lo = new Float64Array(...r('s2Lo'));
    this.s2Peak = new Float64Array(...r('s2Peak'));
    this.openMin = new Float64Array(...r('openMin'));
    this.openMax = new Float64Array(...r('openMax'));
    this.values = new Float32Array(...r('values'));
    this.escapes = new Uint32Array(...r('escapes'));
    this.blockMin = new Float32Array(...r('blockMin'));
    this.blockMax = new Float32Array(...r('blockMax'));
    this.sufMin = new Float32Array(...r('sufMin'));
    this.sufMax = new Float32Array(...r('sufMax'));
    this.headPos = new Uint32Array(...r('headPos'));
    this.count = new Uint32Array(...r('count'));
    this.escHead = new Uint32Array(...r('escHead'));
    this.escCount = new Uint32Array(...r('escCount'));
    this.minHead = new Uint32Array(...r('minHead'));
    this.minLen = new Uint32Array(...r('minLen'));
    this.maxHead = new Uint32Array(...r('maxHead'));
    this.maxLen = new Uint32Array(...r('maxLen'));
    this.scanEnd = new Uint32Array(...r('scanEnd'));
    this.sinceRecompute = new Uint32Array(...r('sinceRecompute'));
    this.slotKey = new Int32Array(...r('slotKey'));
    this.lruPrev = new Int32Array(...r('lruPrev'));
    this.lruNext = new Int32Array(...r('lruNext'));
    this.keySlot = new Int32Array(...r('keySlot'));
    this.deltas = new Uint16Array(...r('deltas'));
    this.minDeque = new Uint16Array(...r('minDeque'));
    this.maxDeque = new Uint16Array(...r('maxDeque'));
  }

  get byteLength(): number {
    return this.buffer.byteLength;
  }
}
