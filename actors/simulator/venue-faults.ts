/**
 * The fault state of one venue, on an injected clock (ms since the epoch):
 * whether it is stalled (and whether silently), whether it refuses new
 * connections and with which HTTP status, and how many burst frames are
 * still owed. Pure state; the endpoint reads it on every pump, upgrade,
 * message and ping.
 */
export interface StallOptions {
  /** Also swallow replies (acks, pongs) and server pings: the venue goes fully silent. */
  readonly silent?: boolean;
}

export class VenueFaults {
  private stalledUntil = 0;
  private stallSilent = false;
  private refuseUntil = 0;
  private refuseStatusLine = '503 Service Unavailable';
  /** Burst frames still to send. */
  pendingBurst = 0;

  constructor(private readonly clock: () => number) {}

  /** Stalls for `ms`, or until `resume()` when omitted. */
  stall(ms: number | undefined, options: StallOptions = {}): void {
    this.stalledUntil = ms === undefined ? Number.POSITIVE_INFINITY : this.clock() + ms;
    this.stallSilent = options.silent ?? false;
  }

  resume(): void {
    this.stalledUntil = 0;
    this.stallSilent = false;
  }

  /** No data frames now. */
  get stalled(): boolean {
    return this.clock() < this.stalledUntil;
  }

  /** No replies or pings now either. */
  get silent(): boolean {
    return this.stallSilent && this.stalled;
  }

  /** Refuses upgrades for `ms` (until `acceptConnections()` when omitted) with 503, or 429 if asked. */
  refuse(ms: number | undefined, status: 429 | 503 = 503): void {
    this.refuseUntil = ms === undefined ? Number.POSITIVE_INFINITY : this.clock() + ms;
    this.refuseStatusLine = status === 429 ? '429 Too Many Requests' : '503 Service Unavailable';
  }

  acceptConnections(): void {
    this.refuseUntil = 0;
  }

  get refusing(): boolean {
    return this.clock() < this.refuseUntil;
  }

  get refuseStatus(): string {
    return this.refuseStatusLine;
  }
}
