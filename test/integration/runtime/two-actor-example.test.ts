import { describe, expect, it } from 'vitest';
import { runTwoActors } from '../../../docs/examples/two-actors/main.js';
import { captureLog } from '../../support/log-capture.js';

// docs/runtime.md shows this example; the test runs it exactly as written.
describe('docs two-actor example', () => {
  it('moves every record from ticker to summer and stops clean', async () => {
    const { log } = captureLog();
    const result = await runTwoActors({ records: 20_000, log });
    expect(result.clean).toBe(true);
    expect(result.sent).toBeGreaterThanOrEqual(20_000);
    expect(result.read).toBe(result.sent);
  });
});
