/**
 * Does lmdb-js survive worker.terminate() of a worker that holds an open
 * environment? One child process per way of writing (a stuck worker never
 * lets its process exit); each child spawns a worker that writes in a loop,
 * terminates it after 20-60 ms, and repeats `rounds` times, then checks that
 * another thread can still write.
 *
 *   node --import tsx test/integration/recorder/probe-lmdb-terminate.ts [rounds=30]
 *
 * Prints per mode: ok, or the round where worker.terminate() never finished
 * and whether the store was then still writable. Findings (lmdb-js 3.5.6,
 * Node 20): see actors/recorder/README.md. Not a test: timing-dependent.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const kModes: Record<string, string> = {
  'transactionSync (LmdbTickStore.writeBatch)': `const step = () => { root.transactionSync(() => { for (let k = 0; k < 1000; k++) db.putSync(key(), val); }, 3); setImmediate(step); }; step();`,
  'transaction(callback) (dead-letter add)': `(async () => { for (;;) await root.transaction(() => { for (let k = 0; k < 1000; k++) db.putSync(key(), val); }); })();`,
  'batch(callback)': `(async () => { for (;;) { await root.batch(() => { for (let k = 0; k < 1000; k++) db.put(key(), val); }); await root.flushed; } })();`,
  'async put, recorder options': `(async () => { for (;;) { let p; for (let k = 0; k < 1000; k++) p = db.put(key(), val); await p; await root.flushed; await new Promise((r) => setImmediate(r)); } })();`,
  'reader holding a snapshot across turns': `const held = db.getRange({})[Symbol.iterator](); held.next(); const step = () => { for (const e of db.getRange({ limit: 5000 })) void e; setImmediate(step); }; step();`,
};

const lmdbUrl = new URL('../../../node_modules/lmdb/dist/index.cjs', import.meta.url).href;

function workerSource(body: string, options: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const { open } = require(${JSON.stringify(fileURLToPath(lmdbUrl))});
const root = open({ path: workerData.dir, mapSize: 256 * 1024 * 1024, maxDbs: 16, ${options} });
const db = root.openDB({ name: 'ticks', keyEncoding: 'binary', encoding: 'binary' });
let i = Math.floor(Math.random() * 1e12);
const val = Buffer.alloc(64, 1);
function key() { const k = Buffer.alloc(8); k.writeDoubleBE(i++); return k; }
if (db.getStats().entryCount < 5000) root.transactionSync(() => { for (let k = 0; k < 5000; k++) db.putSync(key(), val); }, 3);
parentPort.postMessage('ready');
${body}`;
}

async function child(mode: string, rounds: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-lmdb-probe-'));
  const options = mode.startsWith('async put') ? 'eventTurnBatching: false, txnStartThreshold: 2 ** 30' : '';
  const src = workerSource(kModes[mode]!, options);
  for (let r = 0; r < rounds; r++) {
    const w = new Worker(src, { eval: true, workerData: { dir } });
    await new Promise((res, rej) => { w.once('message', res); w.once('error', rej); });
    await new Promise((res) => setTimeout(res, 20 + Math.random() * 40));
    const ended = await Promise.race([w.terminate().then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 3000))]);
    if (!ended) {
      const probe = new Worker(workerSource('', options).replace("parentPort.postMessage('ready');", "root.transactionSync(() => db.putSync(key(), val), 3); parentPort.postMessage('wrote');"), { eval: true, workerData: { dir } });
      const wrote = await Promise.race([new Promise((res) => probe.once('message', res)), new Promise((res) => setTimeout(() => res('blocked'), 3000))]);
      console.log(`STUCK at round ${r + 1}: worker.terminate() never finished; another thread's write: ${String(wrote)}`);
      process.exit(0); // cannot exit cleanly with a stuck worker; the parent kills us
    }
  }
  console.log(`ok: ${rounds} terminations`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

async function parent(rounds: number): Promise<void> {
  console.log(`lmdb-js terminate probe, ${rounds} rounds per mode, Node ${process.version}`);
  for (const mode of Object.keys(kModes)) {
    const out = await new Promise<string>((resolve) => {
      const c = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, String(rounds)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      c.stdout.on('data', (d: Buffer) => (text += d.toString()));
      c.stderr.on('data', (d: Buffer) => (text += d.toString()));
      const timer = setTimeout(() => c.kill('SIGKILL'), 20_000 + rounds * 4000);
      c.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(text.includes('STUCK') || text.includes('ok:') ? text.trim().split('\n').pop()! : `process ended (code ${code}, signal ${signal}): ${text.trim().slice(0, 300)}`);
      });
      // A STUCK child cannot exit by itself: kill it once it has reported.
      c.stdout.on('data', () => { if (text.includes('STUCK')) setTimeout(() => c.kill('SIGKILL'), 100); });
    });
    console.log(`  ${mode.padEnd(44)} ${out}`);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, Number(process.argv[4]));
else await parent(Number(process.argv[2] ?? 30));
