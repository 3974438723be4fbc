import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonScanner } from '../../../src/market/exchanges/base/json-scanner.js';
import { SymbolMap } from '../../../src/market/exchanges/base/symbol-map.js';
import { BboEntries } from '../../../src/market/exchanges/okx/bbo-entries.js';
import { OkxBboTbtCompactScanner } from '../../../src/market/exchanges/okx/okx-bbo-tbt-compact-scanner.js';
import { OkxBboTbtScanner } from '../../../src/market/exchanges/okx/okx-bbo-tbt-scanner.js';
import { OkxPublicFeed } from '../../../src/market/exchanges/okx/okx-public-feed.js';
import { okxSpelling } from '../../../src/market/exchanges/okx/okx-symbols.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { snapshotOf } from './result-snapshot.js';

// The compact scanner must accept a subset of what the token walk
// (OkxBboTbtScanner) accepts, with the same symbol and entries: the parser
// relies on it to try the compact layout first without changing any result.

const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);
const kCapacity = 2;
const kDocumented = '{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["36232.2","1.8826134","0","17"]],"bids":[["36232.1","0.00572212","0","2"]],"ts":"1651826598363","seqId":363996337}]}';

afterEach(() => {
  vi.restoreAllMocks();
});

function rig() {
  const sc = new JsonScanner(4096);
  const symbols = new SymbolMap(table, okxSpelling, 'okx');
  const compactEntries = new BboEntries(kCapacity);
  const walkEntries = new BboEntries(kCapacity);
  return {
    sc,
    compactEntries,
    walkEntries,
    compact: new OkxBboTbtCompactScanner(sc, symbols, compactEntries),
    walk: new OkxBboTbtScanner(sc, symbols, walkEntries),
  };
}

const entriesOf = (e: BboEntries) => Array.from({ length: e.count }, (_, i) => [e.ask[i], e.askSize[i], e.bid[i], e.bidSize[i], e.tsMs[i], e.seqId[i]]);

const decimal = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 2_000_000_000 }).map((n) => (n / 1e4).toFixed(4)) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 99_999_999 }).map((n) => (n / 1e8).toFixed(8)) },
  // Edges: zero, leading and trailing dots, 15 and 16 digits, exponents, signs, empty.
  { weight: 1, arbitrary: fc.constantFrom('0', '0.0', '.5', '5.', '123456789012345', '1234567890123456', '0.000000000000001', '1e5', '-1', '', '1.2.3', '007.50') },
);
const level = fc.tuple(decimal, decimal, fc.array(fc.constantFrom('0', '17', 'x', ''), { maxLength: 3 }));
const entry = fc.record({
  ask: level,
  bid: level,
  ts: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '1234567890123456', '12a') },
  ),
  seqId: fc.option(fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', '01', '1.5', '1e3', '1234567890123456', '-3') },
  ), { freq: 5 }),
});
const frame = fc.record({
  instId: fc.constantFrom('BTC-USDT', 'BTC-USDT', 'BTC-USDT', 'ETH-USDT', 'BTC-USDT-SWAP', 'BTC\\u002dUSDT'),
  // Three entries overflow kCapacity.
  entries: fc.oneof({ weight: 9, arbitrary: fc.array(entry, { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.array(entry, { minLength: 3, maxLength: 3 }) }),
});
/** A byte-level change: none (half the frames), or one inserted, deleted or replaced character. */
const edit = fc.oneof(
  fc.constant(null),
  fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), char: fc.constantFrom(' ', ' ', '\n', '\t', '"', ',', '}', ']', '0', '.', '\u0000', 'a', '\u00e9') }),
);

function layout(f: { instId: string; entries: Array<{ ask: [string, string, string[]]; bid: [string, string, string[]]; ts: string; seqId: string | null }> }): string {
  const lvl = ([px, sz, rest]: [string, string, string[]]) => `[["${px}","${sz}"${rest.map((r) => `,"${r}"`).join('')}]]`;
  const data = f.entries.map((e) => `{"asks":${lvl(e.ask)},"bids":${lvl(e.bid)},"ts":"${e.ts}"${e.seqId === null ? '' : `,"seqId":${e.seqId}`}}`);
  return `{"arg":{"channel":"bbo-tbt","instId":"${f.instId}"},"data":[${data.join(',')}]}`;
}

function applyEdit(text: string, e: { at: number; kind: string; char: string } | null): string {
  if (e === null) return text;
  const at = e.at % (text.length + 1);
  if (e.kind === 'insert') return text.slice(0, at) + e.char + text.slice(at);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + e.char + text.slice(at + 1);
}

describe('OkxBboTbtCompactScanner', () => {
  it('takes only frames the token walk takes, with the same symbol and entries', () => {
    const r = rig();
    const tally = { compact: 0, walkOnly: 0, neither: 0 };
    fc.assert(
      fc.property(frame, edit, (f, e) => {
        const text = applyEdit(layout(f), e);
        if (!r.sc.loadText(text)) return; // non-ASCII that does not fit: never scanned
        const id = r.compact.scan();
        const walked = r.walk.scan();
        if (id >= 0) {
          tally.compact++;
          expect(walked, text).toBe(true);
          expect(id, text).toBe(r.walk.symbolId);
          expect(entriesOf(r.compactEntries), text).toEqual(entriesOf(r.walkEntries));
        } else if (walked) {
          tally.walkOnly++;
        } else {
          tally.neither++;
        }
      }),
      { numRuns: 30_000, seed: 0x0c0de },
    );
    console.info(`okx compact scanner: ${JSON.stringify(tally)}`);
    // Each branch is exercised: otherwise the property proves little.
    expect(tally.compact).toBeGreaterThan(3_000);
    expect(tally.walkOnly).toBeGreaterThan(500);
    expect(tally.neither).toBeGreaterThan(3_000);
  });

  it('reads the documented push, and leaves other layouts to the token walk', () => {
    const r = rig();
    r.sc.loadText(kDocumented);
    expect(r.compact.scan()).toBe(0);
    expect(entriesOf(r.compactEntries)).toEqual([[36232.2, 1.8826134, 36232.1, 0.00572212, 1651826598363, 363996337]]);
    for (const other of [
      kDocumented.replace('{"channel":"bbo-tbt","instId":"BTC-USDT"}', '{"instId":"BTC-USDT","channel":"bbo-tbt"}'),
      kDocumented.replace('"data":[', '"data": ['),
      `${kDocumented}\n`,
      kDocumented.replace('"ts":"1651826598363","seqId":363996337', '"seqId":363996337,"ts":"1651826598363"'),
    ]) {
      r.sc.loadText(other);
      expect(r.compact.scan(), other).toBe(-1);
      expect(r.walk.scan(), other).toBe(true);
    }
    // The frame's end is its length, not the first 0 byte.
    r.sc.loadText(`${kDocumented}\u0000`);
    expect(r.compact.scan()).toBe(-1);
    // More entries than fit: given up, for the JSON.parse path to reject.
    const three = kDocumented.replace(/\[(\{.*\})\]/, '[$1,$1,$1]');
    r.sc.loadText(three);
    expect(r.compact.scan()).toBe(-1);
    r.sc.loadText(three.replace(/,\{"asks".*\}\]\}$/, ']}'));
    expect(r.compact.scan()).toBe(0);
    expect(r.compactEntries.count).toBe(1);
  });

  it('is the path the parser takes for OKX\'s layout, with the token walk\'s result', () => {
    const feed = new OkxPublicFeed(table);
    const walk = vi.spyOn(OkxBboTbtScanner.prototype, 'scan');
    const parsed = snapshotOf(feed.createParser().parse(Buffer.from(kDocumented), 7));
    expect(walk).not.toHaveBeenCalled();
    const reordered = kDocumented.replace('"asks":[["36232.2","1.8826134","0","17"]],', '').replace('"ts"', '"asks":[["36232.2","1.8826134","0","17"]],"ts"');
    const viaWalk = snapshotOf(feed.createParser().parse(reordered, 7));
    expect(walk).toHaveBeenCalledTimes(1);
    expect(parsed).toEqual(viaWalk);
    expect(parsed).toEqual(snapshotOf(feed.createParser({ fastPath: false }).parse(kDocumented, 7)));
  });
});
