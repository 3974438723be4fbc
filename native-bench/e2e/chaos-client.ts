import type { ChaosFault } from './chaos-plan.js';

/**
 * The ops drill as an operator runs it: `POST /admin/chaos/NAME/FAULT` with
 * the admin token (docs/operations.md). Resolves with the HTTP status: 202
 * accepted, 409 the actor is not running (in backoff: try later); anything
 * else is a refusal the caller should report.
 */
export async function postChaos(opsPort: number, token: string, actor: string, fault: ChaosFault, host = '127.0.0.1'): Promise<number> {
  const res = await fetch(`http://${host}:${opsPort}/admin/chaos/${encodeURIComponent(actor)}/${fault}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer(); // drain the body so the connection is reusable
  return res.status;
}
