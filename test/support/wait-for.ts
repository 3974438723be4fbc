/**
 * Waits on a condition, not on time: polls `check` until it returns a truthy
 * value or `timeoutMs` passes (a generous bound that only fails a broken
 * test; it is never the thing being measured).
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000, pollMs = 5): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
