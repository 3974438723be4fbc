import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../support/log-capture.js';
import { request } from '../integration/http/ops-client.js';
import { kAdminToken, startOpsFixture, type OpsFixture } from '../integration/http/ops-fixture.js';

// The live dashboard in a real browser (Debian's chromium driven by
// playwright-core), over a real actor system: it shows the spreads the
// source reports and follows them, patches rows in place rather than
// redrawing, and shows an actor's restart after a chaos crash sent through
// the admin endpoint.
// The page's global, for the one callback that runs in the browser (the test compiles without the DOM lib).
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const kChromium = '/usr/bin/chromium';
const kArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const kMissing = `${kChromium} not found: install Debian's "chromium" package (apt-get install chromium) to run the dashboard browser test`;

describe.skipIf(!existsSync(kChromium))(`dashboard in headless Chromium${existsSync(kChromium) ? '' : ` (skipped: ${kMissing})`}`, () => {
  const { log } = captureLog();
  let f: OpsFixture;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    f = await startOpsFixture(log, { dashboardIntervalMs: 100 });
    profile = mkdtempSync(join(tmpdir(), 'ringmaster-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: kChromium,
      headless: true,
      args: kArgs,
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(f.base);
  });

  afterAll(async () => {
    await context?.close();
    await f?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  const cell = (key: string, field: string) => `tr[data-key="${key}"] td[data-field="${field}"]`;
  const textOf = (selector: string) => page.locator(selector).textContent({ timeout: 20_000 });
  const waitText = (selector: string, text: string) =>
    page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent === t, [selector, text] as const, { timeout: 20_000 });

  it('shows the live spreads from the source and follows them, patching rows in place', async () => {
    await waitText(cell('BTC-USDT okx>bybit', 'bps'), '1.25');
    expect(await textOf(cell('BTC-USDT okx>bybit', 'mid'))).toBe('64012.50');
    expect(await textOf(cell('ETH-USDT bybit>binance', 'bps'))).toBe('-0.42');
    expect(await textOf('#status')).toBe('healthy');
    // Mark the row's DOM node; a redraw would replace it and lose the mark.
    await page.$eval('tr[data-key="BTC-USDT okx>bybit"]', (tr) => tr.setAttribute('data-test-mark', 'kept'));

    f.market.spreads = [{ ...f.market.spreads[0]!, spreadBps: 3.5, mid: 64_100, ts: Date.now() }, ...f.market.spreads.slice(1)];
    await waitText(cell('BTC-USDT okx>bybit', 'bps'), '3.50');
    expect(await textOf(cell('BTC-USDT okx>bybit', 'mid'))).toBe('64100.00');
    expect(await page.getAttribute('tr[data-key="BTC-USDT okx>bybit"]', 'data-test-mark')).toBe('kept');
    expect(await page.locator('#spreads tr').count()).toBe(2);
  });

  it('shows actors and rings, and an actor restart after POST /admin/chaos/NAME/crash', async () => {
    await waitText(cell('pB', 'state'), 'running');
    expect(await textOf(cell('pB', 'restarts'))).toBe('0');
    expect(await page.locator('#actors tr').count()).toBe(4);
    expect(await page.locator('#rings tr').count()).toBe(2);
    expect(await textOf(cell('pB.out->cB.in', 'fill'))).toMatch(/^\d+ \/ 1024$/);

    const r = await request(f.base, '/admin/chaos/pB/crash', { method: 'POST', token: kAdminToken });
    expect(r.status).toBe(202);

    await waitText(cell('pB', 'restarts'), '1');
    await waitText(cell('pB', 'state'), 'running');
    expect(await textOf(cell('pB', 'incarnation'))).toBe('2');
    expect(await textOf(cell('pB', 'lastFailure'))).toBe('error: chaos: injected crash');
    for (const other of ['pA', 'cA', 'cB']) expect(await textOf(cell(other, 'restarts'))).toBe('0');

    const shot = join(tmpdir(), `ringmaster-dashboard-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    log.info({ screenshot: shot }, 'dashboard screenshot');
    if (process.env.RINGMASTER_KEEP_SCREENSHOT !== '1') rmSync(shot, { force: true });
  });
});
