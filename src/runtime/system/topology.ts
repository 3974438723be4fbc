import type { FullPolicy } from '../ring/full-policy.js';
import { kDefaultRunLoop, type RunLoopOptions } from '../actor/wiring.js';
import type { ChildSpecInput } from '../supervisor/child-spec.js';

/**
 * The static shape of an actor system: actors, and the SPSC rings between
 * their named ports. Pure data plus validation; allocation.ts turns it into
 * shared buffers, wiring.ts into what each worker receives.
 *
 * Every edge is single-producer single-consumer: one output port feeds one
 * ring feeds one input port. Fan-out is several output ports.
 */
export interface ActorDecl {
  readonly name: string;
  /** Worker module: a file URL or path (.js in production, .ts from source via tsx). */
  readonly entry: string;
  /** Names of the shared hot-path counters this actor writes. */
  readonly counters: readonly string[];
  readonly config: unknown;
  readonly loop: RunLoopOptions;
  /** Supervision of this actor (restart type, heartbeat, backoff, limits); defaults from child-spec.ts. */
  readonly child: Omit<ChildSpecInput, 'name' | 'entry'>;
  /** An endpoint in the host's own thread (see Topology.endpoint): never spawned, never supervised. */
  readonly external: boolean;
}

export interface EdgeOptions {
  /** Records; a power of two. */
  readonly capacity: number;
  readonly recordSize: number;
  readonly policy: FullPolicy;
  readonly batchSize: number;
  readonly conflateKeys: number;
  readonly blockTimeoutMs: number;
  /** `manual`: the consumer releases slots itself (e.g. after a durable commit). */
  readonly release: 'auto' | 'manual';
}

export interface EdgeDecl extends EdgeOptions {
  readonly name: string;
  readonly from: { readonly actor: string; readonly port: string };
  readonly to: { readonly actor: string; readonly port: string };
}

export const kDefaultEdge: EdgeOptions = {
  capacity: 4096,
  recordSize: 64,
  policy: 'block',
  batchSize: 64,
  conflateKeys: 4096,
  blockTimeoutMs: 1000,
  release: 'auto',
};

export class TopologyError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'TopologyError';
  }
}

export class Topology {
  private readonly actorsByName = new Map<string, ActorDecl>();
  private readonly edgeList: EdgeDecl[] = [];

  get actors(): readonly ActorDecl[] {
    return [...this.actorsByName.values()];
  }

  get edges(): readonly EdgeDecl[] {
    return this.edgeList;
  }

  actor(decl: Pick<ActorDecl, 'name' | 'entry'> & Partial<Omit<ActorDecl, 'loop' | 'external'>> & { loop?: Partial<RunLoopOptions> }): this {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(decl.name)) {
      throw new TopologyError(`actors.${decl.name}`, 'name must be 1-64 characters of letters, digits, _ . -');
    }
    if (this.actorsByName.has(decl.name)) throw new TopologyError(`actors.${decl.name}`, 'declared twice');
    this.actorsByName.set(decl.name, {
      name: decl.name,
      entry: String(decl.entry),
      counters: [...(decl.counters ?? [])],
      config: decl.config ?? {},
      loop: { ...kDefaultRunLoop, ...decl.loop },
      child: decl.child ?? {},
      external: false,
    });
    return this;
  }

  /**
   * Declares an endpoint that lives in the host's own (event-loop) thread,
   * e.g. where shards publish snapshots for the ops surface. Rings connect to
   * it like to an actor; the host reads them through ActorSystem.endpoint().
   */
  endpoint(name: string): this {
    this.actor({ name, entry: '(host thread)' });
    const decl = this.actorsByName.get(name)!;
    this.actorsByName.set(name, { ...decl, external: true });
    return this;
  }

  /** Connects `producer.port` to `consumer.port` with a new ring. */
  connect(from: string, to: string, options: Partial<EdgeOptions> = {}): this {
    const src = parsePortRef(from, 'from');
    const dst = parsePortRef(to, 'to');
    const name = `${from}->${to}`;
    for (const [ref, role] of [[src, 'from'], [dst, 'to']] as const) {
      if (!this.actorsByName.has(ref.actor)) throw new TopologyError(`edges.${name}.${role}`, `unknown actor "${ref.actor}"`);
    }
    if (this.edgeList.some((e) => e.from.actor === src.actor && e.from.port === src.port)) {
      throw new TopologyError(`edges.${name}.from`, `output ${from} already feeds a ring (rings are single-producer, single-consumer)`);
    }
    if (this.edgeList.some((e) => e.to.actor === dst.actor && e.to.port === dst.port)) {
      throw new TopologyError(`edges.${name}.to`, `input ${to} is already fed by a ring`);
    }
    this.edgeList.push({ ...kDefaultEdge, ...options, name, from: src, to: dst });
    return this;
  }

  get(name: string): ActorDecl {
    const decl = this.actorsByName.get(name);
    if (decl === undefined) throw new TopologyError(`actors.${name}`, 'unknown actor');
    return decl;
  }

  inputsOf(actor: string): EdgeDecl[] {
    return this.edgeList.filter((e) => e.to.actor === actor);
  }

  outputsOf(actor: string): EdgeDecl[] {
    return this.edgeList.filter((e) => e.from.actor === actor);
  }

  /**
   * Actors in data-flow order, producers before their consumers: the order in
   * which a graceful stop drains them. Throws on a cycle, since a cyclic
   * pipeline has no order in which every ring can be emptied.
   */
  flowOrder(): string[] {
    const indegree = new Map([...this.actorsByName.keys()].map((n) => [n, 0]));
    for (const e of this.edgeList) indegree.set(e.to.actor, (indegree.get(e.to.actor) ?? 0) + 1);
    const ready = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
    const order: string[] = [];
    while (ready.length > 0) {
      const n = ready.shift()!;
      order.push(n);
      for (const e of this.outputsOf(n)) {
        const d = indegree.get(e.to.actor)! - 1;
        indegree.set(e.to.actor, d);
        if (d === 0) ready.push(e.to.actor);
      }
    }
    if (order.length !== this.actorsByName.size) {
      throw new TopologyError('edges', 'the rings form a cycle; a graceful stop could never drain it');
    }
    return order;
  }
}

function parsePortRef(ref: string, role: string): { actor: string; port: string } {
  const dot = ref.lastIndexOf('.');
  if (dot <= 0 || dot === ref.length - 1) {
    throw new TopologyError(`edges.${role}`, `"${ref}" is not ACTOR.PORT`);
  }
  return { actor: ref.slice(0, dot), port: ref.slice(dot + 1) };
}
