/**
 * Where each actor program lives. From source (tests, `tsx`) this module is
 * a .ts file and the actors are .ts entries (booted through tsx inside the
 * worker); compiled (dist/, `npm start`) everything is .js. Deciding by this
 * module's own extension keeps the two in step without configuration.
 */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

function entry(path: string): string {
  return new URL(`../../../${path}${ext}`, import.meta.url).href;
}

export const kActorEntries = {
  exchange: entry('actors/exchange/connection-actor'),
  shard: entry('actors/shard/shard-actor'),
  recorder: entry('actors/recorder/recorder-actor'),
} as const;
