import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { peerFeed, type PeerQuote } from './peer-feeds.js';
import { kFramesIn, kTid, osThreadId, type PeerCommand, type PeerEvent, type PeerExchangeData, type PeerTick } from './peer-messages.js';

/**
 * Baseline exchange connection: `ws`, JSON.parse of every frame, one
 * postMessage per tick to the owning shard. No reconnect, no keepalive, no
 * dead letters, no recording: the least a conventional pipeline does, so
 * the comparison flatters the baseline. `stop` closes the socket, then the
 * shard ports (a shard exits when all its inputs closed).
 */
const data = workerData as PeerExchangeData;
const port = parentPort!;
const counters = new Float64Array(data.counters);
counters[kTid] = osThreadId();
const feed = peerFeed(data.venue, data.url, data.symbols);
const quote: PeerQuote = { symbol: 0, bid: 0, ask: 0, bidSize: 0, askSize: 0 };
const post = (e: PeerEvent): void => port.postMessage(e);
let first = true;

const ws = new WebSocket(feed.url, { perMessageDeflate: false });
ws.on('open', () => {
  if (feed.subscribe !== undefined) ws.send(feed.subscribe);
  post({ type: 'connected' });
});
ws.on('message', (raw: Buffer) => {
  const t = (performance.timeOrigin + performance.now()) * 1000;
  counters[kFramesIn]!++;
  let msg: unknown;
  try {
    msg = JSON.parse(raw.toString());
  } catch {
    return;
  }
  if (!feed.quote(msg, quote)) return;
  const tick: PeerTick = { x: data.venueIndex, s: quote.symbol, b: quote.bid, a: quote.ask, bs: quote.bidSize, as: quote.askSize, t };
  data.shards[quote.symbol % data.shards.length]!.postMessage(tick);
  if (first) {
    first = false;
    post({ type: 'firstTick' });
  }
});
ws.on('error', () => {});

port.on('message', (cmd: PeerCommand) => {
  if (cmd.type !== 'stop') return;
  const done = (): void => {
    for (const p of data.shards) p.close();
    post({ type: 'stopped' });
    port.close();
  };
  if (ws.readyState === WebSocket.CLOSED) done();
  else {
    ws.once('close', done);
    ws.close();
  }
});
