import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('restart intensity at the root', () => {
  it('escalates, shuts down and exits non-zero, and the logs say why', async () => {
    const script = fileURLToPath(new URL('../../fixtures/runtime/escalation-host.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // Bounded: a hung escalation path would fail here, not hang the suite.
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`escalation host did not exit in 30 s; output:\n${out}`));
      }, 30_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(70);
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const failures = lines.filter((l) => l.category === 'supervisor' && l.action === 'fail' && l.actor === 'doomed');
    expect(failures.length).toBe(4); // the first start plus maxRestarts (3) restarts; the 4th failure escalates
    const escalation = lines.find((l) => l.action === 'escalate' && l.actor === 'root');
    expect(escalation?.reason).toMatch(/doomed failed \(error\) more than 3 times/);
    expect(lines.find((l) => l.action === 'shutdown' && l.actor === 'root')).toBeDefined();
  });
});
