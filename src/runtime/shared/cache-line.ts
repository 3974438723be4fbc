/**
 * Size of a CPU cache line on the x86-64 and arm64 hosts ringmaster runs on.
 * Shared-memory fields written by different threads sit on different lines
 * so that one thread's writes do not invalidate another's (false sharing).
 */
export const kCacheLine = 64;

export function alignToCacheLine(bytes: number): number {
  return Math.ceil(bytes / kCacheLine) * kCacheLine;
}
