import { Decoder, Encoder } from '@msgpack/msgpack';
import { readTick, writeTick } from '../../src/market/tick-codec.js';
import { kTickRecordSize } from '../../src/market/tick-layout.js';
import type { Tick } from '../../src/market/tick.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchSuite } from './bench-suite.js';
import { makeTicks } from './bench-ticks.js';
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
      { name: kNames.fixedEncode, fn: () => {
        for (let i = 0; i < kBatch; i++) writeTick(view, i * kTickRecordSize, ticks[i] as Tick);
      } },
      { name: kNames.fixedDecode, fn: () => {
        for (let i = 0; i < kBatch; i++) sink += readTick(view, i * kTickRecordSize).bid;
      } },
      { name: kNames.msgpackEncode, fn: () => {
        for (let i = 0; i < kBatch; i++) sink += encoder.encode(ticks[i]).length;
      } },
      { name: kNames.msgpackDecode, fn: () => {
        for (let i = 0; i < kBatch; i++) sink += (decoder.decode(packed[i] as Uint8Array) as Tick).bid;
      } },
      { name: kNames.jsonEncode, fn: () => {
        for (let i = 0; i < kBatch; i++) sink += JSON.stringify(ticks[i]).length;
      } },
      { name: kNames.jsonDecode, fn: () => {
        for (let i = 0; i < kBatch; i++) sink += (JSON.parse(strings[i] as string) as Tick).bid;
      } },
    ], { timeMs: 300, warmupMs: 100 });
    if (!Number.isFinite(sink)) throw new Error('codec bench: sink is not finite');
    checkRoundTrip(view, ticks, decoder, packed);

    const nsPerRecord = (name: string): number => ((timings.get(name)?.mean ?? Number.NaN) * kNsPerMs) / kBatch;
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
