import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

// The newcomer's path from the README: `npm start` (build, then the compiled
// CLI with config/default.yaml and the embedded simulator), the dashboard in
// a real browser showing live spreads within seconds, then Ctrl-C (SIGINT to
// the process group, as a terminal sends it) and a clean exit. Only the port
// and the data directory are overridden, through the documented environment
// variables, so the test never collides with anything on 8080 or ./data.
declare const document: { querySelectorAll(selector: string): { length: number } };

const kChromium = '/usr/bin/chromium';
const kArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess | undefined;
let context: BrowserContext | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await context?.close();
  if (child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!existsSync(kChromium))('newcomer: npm start, then the dashboard', () => {
  it('shows live spreads from the embedded simulator, and Ctrl-C exits 0', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ringmaster-newcomer-'));
    const profile = mkdtempSync(join(tmpdir(), 'ringmaster-chromium-'));
    dirs.push(data, profile);
    const started = Date.now();
    child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, RINGMASTER_HTTP_PORT: '0', RINGMASTER_DATA_DIR: data },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: SIGINT reaches npm and node like a terminal's Ctrl-C
    });
    let out = '';
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no http_listening line in 120 s:\n${out.slice(-3000)}`)), 120_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"action":"http_listening"[^\n]*"port":(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out.slice(-3000)}`)));
    });

    context = await chromium.launchPersistentContext(profile, { executablePath: kChromium, headless: true, args: kArgs });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    // Live spreads: rows for all the default symbols' exchange pairs appear on the page.
    await page.waitForFunction(() => document.querySelectorAll('#spreads tr').length >= 5, undefined, { timeout: 60_000 });
    const rows = await page.locator('#spreads tr').count();
    expect(rows).toBeGreaterThanOrEqual(5);
    const firstRow = await page.locator('#spreads tr').first().textContent();
    expect(firstRow).toMatch(/USDT/);
    // "Within seconds" of the host listening (the build before it is not the host's time).
    expect(Date.now() - started).toBeLessThan(120_000);
    await context.close();
    context = undefined;

    const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child!.once('exit', (code, signal) => resolve({ code, signal }));
      process.kill(-child!.pid!, 'SIGINT');
    });
    // npm itself re-raises SIGINT after its script ends; the host's own exit
    // status is in its last line (the process exits with that code).
    expect(end.code === 0 || end.signal === 'SIGINT', `npm start ended with ${JSON.stringify(end)}`).toBe(true);
    expect(out, out.slice(-3000)).toMatch(/"action":"stopped"[^\n]*"clean":true[^\n]*"exitCode":0/);
  }, 240_000); // includes `npm run build` on a busy 2-core machine
});
