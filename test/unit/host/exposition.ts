/**
 * A small reader of the Prometheus text format for assertions: sample lines
 * become `name{labels}` → value (labels as rendered), and each family's TYPE.
 * Validity itself is checked by promtool in the integration test.
 */
export interface Exposition {
  readonly samples: ReadonlyMap<string, number>;
  readonly types: ReadonlyMap<string, string>;
  readonly helps: ReadonlyMap<string, string>;
}

export function parseExposition(text: string): Exposition {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta !== null) {
      (meta[1] === 'TYPE' ? types : helps).set(meta[2]!, meta[3]!);
      continue;
    }
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return { samples, types, helps };
}
