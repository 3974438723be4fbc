import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RingmasterConfigInput } from '../../src/host/config/index.js';
import type { FaultKind } from '../../src/runtime/index.js';
import { ChildRpc } from './child-rpc.js';
import type { HostShutdown, HostSnapshot, HostStarted, RestartTiming, SupervisorLine } from './host-messages.js';
import { siblingEntry } from './sibling-entry.js';

export interface HostChildOptions {
  /** Where the host's log lines go (pino JSON, one per line). */
  readonly logFile?: string;
}

/**
 * The parent's handle on a ringmaster host in its own process
 * (host-process.ts). Every thread of that process writes its OS thread id to
 * a temp directory (thread-tag.cts), so `threadIds()` maps Node threadIds
 * (ActorSystem.actors()) to /proc task ids.
 */
export class HostChild {
  /** Resolves with the exit code if the host stopped by itself (escalation). */
  readonly exitedEarly: Promise<number>;
  private readonly tagDir: string;

  private constructor(private readonly rpc: ChildRpc, tagDir: string, exitedEarly: Promise<number>, readonly started: HostStarted) {
    this.tagDir = tagDir;
    this.exitedEarly = exitedEarly;
  }

  static async start(config: RingmasterConfigInput, options: HostChildOptions = {}): Promise<HostChild> {
    const tagDir = mkdtempSync(path.join(os.tmpdir(), 'ringmaster-threads-'));
    const entry = siblingEntry(import.meta.url, 'host-process');
    const fromSource = entry.pathname.endsWith('.ts');
    const tag = fromSource ? siblingEntry(import.meta.url, 'thread-tag', '.cts') : siblingEntry(import.meta.url, 'thread-tag', '.cjs');
    let onExited: (code: number) => void = () => {};
    const exitedEarly = new Promise<number>((resolve) => (onExited = resolve));
    const rpc = new ChildRpc({
      name: 'host process',
      entry,
      execArgv: [...(fromSource ? ['--require', 'tsx/cjs'] : []), '--require', tag.pathname],
      // As `npm start` runs the host (src/host/start.ts: without it RSS creeps
      // up with every actor restart); an explicit setting is kept.
      env: { MALLOC_ARENA_MAX: '2', ...process.env, RINGMASTER_THREAD_TAG_DIR: tagDir },
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
      onEvent: (e) => { if (e.type === 'exited') onExited(e.exitCode as number); },
    });
    try {
      const started = await rpc.request<HostStarted>({ type: 'start', config }, 60_000);
      return new HostChild(rpc, tagDir, exitedEarly, started);
    } catch (err) {
      await rpc.kill();
      rmSync(tagDir, { recursive: true, force: true });
      throw err;
    }
  }

  get pid(): number {
    return this.rpc.pid;
  }

  get alive(): boolean {
    return this.rpc.alive;
  }

  snapshot(): Promise<HostSnapshot> {
    return this.rpc.request<HostSnapshot>({ type: 'snapshot' });
  }

  inject(actor: string, fault: FaultKind | 'kill'): Promise<void> {
    return this.rpc.request({ type: 'inject', actor, fault });
  }

  /** Injects `fault` and times the replacement: ready, then `dataCounter` moving. */
  measureRestart(actor: string, fault: FaultKind | 'kill', dataCounter: string, timeoutMs = 20_000): Promise<RestartTiming> {
    return this.rpc.request<RestartTiming>({ type: 'measureRestart', actor, fault, dataCounter, timeoutMs }, timeoutMs + 5_000);
  }

  supervisorLines(from = 0): Promise<SupervisorLine[]> {
    return this.rpc.request<SupervisorLine[]>({ type: 'supervisorLines', from });
  }

  shutdown(reason: string): Promise<HostShutdown> {
    return this.rpc.request<HostShutdown>({ type: 'shutdown', reason }, 120_000);
  }

  /** Node threadId → OS thread id, for every thread that has started so far. */
  threadIds(): Map<number, number> {
    const map = new Map<number, number>();
    try {
      for (const name of readdirSync(this.tagDir)) map.set(Number(name), Number(readFileSync(path.join(this.tagDir, name), 'utf8')));
    } catch {
      // no tags: per-thread CPU is not available
    }
    return map;
  }

  /** Ends the process (graceful shutdown first if none was asked for), killed after 10 s. */
  async stop(): Promise<void> {
    try {
      if (this.rpc.alive) {
        await this.rpc.request({ type: 'stop' }, 60_000);
        await Promise.race([this.rpc.exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      }
    } catch {
      // fall through to the kill
    }
    await this.rpc.kill();
    rmSync(this.tagDir, { recursive: true, force: true });
  }
}
