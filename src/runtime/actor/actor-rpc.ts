/** The typed RPC surface every actor serves to its supervisor (comlink over MessagePack). */
export interface ActorRpc {
  stats(): ActorStats | Promise<ActorStats>;
  /** Stop outside input, drain inputs, publish outputs; bounded by timeoutMs. */
  drain(timeoutMs: number): DrainReport | Promise<DrainReport>;
}

export interface ActorStats {
  readonly name: string;
  readonly incarnation: number;
  readonly phase: string;
  /** Event-loop utilisation (0..1) since the previous stats() call. */
  readonly eventLoopUtilization: number;
  readonly loop: { readonly records: number; readonly rounds: number; readonly parks: number };
  readonly memory: NodeJS.MemoryUsage;
  readonly actor: Record<string, unknown>;
}

export interface DrainReport {
  readonly drained: boolean;
  readonly records: number;
}
