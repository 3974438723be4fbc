import { SeededRandom } from './seeded-random.js';
import type { SymbolSpec } from './symbol-specs.js';

/**
 * Correlated random-walk quotes for several venues (pure: no clock, no I/O).
 *
 * Each symbol has one common mid, a geometric random walk in time with a weak
 * pull back to its initial price (so a long run stays in a sane range). Each
 * venue quotes around that mid plus its own offset, a mean-reverting process
 * of a few bps, with its own half-spread. Venues therefore move together, and
 * the cross-venue spread (buy on A's ask, sell on B's bid) is usually a few
 * bps negative and now and then positive: the quotes cross, as real ones do.
 *
 * Deterministic: the same seed and the same sequence of `next` calls (same
 * venue, symbol and time arguments) produce the same quotes.
 */
export interface PriceModelOptions {
  readonly seed: number;
  readonly venues: number;
  readonly symbols: readonly SymbolSpec[];
  /** Volatility of the common mid, in bps per sqrt(second). Default 2. */
  readonly volatilityBps?: number;
  /** Stationary standard deviation of a venue's offset from the mid, in bps. Default 0.4. */
  readonly offsetBps?: number;
  /** Fraction of a venue's offset that decays per update, in (0, 1]. Default 0.05. */
  readonly offsetReversion?: number;
  /** Typical half-spread of one venue's quote, in bps. Default 0.5. */
  readonly halfSpreadBps?: number;
  /** Probability that an update moves only one side of the book. Default 0.35. */
  readonly oneSidedProbability?: number;
  /** Median notional of a best-level size, in quote currency. Default 20 000. */
  readonly medianNotional?: number;
}

export const kBidChanged = 1;
export const kAskChanged = 2;

/** One venue's best bid/offer for one symbol, in integer ticks and lots (see SymbolSpec). */
export interface Quote {
  readonly bidTicks: number;
  readonly askTicks: number;
  readonly bidLots: number;
  readonly askLots: number;
  /** kBidChanged | kAskChanged: the sides the last update touched. */
  readonly changed: number;
}

interface MutableQuote {
  bidTicks: number;
  askTicks: number;
  bidLots: number;
  askLots: number;
  changed: number;
}

const kSizeFactorCount = 1024;
const kSizeFactorMask = kSizeFactorCount - 1;

/** Half-life of the pull of the mid back to its initial price. */
const kMeanReversionHalfLifeSec = 3600;

export class CorrelatedPriceModel {
  private readonly rng: SeededRandom;
  private readonly symbols: readonly SymbolSpec[];
  private readonly venues: number;
  private readonly sigmaPerSqrtSec: number;
  private readonly kappaPerSec = Math.LN2 / kMeanReversionHalfLifeSec;
  private readonly offsetSd: number;
  private readonly offsetDecay: number;
  private readonly offsetShock: number;
  private readonly halfSpread: number;
  private readonly oneSided: number;
  private readonly medianNotional: number;
  private readonly logMid: Float64Array;
  /** exp(logMid), kept beside it so a quote costs no exp(). */
  private readonly midPrice: Float64Array;
  private readonly logMid0: Float64Array;
  /** 10^priceDecimals and 10^sizeDecimals per symbol. */
  private readonly tickScale: Float64Array;
  private readonly lotScale: Float64Array;
  /** Lognormal size multipliers (median 1, sigma 0.8), drawn once: a size costs a table lookup. */
  private readonly sizeFactors: Float64Array;
  private readonly midTimeMs: Float64Array;
  /** Per venue × symbol, venue-major. */
  private readonly offset: Float64Array;
  private readonly venueSpreadScale: Float64Array;
  private readonly quotes: MutableQuote[];

  constructor(options: PriceModelOptions) {
    const { seed, venues, symbols } = options;
    if (!Number.isInteger(venues) || venues < 1) throw new RangeError(`venues must be a positive integer (got ${venues})`);
    if (symbols.length === 0) throw new RangeError('symbols must not be empty');
    this.rng = new SeededRandom(seed);
    this.symbols = symbols;
    this.venues = venues;
    this.sigmaPerSqrtSec = positive('volatilityBps', options.volatilityBps ?? 2, true) * 1e-4;
    this.offsetSd = positive('offsetBps', options.offsetBps ?? 0.4, true) * 1e-4;
    const reversion = options.offsetReversion ?? 0.05;
    if (!(reversion > 0 && reversion <= 1)) throw new RangeError(`offsetReversion must be in (0, 1] (got ${reversion})`);
    this.offsetDecay = 1 - reversion;
    // Keeps the offset's stationary deviation at offsetSd whatever the decay.
    this.offsetShock = this.offsetSd * Math.sqrt(1 - this.offsetDecay * this.offsetDecay);
    this.halfSpread = positive('halfSpreadBps', options.halfSpreadBps ?? 0.5, false) * 1e-4;
    this.oneSided = options.oneSidedProbability ?? 0.35;
    if (!(this.oneSided >= 0 && this.oneSided <= 1)) throw new RangeError(`oneSidedProbability must be in [0, 1] (got ${this.oneSided})`);
    this.medianNotional = positive('medianNotional', options.medianNotional ?? 20_000, false);

    this.logMid = Float64Array.from(symbols, (s) => Math.log(s.initialPrice));
    this.midPrice = Float64Array.from(symbols, (s) => s.initialPrice);
    this.logMid0 = Float64Array.from(this.logMid);
    this.tickScale = Float64Array.from(symbols, (s) => 10 ** s.priceDecimals);
    this.lotScale = Float64Array.from(symbols, (s) => 10 ** s.sizeDecimals);
    this.sizeFactors = new Float64Array(kSizeFactorCount);
    for (let i = 0; i < kSizeFactorCount; i++) this.sizeFactors[i] = Math.exp(0.8 * this.rng.gaussian());
    this.midTimeMs = new Float64Array(symbols.length).fill(Number.NaN);
    this.offset = new Float64Array(venues * symbols.length);
    for (let i = 0; i < this.offset.length; i++) this.offset[i] = this.offsetSd * this.rng.gaussian();
    this.venueSpreadScale = new Float64Array(venues);
    for (let v = 0; v < venues; v++) this.venueSpreadScale[v] = 0.8 + 0.4 * this.rng.next();
    this.quotes = Array.from({ length: venues * symbols.length }, () => ({ bidTicks: 0, askTicks: 0, bidLots: 0, askLots: 0, changed: 0 }));
  }

  /** The common mid of a symbol, in price units. */
  mid(symbol: number): number {
    return this.midPrice[symbol]!;
  }

  /** The venue's current quote without advancing anything (all zero before its first update). */
  peek(venue: number, symbol: number): Quote {
    return this.quotes[venue * this.symbols.length + symbol]!;
  }

  /**
   * Advances the symbol's mid to `timeMs` and produces the venue's next quote.
   * The returned object belongs to the model and is overwritten by the next
   * update of the same venue and symbol; copy what you keep.
   */
  next(venue: number, symbol: number, timeMs: number): Quote {
    this.advanceMid(symbol, timeMs);
    const k = venue * this.symbols.length + symbol;
    const rng = this.rng;
    const off = this.offset[k]! * this.offsetDecay + this.offsetShock * rng.gaussian();
    this.offset[k] = off;

    const scale = this.tickScale[symbol]!;
    const center = this.midPrice[symbol]! * (1 + off) * scale;
    const half = Math.max(0.5, center * this.halfSpread * this.venueSpreadScale[venue]! * (0.5 + rng.next()));
    const bid = Math.max(1, Math.floor(center - half));
    let ask = Math.ceil(center + half);
    if (ask <= bid) ask = bid + 1;

    const q = this.quotes[k]!;
    let changed = kBidChanged | kAskChanged;
    if (q.bidTicks > 0 && rng.next() < this.oneSided) {
      // Move one side only, as long as the book stays uncrossed.
      if (rng.next() < 0.5) changed = bid < q.askTicks ? kBidChanged : changed;
      else changed = ask > q.bidTicks ? kAskChanged : changed;
    }
    const medianLots = ((this.medianNotional * scale) / center) * this.lotScale[symbol]!;
    const factors = this.sizeFactors;
    if (changed & kBidChanged) {
      q.bidTicks = bid;
      q.bidLots = Math.max(1, Math.round(medianLots * factors[rng.nextUint32() & kSizeFactorMask]!));
    }
    if (changed & kAskChanged) {
      q.askTicks = ask;
      q.askLots = Math.max(1, Math.round(medianLots * factors[rng.nextUint32() & kSizeFactorMask]!));
    }
    q.changed = changed;
    return q;
  }

  private advanceMid(symbol: number, timeMs: number): void {
    const last = this.midTimeMs[symbol]!;
    this.midTimeMs[symbol] = Number.isNaN(last) ? timeMs : Math.max(last, timeMs);
    if (!(timeMs > last)) return; // first call, or no time has passed
    const dtSec = (timeMs - last) / 1000;
    const x = this.logMid[symbol]!;
    const pull = -this.kappaPerSec * (x - this.logMid0[symbol]!) * dtSec;
    const y = x + pull + this.sigmaPerSqrtSec * Math.sqrt(dtSec) * this.rng.gaussian();
    this.logMid[symbol] = y;
    this.midPrice[symbol] = Math.exp(y);
  }
}

function positive(name: string, value: number, allowZero: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`${name} must be a finite number ${allowZero ? '>= 0' : '> 0'} (got ${value})`);
  }
  return value;
}
