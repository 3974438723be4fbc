/** What one venue of the simulator has done since it started (all counts are totals). */
export interface EndpointStats {
  readonly url: string;
  readonly port: number;
  readonly connections: number;
  /** Connection × symbol subscriptions. */
  readonly subscriptions: number;
  readonly rate: number;
  readonly framesSent: number;
  /** Data frames skipped because the connection's buffer was over maxBufferedBytes. */
  readonly framesDropped: number;
  readonly bytesSent: number;
  readonly repliesSent: number;
  readonly malformedSent: number;
  readonly pingsSent: number;
  readonly connectionsAccepted: number;
  readonly connectionsRefused: number;
  readonly disconnectsInjected: number;
  readonly stalled: boolean;
  readonly refusing: boolean;
  readonly pendingBurst: number;
}

/** The endpoint's running counters: plain fields, bumped on the hot path. */
export class EndpointCounters {
  framesSent = 0;
  framesDropped = 0;
  bytesSent = 0;
  repliesSent = 0;
  malformedSent = 0;
  pingsSent = 0;
  accepted = 0;
  refused = 0;
  disconnects = 0;
}
