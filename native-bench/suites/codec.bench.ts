import { Decoder, Encoder } from '@msgpack/msgpack';
import { readTick, writeTick } from '../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../src/market/tick-layout.js';
import type { Tick } from '../../src/market/tick.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchSuite } from './bench-suite.js';
import { kNsPerMs, timeTasks } from './tinybench-tasks.js';

/**
 * Record codec cost, ns per record: the fixed 64-byte layout that travels
 * through the rings (tick-codec.ts on a DataView) against @msgpack/msgpack and
 * JSON on the same Tick objects. Encode and decode are timed apart; each
 * iteration converts a batch of distinct ticks so the timer's own cost and
 * value-specialised JIT paths stay out of the figure. Decode builds a Tick
 * object in all three cases. JSON's output is a string (no UTF-8 step), which
 * flatters it slightly against the two binary codecs.
 */
const kSuite = 'codec';
const kBatch = 1024;

const kNames = {
  fixedEncode: 'fixed layout encode',
  fixedDecode: 'fixed layout decode',
  msgpackEncode: '@msgpack/msgpack encode',
  msgpackDecode: '@msgpack/msgpack decode',
  jsonEncode: 'JSON.stringify',
  jsonDecode: 'JSON.parse',
} as const;

export const codecSuite: BenchSuite = {
  name: kSuite,
  async prepare() {
    return { ready: true };
  },
  async runOnce() {
    const ticks = makeTicks(kBatch);
    const view = new DataView(new ArrayBuffer(kBatch * kTickRecordSize));
    const encoder = new Encoder();
    const decoder = new Decoder();
    const packed = ticks.map((t) => encoder.encode(t));
    const strings = ticks.map((t) => JSON.stringify(t));
    for (let i = 0; i < kBatch; i++) writeTick(view, i * kTickRecordSize, ticks[i] as Tick);

    // Results flow into `sink` so the optimiser cannot drop the work.
    let sink = 0;
    const timings = await timeTasks([
      [kNames.fixedEncode, () => {
        for (let i = 0; i < kBatch; i++) writeTick(view, i * kTickRecordSize, ticks[i] as Tick);
      }],
      [kNames.fixedDecode, () => {
        for (let i = 0; i < kBatch; i++) sink += readTick(view, i * kTickRecordSize).bid;
      }],
      [kNames.msgpackEncode, () => {
        for (let i = 0; i < kBatch; i++) sink += encoder.encode(ticks[i]).length;
      }],
      [kNames.msgpackDecode, () => {
        for (let i = 0; i < kBatch; i++) sink += (decoder.decode(packed[i] as Uint8Array) as Tick).bid;
      }],
      [kNames.jsonEncode, () => {
        for (let i = 0; i < kBatch; i++) sink += JSON.stringify(ticks[i]).length;
      }],
      [kNames.jsonDecode, () => {
        for (let i = 0; i < kBatch; i++) sink += (JSON.parse(strings[i] as string) as Tick).bid;
      }],
    ], { timeMs: 300, warmupMs: 100 });
    if (!Number.isFinite(sink)) throw new Error('codec bench: sink is not finite');
    checkRoundTrip(view, ticks, decoder, packed);

    const nsPerRecord = (name: string): number => ((timings.get(name)?.latency.mean ?? Number.NaN) * kNsPerMs) / kBatch;
    const m = (name: string, compareTo: string[] = []): Measurement => ({
      suite: kSuite, name, unit: 'ns/record', value: nsPerRecord(name), compareTo: compareTo.map((n) => ({ name: n })),
    });
    return {
      measurements: [
        m(kNames.fixedEncode, [kNames.msgpackEncode, kNames.jsonEncode]),
        m(kNames.fixedDecode, [kNames.msgpackDecode, kNames.jsonDecode]),
        m(kNames.msgpackEncode, [kNames.jsonEncode]),
        m(kNames.msgpackDecode, [kNames.jsonDecode]),
        m(kNames.jsonEncode),
        m(kNames.jsonDecode),
      ],
      notes: [`ns/record = mean time of a ${kBatch}-record batch ÷ ${kBatch}; decode builds a Tick object in every codec; JSON output is a string, not UTF-8 bytes.`],
    };
  },
};

function makeTicks(n: number): Tick[] {
  const ticks: Tick[] = [];
  let mid = 64_000;
  for (let i = 0; i < n; i++) {
    mid += Math.sin(i) * 3.25;
    ticks.push({
      // Same key order as readTick, so every codec sees one object shape.
      kind: RecordKind.Tick,
      bid: mid - 0.5,
      ask: mid + 0.5,
      bidSize: 1.25 + (i % 7) * 0.1,
      askSize: 0.75 + (i % 5) * 0.1,
      exchangeTs: 1_767_225_600_000_000 + i * 1000,
      recvTs: 1_767_225_600_000_350 + i * 1000,
      symbolId: i % 17,
      exchangeId: 1 + (i % 3),
      flags: 0,
      seq: i,
    });
  }
  return ticks;
}

/** A codec that loses data must not be reported as fast. */
function checkRoundTrip(view: DataView, ticks: readonly Tick[], decoder: Decoder, packed: readonly Uint8Array[]): void {
  const i = ticks.length - 1;
  const original = JSON.stringify(ticks[i]);
  const fixed = JSON.stringify(readTick(view, i * kTickRecordSize));
  const msgpack = JSON.stringify(decoder.decode(packed[i] as Uint8Array));
  if (fixed !== original || msgpack !== original) {
    throw new Error(`codec bench: round trip changed the tick: ${original} / ${fixed} / ${msgpack}`);
  }
}
