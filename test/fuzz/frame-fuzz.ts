import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { ExchangeParser } from '../../src/market/exchanges/base/exchange-parser.js';
import { type ParseResult, SeqCheck } from '../../src/market/exchanges/base/parse-result.js';
import { kRejectReasonCount, kRejectReasonNames, RejectReason } from '../../src/market/exchanges/base/reject-reason.js';
import { kFlagCrossed, kFlagNoExchangeTs, kFlagReset, RecordKind } from '../../src/market/tick-layout.js';
import { snapshotOf } from '../unit/exchanges/result-snapshot.js';

/**
 * Shared machinery of the parser fuzz tests: mutations of valid frames (at
 * the JSON level and the byte level) and a checker of everything a parse
 * result must satisfy whatever the input.
 */

/** A frame before mutation: a JSON value to serialise, or raw text (e.g. `pong`). */
export type FrameValue = { readonly json: unknown } | { readonly text: string };

export type Mutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'swapType'; readonly pick: number }
  | { readonly kind: 'proto'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'nest'; readonly depth: number; readonly array: boolean }
  | { readonly kind: 'reorder'; readonly pick: number; readonly rotate: number }
  | { readonly kind: 'pretty'; readonly indent: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'flipBytes'; readonly at: readonly number[]; readonly bytes: readonly number[] }
  | { readonly kind: 'binaryFlag' }
  | { readonly kind: 'asBytes' }
  | { readonly kind: 'oversize' };

function deep(depth: number, array: boolean): unknown {
  let v: unknown = array ? [] : {};
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

function withProto(value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = { x: 1 };
  Object.defineProperty(o, '__proto__', { value, enumerable: true, configurable: true, writable: true });
  return o;
}

/** Values that break parsers: wrong types, numbers that are not numbers, nesting, `__proto__`. */
export const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('NaN', '-1', '0', '-0', '0.0', '1e400', '-1e400', 'Infinity', '', ' ', '0x1F', '1,5', '1.2.3', '١٢٣', '\u0000', '__proto__', 'constructor', '9'.repeat(400)),
  fc.constantFrom(0, -1, -0.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 0.1, 1.5),
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.constantFrom(null, true, false),
  fc.string({ maxLength: 12 }),
  fc.constantFrom([], {}, [[]], ['1'], ['1', '2', '3', '4', '5']),
  // Kept shallow enough for JSON.stringify's recursion; the `nest` mutation goes far deeper as text.
  fc.record({ depth: fc.integer({ min: 1, max: 1000 }), array: fc.boolean() }).map(({ depth, array }) => deep(depth, array)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(withProto({ polluted: 1 })),
  fc.constant('x'.repeat(5000)),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' } as const) },
  // Unchanged, but as the Buffer the ws library hands over.
  { weight: 3, arbitrary: fc.constant({ kind: 'asBytes' } as const) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: evilValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swapType' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('proto' as const), pick: fc.nat(), value: evilValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 2500 }), array: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('"', '{', ']', ',', '\\', '\u00ff', '\ud800')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flipBytes' as const), at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reorder' as const), pick: fc.nat(), rotate: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pretty' as const), indent: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'binaryFlag' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'oversize' } as const) },
);

type Slot = readonly [container: Record<string, unknown> | unknown[], key: string | number];

function slotsOf(v: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) {
    v.forEach((child, i) => {
      out.push([v, i]);
      slotsOf(child, out);
    });
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      out.push([o, k]);
      slotsOf(o[k], out);
    }
  }
  return out;
}

function objectsOf(v: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (typeof x === 'object' && x !== null) {
      found.push(x as Record<string, unknown>);
      Object.values(x).forEach(visit);
    }
  };
  visit(v);
  return found;
}

function swapType(v: unknown): unknown {
  if (typeof v === 'string') return Number(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (typeof v === 'object' && v !== null) return Object.values(v);
  return v === null ? 'null' : [v];
}

export interface MutatedFrame {
  readonly frame: string | Uint8Array;
  readonly isBinary: boolean;
}

/** Applies a mutation to a freshly built frame value (which it may modify). */
export function applyMutation(value: FrameValue, m: Mutation, maxFrameBytes: number): MutatedFrame {
  let json: unknown = 'json' in value ? value.json : undefined;
  if (json !== undefined) {
    const slots = slotsOf(json);
    const slot = slots.length > 0 && 'pick' in m ? slots[m.pick % slots.length]! : undefined;
    switch (m.kind) {
      case 'drop':
        if (slot !== undefined) {
          const [c, k] = slot;
          if (Array.isArray(c)) c.splice(k as number, 1);
          else delete c[k as string];
        }
        break;
      case 'replace':
        if (slot !== undefined) (slot[0] as Record<string | number, unknown>)[slot[1]] = m.value;
        break;
      case 'swapType':
        if (slot !== undefined) {
          const c = slot[0] as Record<string | number, unknown>;
          c[slot[1]] = swapType(c[slot[1]]);
        }
        break;
      case 'proto': {
        const objects = objectsOf(json);
        const target = objects[m.pick % Math.max(1, objects.length)];
        if (target !== undefined) {
          Object.defineProperty(target, '__proto__', { value: m.value, enumerable: true, configurable: true, writable: true });
        }
        break;
      }
      case 'reorder': {
        // Same members, another order: JSON.parse does not care, a scanner must not either.
        const objects = objectsOf(json);
        const target = objects[m.pick % Math.max(1, objects.length)];
        if (target !== undefined) {
          const entries = Object.entries(target);
          for (const [k] of entries) delete target[k];
          entries.forEach((_, i) => {
            const [k, v] = entries[(i + m.rotate) % entries.length]!;
            target[k] = v;
          });
        }
        break;
      }
      default:
        break;
    }
  }
  let text = json !== undefined ? JSON.stringify(json, null, m.kind === 'pretty' ? m.indent : undefined) : (value as { text: string }).text;
  switch (m.kind) {
    case 'truncate':
      text = text.slice(0, Math.floor(m.at * text.length));
      break;
    case 'insert': {
      const at = Math.floor(m.at * text.length);
      text = text.slice(0, at) + m.text + text.slice(at);
      break;
    }
    case 'nest':
      // Built as text: far deeper than any recursive serialiser could go.
      text = m.array
        ? `{"data":${'['.repeat(m.depth)}${']'.repeat(m.depth)},"wrapped":${text}}`
        : `${'{"a":'.repeat(m.depth)}${text}${'}'.repeat(m.depth)}`;
      break;
    case 'oversize':
      text = text + ' '.repeat(maxFrameBytes + 1 - Math.min(text.length, maxFrameBytes));
      break;
    case 'flipBytes': {
      const bytes = Buffer.from(text, 'utf8');
      m.at.forEach((f, i) => {
        if (bytes.length > 0) bytes[Math.floor(f * (bytes.length - 1))] = m.bytes[i]!;
      });
      return { frame: bytes, isBinary: false };
    }
    case 'binaryFlag':
      return { frame: Buffer.from(text, 'utf8'), isBinary: true };
    case 'asBytes':
      return { frame: Buffer.from(text, 'utf8'), isBinary: false };
    default:
      break;
  }
  return { frame: text, isBinary: false };
}

const kMaxDetailChars = 400;

/**
 * Checks every parse result against the parser contract and tallies the
 * outcomes. Throws (failing the property) on the first violation.
 */
export class ResultChecker {
  readonly tally = { ticks: 0, control: 0, rejected: 0, framesWithTicks: 0, crossed: 0, resets: 0 };
  readonly byReason = new Array<number>(kRejectReasonCount).fill(0);
  private expectedSeq = 0;

  /**
   * @param reference the same parser built with `fastPath: false`, fed the
   *   same frames in lockstep: every result must be identical, so the fast
   *   path can never change what a frame means.
   */
  constructor(
    private readonly parser: ExchangeParser,
    private readonly symbolCount: number,
    private readonly reference?: ExchangeParser,
  ) {}

  /** Resets the parser(s) and the expected seq. */
  reset(): void {
    this.parser.reset();
    this.reference?.reset();
    this.expectedSeq = 0;
  }

  parse(input: MutatedFrame, recvTs: number): ParseResult {
    let r: ParseResult;
    let ref: ParseResult | undefined;
    try {
      r = this.parser.parse(input.frame, recvTs, input.isBinary);
      ref = this.reference?.parse(input.frame, recvTs, input.isBinary);
    } catch (err) {
      throw new Error(`parse threw: ${String(err)}`);
    }
    this.check(r, recvTs);
    if (ref !== undefined) {
      const a = snapshotOf(r);
      const b = snapshotOf(ref);
      if (!isDeepStrictEqual(a, b)) {
        const frame = typeof input.frame === 'string' ? input.frame : Buffer.from(input.frame).toString('latin1');
        fail(`fast path and JSON path differ on ${JSON.stringify(frame.slice(0, 300))}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    return r;
  }

  get total(): number {
    return this.tally.framesWithTicks + this.tally.control + this.tally.rejected;
  }

  /** Reasons seen at least once, by name. */
  reasonsSeen(): string[] {
    return kRejectReasonNames.filter((_, i) => this.byReason[i]! > 0);
  }

  private check(r: ParseResult, recvTs: number): void {
    switch (r.kind) {
      case 'rejected':
        if (!Number.isInteger(r.reason) || r.reason < 0 || r.reason >= kRejectReasonCount) fail(`reason ${r.reason} outside the enum`);
        if (r.reason === RejectReason.ParserFault) fail(`parser fault: ${r.detail}`);
        if (typeof r.detail !== 'string' || r.detail.length === 0 || r.detail.length > kMaxDetailChars) fail(`bad detail ${r.detail}`);
        if (typeof r.dataFrame !== 'boolean') fail('dataFrame not boolean');
        this.byReason[r.reason]!++;
        this.tally.rejected++;
        return;
      case 'control':
        if (typeof r.detail !== 'string' || r.detail.length > kMaxDetailChars) fail(`bad control detail ${r.detail}`);
        this.tally.control++;
        return;
      case 'ticks':
        this.checkTicks(r, recvTs);
        return;
      default:
        fail(`unknown result kind ${(r as { kind: string }).kind}`);
    }
  }

  private checkTicks(r: Extract<ParseResult, { kind: 'ticks' }>, recvTs: number): void {
    const n = r.ticks.length;
    if (n < 1 || n > r.ticks.capacity) fail(`tick count ${n}`);
    if (r.seqCheck < SeqCheck.None || r.seqCheck > SeqCheck.Reset) fail(`seqCheck ${r.seqCheck}`);
    for (let i = 0; i < n; i++) {
      const t = r.ticks.at(i);
      const positive = (x: number) => Number.isFinite(x) && x > 0;
      if (!positive(t.bid) || !positive(t.ask) || !positive(t.bidSize) || !positive(t.askSize)) fail(`non-positive or non-finite tick ${JSON.stringify(t)}`);
      if (t.kind !== RecordKind.Tick || t.exchangeId !== this.parser.exchangeId) fail('kind/exchange');
      if (!Number.isInteger(t.symbolId) || t.symbolId < 0 || t.symbolId >= this.symbolCount) fail(`symbolId ${t.symbolId}`);
      if (t.recvTs !== recvTs) fail('recvTs');
      if (!Number.isFinite(t.exchangeTs) || t.exchangeTs < 0) fail(`exchangeTs ${t.exchangeTs}`);
      if ((t.exchangeTs === 0) !== ((t.flags & kFlagNoExchangeTs) !== 0)) fail('no-exchange-ts flag');
      if ((t.bid >= t.ask) !== ((t.flags & kFlagCrossed) !== 0)) fail('crossed flag');
      if ((t.flags & kFlagReset) !== 0 && r.seqCheck !== SeqCheck.Reset) fail('reset flag without a reset');
      if (t.seq !== this.expectedSeq) fail(`seq ${t.seq}, expected ${this.expectedSeq}`);
      this.expectedSeq = (this.expectedSeq + 1) >>> 0;
      if ((t.flags & kFlagCrossed) !== 0) this.tally.crossed++;
      if ((t.flags & kFlagReset) !== 0) this.tally.resets++;
      this.tally.ticks++;
    }
    this.tally.framesWithTicks++;
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/** Nothing reached Object.prototype (a `__proto__` key on the wire must stay data). */
export function prototypeIsClean(): boolean {
  return !('polluted' in Object.prototype) && ({} as Record<string, unknown>).polluted === undefined;
}

/** Decimal strings as exchanges print them, with the odd zero and huge value among them. */
export const decimalString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 2_000_000_000 }).map((n) => (n / 1e4).toFixed(4)) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 99_999_999 }).map((n) => (n / 1e8).toFixed(8)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000 }).map(String) },
);
