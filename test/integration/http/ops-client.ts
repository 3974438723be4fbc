import http from 'node:http';
import { spawnSync } from 'node:child_process';

export interface OpsResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One request to the ops server under test, body read in full. */
export async function request(base: string, path: string, init: { method?: string; token?: string; body?: string } = {}): Promise<OpsResponse> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: init.token === undefined ? {} : { authorization: `Bearer ${init.token}` },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** A POST whose body arrives in chunks with no Content-Length (the server must bound what arrives, not what is declared). */
export function postChunked(port: number, path: string, token: string, chunks: number, chunkBytes: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < chunks; i++) req.write(Buffer.alloc(chunkBytes, 0x61));
    req.end();
  });
}

/** promtool from Debian's `prometheus` package; null when absent (the tests that need it say so and skip). */
export const kPromtool: string | null = (() => {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? 'promtool' : null;
})();

export const kPromtoolMissing = 'promtool not found: install Debian\'s "prometheus" package (apt-get install prometheus) to run this check';

export function promtool(args: readonly string[], input?: string): { status: number | null; output: string } {
  const r = spawnSync(kPromtool ?? 'promtool', args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Family names (from # TYPE lines) in a Prometheus exposition, with the sample-name suffixes histograms and summaries add. */
export function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]!);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${m[1]}${s}`);
    if (m[2] === 'summary') for (const s of ['_sum', '_count']) names.add(`${m[1]}${s}`);
  }
  return names;
}

/** The value of one sample line, `name{labels}` exactly as rendered; undefined when absent. */
export function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  return undefined;
}
