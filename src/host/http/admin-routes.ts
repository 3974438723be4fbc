import { isChaosFault, kChaosFaults, type AdminActions } from '../status/status-source.js';
import { bearerTokenMatches } from './bearer-token.js';
import { refuse, type OpsDeps } from './ops-deps.js';
import type { RequestContext, RouteTable } from './route-table.js';

/**
 * Admin endpoints (DESIGN.md §8), all POST, all behind `Authorization:
 * Bearer <http.adminToken>`:
 *   /admin/actors/NAME/restart        terminate the actor; its supervisor restarts it
 *   /admin/chaos/NAME/kill|crash|hang only with chaos.enabled: the supervision drill
 *   /admin/dlq/replay                 when the host offers dead-letter replay
 * Each answers 202 once the action is under way; the supervisor does the rest.
 */
export function addAdminRoutes(table: RouteTable, deps: OpsDeps): void {
  table
    .add('post', '/admin/actors/:name/restart', (ctx) =>
      guarded(ctx, deps, false, async (admin) => {
        const name = ctx.params['name']!;
        if (!actorIsRunning(ctx, deps, name)) return;
        await admin.restartActor(name);
        ctx.reply.json(202, { accepted: true, action: 'restart', actor: name });
      }),
    )
    .add('post', '/admin/chaos/:name/:fault', (ctx) =>
      guarded(ctx, deps, true, async (admin) => {
        const name = ctx.params['name']!;
        const fault = ctx.params['fault']!;
        if (!isChaosFault(fault)) {
          return refuse(deps, ctx.reply, 404, 'not_found', `unknown fault "${fault}": one of ${kChaosFaults.join(', ')}`);
        }
        if (!actorIsRunning(ctx, deps, name)) return;
        deps.log.warn({ category: 'ops', action: 'chaos', actor: name, fault }, `chaos: ${fault} ${name} (admin request)`);
        await admin.chaos(name, fault);
        ctx.reply.json(202, { accepted: true, action: 'chaos', fault, actor: name });
      }),
    )
    .add('post', '/admin/dlq/replay', (ctx) =>
      guarded(ctx, deps, false, async (admin) => {
        if (admin.replayDeadLetters === undefined) {
          return refuse(deps, ctx.reply, 404, 'not_found', 'dead-letter replay is not available in this host');
        }
        const result = await admin.replayDeadLetters();
        ctx.reply.json(200, { action: 'dlq_replay', ...result });
      }),
    );
}

/**
 * The checks every admin request passes, cheapest first: admin enabled, the
 * declared body size, the token, chaos enabled (chaos routes), then the
 * body itself read within the bound (none is needed; one is tolerated).
 */
async function guarded(ctx: RequestContext, deps: OpsDeps, chaos: boolean, action: (admin: AdminActions) => Promise<void>): Promise<void> {
  const { reply } = ctx;
  if (deps.adminToken === null || deps.admin === undefined) {
    return refuse(deps, reply, 403, 'admin_disabled', 'admin endpoints are disabled: set http.adminToken (or RINGMASTER_ADMIN_TOKEN) to enable them');
  }
  if (ctx.contentLength !== null && ctx.contentLength > deps.maxBodyBytes) {
    return refuse(deps, reply, 413, 'body_too_large', `request body over ${deps.maxBodyBytes} bytes`, {}, true);
  }
  if (!bearerTokenMatches(ctx.authorization, deps.adminToken)) {
    return refuse(deps, reply, 401, 'unauthorized', 'missing or wrong bearer token', { 'www-authenticate': 'Bearer realm="ringmaster admin"' });
  }
  if (chaos && !deps.chaosEnabled) {
    return refuse(deps, reply, 403, 'chaos_disabled', 'chaos endpoints are disabled: set chaos.enabled: true to run drills');
  }
  const body = await reply.readBody(deps.maxBodyBytes);
  if (!body.ok) {
    if (body.why === 'too_large') refuse(deps, reply, 413, 'body_too_large', `request body over ${deps.maxBodyBytes} bytes`, {}, true);
    return;
  }
  await action(deps.admin);
}

function actorIsRunning(ctx: RequestContext, deps: OpsDeps, name: string): boolean {
  const actor = deps.source.actors().find((a) => a.name === name);
  if (actor === undefined) {
    refuse(deps, ctx.reply, 404, 'not_found', `unknown actor "${name}"`);
    return false;
  }
  if (actor.state !== 'running') {
    refuse(deps, ctx.reply, 409, 'conflict', `actor "${name}" is ${actor.state}, not running: try again once it runs`);
    return false;
  }
  return true;
}
