import { workerEntryExt } from '../../runtime/worker/worker-entry.js';

/**
 * Where each actor program lives. From source (tests, `tsx`) this module is
 * a .ts file and the actors are .ts entries (booted through tsx inside the
 * worker); compiled (dist/, `npm start`) each actor is the one-file bundle
 * that `npm run build` writes beside its compiled .js (see
 * src/runtime/worker/worker-entry.ts and scripts/bundle-actors.ts).
 */
const ext = workerEntryExt(import.meta.url);

function entry(path: string): string {
  return new URL(`../../../${path}${ext}`, import.meta.url).href;
}

export const kActorEntries = {
  exchange: entry('actors/exchange/connection-actor'),
  shard: entry('actors/shard/shard-actor'),
  recorder: entry('actors/recorder/recorder-actor'),
} as const;
