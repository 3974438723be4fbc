/**
 * `rings`: capacity and full-ring policy of each edge kind of the SPSC mesh
 * (DESIGN.md §2). Every ring of one kind gets the same settings. The recorder
 * edges refuse `conflate`: conflation replaces a waiting tick with a newer
 * one, and the recorder keeps every tick.
 */
import type { FullPolicy } from '../../runtime/ring/full-policy.js';
import { integer, oneOf, powerOfTwo, section, setting } from './schema-rules.js';

type Policies = [FullPolicy, ...FullPolicy[]];

interface EdgeDefaults {
  readonly capacity: number;
  readonly policy: FullPolicy;
  readonly blockTimeoutMs: number;
}

const kPolicyDoc =
  'What the producer does when the ring is full: conflate (keep only the newest tick per symbol until there is room), drop (drop the newest and count it) or block (wait for room up to blockTimeoutMs, then drop and count). Nothing is dropped uncounted.';

function edge(what: string, defaults: EdgeDefaults, toRecorder: boolean) {
  // Typed as every policy on every edge, so consumers see one FullPolicy type.
  const policy = toRecorder
    ? oneOf<Policies>(['drop', 'block'], '; conflate would lose ticks the recorder must keep')
    : oneOf<Policies>(['drop', 'conflate', 'block']);
  return section(
    {
      capacity: setting(powerOfTwo(16, 2 ** 24), defaults.capacity, 'Slots of each ring (64-byte records).'),
      policy: setting(policy, defaults.policy, kPolicyDoc),
      blockTimeoutMs: setting(integer(0, 60_000), defaults.blockTimeoutMs, 'With policy block: longest a producer waits for room before it drops the record (counted).'),
    },
    what,
  );
}

export const ringsSchema = section(
  {
    exchangeToShard: edge('Exchange → shard rings (ticks of the shard\'s symbols).', { capacity: 16_384, policy: 'conflate', blockTimeoutMs: 1000 }, false),
    exchangeToRecorder: edge('Exchange → recorder rings (every tick). 131072 records hold about 0.9 s at 150k ticks/s, a recorder restart with room to spare; blockTimeoutMs bounds how long a socket callback waits for room before it counts a drop.', { capacity: 131_072, policy: 'block', blockTimeoutMs: 50 }, true),
    shardToRecorder: edge('Shard → recorder rings (published spread updates).', { capacity: 16_384, policy: 'block', blockTimeoutMs: 50 }, true),
    shardToHost: edge('Shard → host rings (spread snapshots for /health, the dashboard and metrics).', { capacity: 4096, policy: 'conflate', blockTimeoutMs: 1000 }, false),
  },
  'Ring buffers between actors, per edge kind.',
);
