import { healthReport } from '../health/health-report.js';
import { assessReadiness } from '../health/assess-readiness.js';
import { kDashboardHtml } from '../dashboard/dashboard-page.js';
import { readStatus } from '../status/status-snapshot.js';
import type { OpsDeps } from './ops-deps.js';
import type { RouteTable } from './route-table.js';

/** GET /ping, /health, /ready, /metrics and the dashboard page (DESIGN.md §6). */
export function addStatusRoutes(table: RouteTable, deps: OpsDeps): void {
  table
    .add('get', '/ping', ({ reply }) => reply.json(200, { status: 'alive', uptimeMs: deps.source.uptimeMs() }))
    .add('get', '/health', ({ reply }) => {
      const snapshot = readStatus(deps.source, deps.now);
      const assessment = deps.health.assess(snapshot);
      // degraded still serves (200): a load balancer should keep it; unhealthy needs an operator (503).
      reply.json(assessment.status === 'unhealthy' ? 503 : 200, healthReport(snapshot, assessment, deps.source.bounds(), process.memoryUsage()));
    })
    .add('get', '/ready', ({ reply }) => {
      const readiness = assessReadiness(deps.source.actors());
      reply.json(readiness.ready ? 200 : 503, readiness);
    })
    .add('get', '/metrics', async ({ reply }) => {
      const text = await deps.metrics.render();
      reply.send(200, deps.metrics.contentType, text);
    })
    .add('get', '/', ({ reply }) => reply.send(200, 'text/html; charset=utf-8', kDashboardHtml));
}
