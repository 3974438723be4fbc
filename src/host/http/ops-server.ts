import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import uWS from 'uWebSockets.js';
import { DashboardFeed, kDashboardTopic } from '../dashboard/dashboard-feed.js';
import type { HealthStatus } from '../health/assess-health.js';
import { HealthMonitor } from '../health/health-monitor.js';
import { readStatus } from '../status/status-snapshot.js';
import type { HealthThresholds } from '../health/health-thresholds.js';
import { OpsMetrics } from '../metrics/ops-metrics.js';
import type { AdminActions, StatusSource } from '../status/status-source.js';
import { addAdminRoutes } from './admin-routes.js';
import { refuse, type OpsDeps } from './ops-deps.js';
import { Reply } from './reply.js';
import { RouteTable, type RequestContext } from './route-table.js';
import { addStatusRoutes } from './status-routes.js';

export interface OpsServerOptions {
  /** Default 127.0.0.1: anything else exposes /health and /metrics to the network. */
  readonly host?: string;
  /** 0 picks a free port (see OpsServer.port). */
  readonly port: number;
  /** null: admin endpoints answer 403 and say how to enable them. */
  readonly adminToken: string | null;
  /** POST /admin/chaos/... (needs adminToken too). Default false. */
  readonly chaosEnabled?: boolean;
  /** Largest request body accepted (413 past it). Default 65536. */
  readonly maxBodyBytes?: number;
  readonly source: StatusSource;
  readonly admin?: AdminActions;
  readonly log: Logger;
  readonly health?: Partial<HealthThresholds>;
  /** Dashboard push period. Default 500. */
  readonly dashboardIntervalMs?: number;
  readonly now?: () => number;
  /** Node process metrics on /metrics. Default true. */
  readonly processMetrics?: boolean;
}

export interface OpsServer {
  readonly host: string;
  readonly port: number;
  readonly metrics: OpsMetrics;
  /** The health verdict /health would give now (same monitor, same rules). */
  assess(): { readonly status: HealthStatus; readonly reasons: readonly string[] };
  /** Stops listening and closes every connection (dashboards included). Idempotent. */
  close(): Promise<void>;
}

/** Dashboard sockets send nothing but pings; anything bigger than this closes them. */
const kMaxWsMessageBytes = 1024;
/** A viewer that cannot keep up skips frames (publish drops past this), it never grows the heap. */
const kMaxWsBackpressureBytes = 1 << 20;

/**
 * The ops HTTP server (DESIGN.md §6, §8; docs/operations.md), uWebSockets.js
 * in the host's main thread. It must stay out of worker threads: a uWS app
 * alive in a worker aborts the whole process when the worker is terminated,
 * and close() must always run on shutdown for the same reason.
 *
 * Every route reads the StatusSource at request time; nothing here runs per
 * tick. Refusals are JSON with a message and are counted
 * (ringmaster_http_bad_requests_total); an internal error is logged with its
 * stack under a reference id and the client gets only the id.
 */
export function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  validate(options, maxBodyBytes);
  const now = options.now ?? Date.now;
  const health = new HealthMonitor(options.health);
  const metrics = new OpsMetrics({ source: options.source, health, now, processMetrics: options.processMetrics ?? true });
  const deps: OpsDeps = {
    source: options.source,
    metrics,
    health,
    admin: options.admin,
    adminToken: options.adminToken,
    chaosEnabled: options.chaosEnabled ?? false,
    maxBodyBytes,
    log: options.log,
    now,
  };
  const routes = new RouteTable();
  addStatusRoutes(routes, deps);
  addAdminRoutes(routes, deps);

  const app = uWS.App();
  const feed = new DashboardFeed({ app, source: options.source, health, log: options.log, now, ...(options.dashboardIntervalMs === undefined ? {} : { intervalMs: options.dashboardIntervalMs }) });
  const sockets = new Set<uWS.WebSocket<unknown>>();

  app.ws('/ws', {
    compression: uWS.DISABLED,
    maxPayloadLength: kMaxWsMessageBytes,
    maxBackpressure: kMaxWsBackpressureBytes,
    idleTimeout: 60,
    sendPingsAutomatically: true,
    open: (ws) => {
      sockets.add(ws);
      ws.subscribe(kDashboardTopic);
      try {
        ws.send(feed.frameText());
      } catch (err) {
        options.log.error({ category: 'ops', err }, 'dashboard frame failed');
      }
    },
    close: (ws) => {
      sockets.delete(ws);
    },
  });
  app.any('/*', (res, req) => dispatch(res, req, routes, deps));

  return new Promise((resolve, reject) => {
    app.listen(host, options.port, (listenSocket) => {
      if (listenSocket === false) {
        reject(new Error(`http: cannot listen on ${host}:${options.port} (in use, or not an address of this host)`));
        return;
      }
      const port = uWS.us_socket_local_port(listenSocket as unknown as uWS.us_socket);
      feed.start();
      options.log.info({ category: 'ops', host, port, admin: options.adminToken !== null, chaos: deps.chaosEnabled }, `ops server on http://${host}:${port}/`);
      let closed = false;
      resolve({
        host,
        port,
        metrics,
        assess: () => health.assess(readStatus(options.source, now)),
        close: async () => {
          if (closed) return;
          closed = true;
          feed.stop();
          uWS.us_listen_socket_close(listenSocket);
          for (const ws of [...sockets]) ws.end(1001, 'ops server closing');
          // Keep-alive HTTP connections would otherwise hold the loop open.
          (app as { close?: () => void }).close?.();
          options.log.info({ category: 'ops', host, port }, 'ops server closed');
        },
      });
    });
  });
}

function dispatch(res: uWS.HttpResponse, req: uWS.HttpRequest, routes: RouteTable, deps: OpsDeps): void {
  // uWS lends `req` only until this function returns: read all of it now.
  const method = req.getMethod().toLowerCase();
  const path = req.getUrl();
  const authorization = req.getHeader('authorization');
  const lengthHeader = req.getHeader('content-length');
  let route = 'unmatched';
  const reply = new Reply(res, (status) => deps.metrics.httpRequests.inc({ route, code: String(status) }));
  const match = routes.match(path);
  if (match === null) {
    refuse(deps, reply, 404, 'not_found', `no such path: ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`);
    return;
  }
  route = match.pattern;
  const handler = match.handlers.get(method);
  if (handler === undefined) {
    const allow = [...match.handlers.keys()].map((m) => m.toUpperCase()).join(', ');
    refuse(deps, reply, 405, 'method_not_allowed', `${method.toUpperCase()} is not allowed on ${match.pattern}: use ${allow}`, { allow });
    return;
  }
  const contentLength = lengthHeader === '' ? null : Number(lengthHeader);
  const ctx: RequestContext = {
    method,
    path,
    pattern: match.pattern,
    params: match.params,
    authorization,
    contentLength: contentLength !== null && Number.isFinite(contentLength) ? contentLength : null,
    reply,
  };
  const fail = (err: unknown): void => {
    const ref = randomUUID();
    deps.log.error({ category: 'ops', err, ref, method, path }, 'ops request failed');
    reply.json(500, { error: 'internal error', ref });
  };
  try {
    const pending = handler(ctx);
    if (pending instanceof Promise) pending.catch(fail);
  } catch (err) {
    fail(err);
  }
}

function validate(options: OpsServerOptions, maxBodyBytes: number): void {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new RangeError(`http.port: must be an integer in 0..65535, got ${String(options.port)}`);
  }
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`http.maxBodyBytes: must be a positive integer, got ${String(maxBodyBytes)}`);
  }
  if (options.adminToken !== null && (typeof options.adminToken !== 'string' || !/^\S{16,}$/.test(options.adminToken))) {
    throw new RangeError('http.adminToken: must be null or at least 16 characters without spaces');
  }
}
