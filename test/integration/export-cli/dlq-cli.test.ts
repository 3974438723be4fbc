import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { runProcess } from '../cli/cli-harness.js';

// `ringmaster dlq list|replay` as a child process over a dead-letter store
// this test filled. Shown: list prints every kept message oldest first within
// a source, with its source, reason, receive time and raw frame, honouring
// --source and --limit; replay feeds the exchange frames through the current
// parsers: a frame that parses is recorded as ticks and removed, a control
// frame is removed, a frame that still fails and a frame of a source without
// a parser stay.

const kSymbols = ['BTC-USDT', 'ETH-USDT'];
const kT0 = Date.UTC(2024, 4, 1, 12) * 1000;
const kGoodBinance = '{"stream":"ethusdt@bookTicker","data":{"u":7,"s":"ETHUSDT","b":"3000.5","B":"1.5","a":"3000.75","A":"2.5"}}';
const kBadBinance = '{"stream":"ethusdt@bookTicker","data":{"u":8,"s":"ETHUSDT","b":"oops"';
const kOkxAck = '{"event":"subscribe","arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"connId":"a4d3ae55"}';
const kGoodOkx = '{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["36232.2","1.8826134","0","17"]],"bids":[["36232.1","0.00572212","0","2"]],"ts":"1651826598363","seqId":363996337}]}';

let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-dlq-cli-'));
  const ticks = openTickStore({ path: dir });
  ticks.putSymbolNames(kSymbols);
  await ticks.close();
  const dlq = openDeadLetterStore({ path: dir });
  const adds = [
    { source: 'binance', reason: 'parse-error', raw: kGoodBinance, receivedAt: kT0 + 1 },
    { source: 'binance', reason: 'truncated-json', raw: kBadBinance, receivedAt: kT0 + 2 },
    { source: 'okx', reason: 'unexpected', raw: kOkxAck, receivedAt: kT0 + 3 },
    { source: 'okx', reason: 'parse-error', raw: kGoodOkx, receivedAt: kT0 + 4 },
    { source: 'simulator', reason: 'binary', raw: new Uint8Array([1, 2, 255]), receivedAt: kT0 + 5 },
  ];
  for (const a of adds) expect(await dlq.add(a)).toMatchObject({ ok: true });
  await dlq.close();
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function rows(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('ringmaster dlq list', () => {
  it('prints every kept message, one JSON line each, oldest first within a source', async () => {
    const r = await runProcess(['dlq', 'list', '--data', dir]);
    expect(r.code).toBe(0);
    const out = rows(r.stdout);
    // Sources in key order (the store keys them by name length, then name).
    expect(out.map((o) => [o.source, o.reason, o.receivedAtUs])).toEqual([
      ['okx', 'unexpected', kT0 + 3], ['okx', 'parse-error', kT0 + 4],
      ['binance', 'parse-error', kT0 + 1], ['binance', 'truncated-json', kT0 + 2], ['simulator', 'binary', kT0 + 5],
    ]);
    expect(out[2]).toMatchObject({ raw: kGoodBinance, truncated: false, receivedAt: '2024-05-01T12:00:00.000001Z' });
    expect(out[2]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out[4]).toMatchObject({ rawBase64: Buffer.from([1, 2, 255]).toString('base64') });
  });

  it('--source and --limit', async () => {
    const r = await runProcess(['dlq', 'list', '--data', dir, '--source', 'okx', '--limit', '1']);
    expect(r.code).toBe(0);
    expect(rows(r.stdout).map((o) => o.raw)).toEqual([kOkxAck]);
  });
});

describe('ringmaster dlq replay', () => {
  it('records what the parsers now accept, removes it, and keeps the rest', async () => {
    const r = await runProcess(['dlq', 'replay', '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toEqual([{ replayed: 3, ticks: 2, control: 1, kept: 2, keptBySource: { binance: 1, simulator: 1 } }]);

    const left = rows((await runProcess(['dlq', 'list', '--data', dir])).stdout);
    expect(left.map((o) => o.reason)).toEqual(['truncated-json', 'binary']);

    const store = openTickStore({ path: dir });
    try {
      const recorded = [...store.rangeTicks()];
      expect(recorded).toHaveLength(2);
      expect(recorded[0]).toMatchObject({ symbolId: 0, exchangeId: 3, bid: 36232.1, ask: 36232.2, recvTs: kT0 + 4 });
      expect(recorded[1]).toMatchObject({ symbolId: 1, exchangeId: 1, bid: 3000.5, ask: 3000.75, bidSize: 1.5, askSize: 2.5, recvTs: kT0 + 1 });
    } finally {
      await store.close();
    }

    // A second replay finds nothing new to record.
    const again = await runProcess(['dlq', 'replay', '--data', dir]);
    expect(rows(again.stdout)).toEqual([{ replayed: 0, ticks: 0, control: 0, kept: 2, keptBySource: { binance: 1, simulator: 1 } }]);
  });

  it('--source limits the replay to one source', async () => {
    const r = await runProcess(['dlq', 'replay', '--data', dir, '--source', 'okx']);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toEqual([{ replayed: 2, ticks: 1, control: 1, kept: 0, keptBySource: {} }]);
  });
});
