import type { Logger } from 'pino';
import { transitionLogRecord } from '../machines/transition-log-record.js';
import type { ChildSpec, SupervisorSpec } from './child-spec.js';
import { ChildLifecycle, type LifecycleHooks } from './child-lifecycle.js';
import { IntensityWindow } from './intensity-window.js';
import { planRestart } from './restart-planner.js';
import type { ChildExit, WorkerChild } from './worker-child.js';

/** What the tree needs from its environment: the mechanism and the clock. */
export interface SupervisorDeps {
  readonly log: Logger;
  readonly now: () => number;
  readonly random: () => number;
  /** Makes the mechanism for one worker child (the host owns buffers and wiring). */
  readonly makeChild: (spec: ChildSpec, onExit: (exit: ChildExit) => void) => WorkerChild;
}

type Member = { kind: 'worker'; child: ChildLifecycle } | { kind: 'supervisor'; node: SupervisorNode };

const kDown = ['stopped', 'given_up', 'escalated'] as const;
const kSettled = ['running', 'given_up', 'escalated', 'stopped'] as const;

/**
 * One supervisor of the tree (OTP semantics, DESIGN.md §4). Each worker
 * child's lifecycle machine decides whether and when it restarts (restart
 * table, backoff); this node supplies what the machine cannot know: its
 * intensity window, the rest_for_one sibling stops and restarts, and
 * escalation. Past its intensity a supervisor stops all its children and
 * fails to its parent, which treats the sub-tree as one failed child; the
 * root reports through onEscalate and the host exits non-zero.
 */
export class SupervisorNode implements LifecycleHooks {
  private readonly members: Member[] = [];
  private readonly intensity: IntensityWindow;
  private frozen = false;
  /** rest_for_one: siblings stopped because `failed` failed, restarted once it runs again. */
  private pendingSiblings: { failed: string; siblings: string[] } | undefined;
  onEscalate: (reason: string) => void = () => {};

  constructor(
    readonly spec: SupervisorSpec,
    private readonly deps: SupervisorDeps,
    private readonly parent?: SupervisorNode,
  ) {
    this.intensity = new IntensityWindow(spec.intensity);
    for (const c of spec.children) {
      if (c.kind === 'supervisor') {
        this.members.push({ kind: 'supervisor', node: new SupervisorNode(c, deps, this) });
      } else {
        let lifecycle: ChildLifecycle | undefined;
        const worker = deps.makeChild(c, (exit) => lifecycle?.onWorkerExit(exit));
        lifecycle = new ChildLifecycle(worker, deps.log, deps.now, deps.random, this);
        this.members.push({ kind: 'worker', child: lifecycle });
      }
    }
  }

  get name(): string {
    return this.spec.name;
  }

  /** Every worker child below this node, depth first, in start order. */
  children(): ChildLifecycle[] {
    return this.members.flatMap((m) => (m.kind === 'worker' ? [m.child] : m.node.children()));
  }

  /** Starts children in order, each once the previous is running (OTP start order). */
  async start(): Promise<void> {
    this.frozen = false;
    for (const m of this.members) {
      if (this.frozen) return;
      await this.startMember(m);
    }
  }

  /** No restarts from now on anywhere below; running children keep running. */
  freeze(): void {
    this.frozen = true;
    this.pendingSiblings = undefined;
    for (const m of this.members) {
      if (m.kind === 'supervisor') m.node.freeze();
      else if (m.child.state === 'backoff') m.child.stop();
    }
  }

  /** Stops every child, last started first. */
  async shutdown(): Promise<void> {
    this.freeze();
    for (const m of [...this.members].reverse()) await this.stopMember(m);
  }

  // ---- LifecycleHooks: called from the children's machines ----

  intensityExceeded(): boolean {
    if (this.frozen) return false; // shutting down: the backoff hook stops it instead
    return this.intensity.record(this.deps.now());
  }

  onBackoff(child: ChildLifecycle): void {
    if (this.frozen) {
      child.stop();
      return;
    }
    if (this.spec.strategy !== 'rest_for_one') return;
    const plan = planRestart(this.spec.strategy, child.name, this.members.map(memberName));
    const siblings = plan.stop.filter((n) => n !== child.name);
    if (siblings.length === 0) return;
    this.pendingSiblings = { failed: child.name, siblings: plan.start.filter((n) => n !== child.name) };
    void (async () => {
      for (const name of siblings) await this.stopMember(this.member(name));
    })();
  }

  onRunning(child: ChildLifecycle): void {
    const pending = this.pendingSiblings;
    if (pending === undefined || pending.failed !== child.name || this.frozen) return;
    this.pendingSiblings = undefined;
    void (async () => {
      for (const name of pending.siblings) {
        if (this.frozen) return;
        await this.startMember(this.member(name));
      }
    })();
  }

  onStopped(): void {}

  onChildEscalate(child: ChildLifecycle): void {
    const last = child.view().lastFailure;
    const { maxRestarts, withinMs } = this.spec.intensity;
    void this.escalate(`${child.name} failed (${last?.reason ?? 'unknown'}) more than ${maxRestarts} times in ${withinMs} ms`);
  }

  // ---- sub-tree failure ----

  private async escalate(reason: string): Promise<void> {
    this.deps.log.error(
      { ...transitionLogRecord({ action: 'escalate', actor: this.name }), reason },
      `supervisor ${this.name} escalates: ${reason}`,
    );
    await this.shutdown();
    if (this.parent === undefined) this.onEscalate(reason);
    else await this.parent.onSubtreeFailed(this, reason);
  }

  /** A nested supervisor escalated: it counts as one failed child here. */
  private async onSubtreeFailed(node: SupervisorNode, reason: string): Promise<void> {
    if (this.frozen) return;
    if (this.intensity.record(this.deps.now())) {
      await this.escalate(`${node.name} escalated (${reason}) more than ${this.spec.intensity.maxRestarts} times in ${this.spec.intensity.withinMs} ms`);
      return;
    }
    const plan = planRestart(this.spec.strategy, node.name, this.members.map(memberName));
    for (const name of plan.stop) await this.stopMember(this.member(name));
    this.deps.log.warn({ ...transitionLogRecord({ action: 'restart', actor: node.name }), reason }, `restarting sub-tree ${node.name}`);
    for (const name of plan.start) await this.startMember(this.member(name));
  }

  private async startMember(m: Member): Promise<void> {
    if (m.kind === 'supervisor') {
      await m.node.start();
      return;
    }
    m.child.start();
    await m.child.until(kSettled);
  }

  private async stopMember(m: Member): Promise<void> {
    if (m.kind === 'supervisor') {
      await m.node.shutdown();
      return;
    }
    if (!(kDown as readonly string[]).includes(m.child.state)) m.child.stop();
    await m.child.until(kDown);
  }

  private member(name: string): Member {
    const m = this.members.find((x) => memberName(x) === name);
    if (m === undefined) throw new Error(`supervisor ${this.name}: no child ${name}`);
    return m;
  }
}

function memberName(m: Member): string {
  return m.kind === 'worker' ? m.child.name : m.node.name;
}
