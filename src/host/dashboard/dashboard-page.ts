import { kDashboardClientScript } from './dashboard-client-script.js';

/**
 * GET /: the live dashboard, one self-contained page served from memory
 * (no files to deploy, no external requests). Tabular figures use
 * tabular-nums and fixed column widths, so changing digits never shift the
 * layout.
 */
const kStyle = `
:root { color-scheme: dark; --bg: #111418; --panel: #1a1f26; --line: #2a313b; --text: #d8dee6; --dim: #8b95a3;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px; background: var(--bg); color: var(--text);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
body[data-live="false"] main { opacity: 0.45; }
header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin-bottom: 12px; }
h1 { font-size: 18px; margin: 0; letter-spacing: 0.02em; }
h2 { font-size: 13px; margin: 0 0 6px; color: var(--dim); text-transform: uppercase; letter-spacing: 0.06em; }
h2 span { color: var(--text); }
.meta { color: var(--dim); }
#status { padding: 2px 10px; border-radius: 10px; font-weight: 600; background: var(--line); }
#status[data-status="healthy"] { background: #1f3d28; color: var(--ok); }
#status[data-status="degraded"] { background: #3d3216; color: var(--warn); }
#status[data-status="unhealthy"] { background: #4a1d1b; color: var(--bad); }
#reasons { margin: 0 0 12px; padding-left: 20px; color: var(--warn); }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
section.wide { grid-column: 1 / -1; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { padding: 3px 8px; text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
th { color: var(--dim); font-weight: 500; border-bottom: 1px solid var(--line); }
td { font-variant-numeric: tabular-nums; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
[data-field="name"], [data-field="symbol"], [data-field="buy"], [data-field="sell"], [data-field="state"],
[data-field="lastFailure"], [data-field="connection"], [data-field="breaker"] { text-align: left; }
col.wide { width: 34%; }
tr[data-sign="pos"] td[data-field="bps"] { color: var(--ok); }
tr[data-state="running"] td[data-field="state"] { color: var(--ok); }
tr[data-state="backoff"] td[data-field="state"], tr[data-state="failed"] td[data-field="state"],
tr[data-state="starting"] td[data-field="state"] { color: var(--warn); }
tr[data-state="given_up"] td[data-field="state"], tr[data-state="escalated"] td[data-field="state"] { color: var(--bad); }
tr[data-drops="yes"] td[data-field="dropped"], tr[data-stale="true"] td[data-field="dataAge"] { color: var(--bad); }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;

export const kDashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ringmaster</title>
<style>${kStyle}</style>
</head>
<body data-live="false">
<header>
  <h1>ringmaster</h1>
  <span id="status" data-status="unknown">connecting</span>
  <span class="meta">up <span id="uptime">-</span></span>
  <span class="meta">updated <span id="updated">-</span></span>
</header>
<ul id="reasons"></ul>
<main>
  <section class="wide">
    <h2>Spreads (<span id="spreads-count">0</span>)</h2>
    <table>
      <thead><tr><th data-field="symbol">symbol</th><th data-field="buy">buy on</th><th data-field="sell">sell on</th><th data-field="bps">spread bps</th><th data-field="mid">mid</th><th data-field="min">min</th><th data-field="mean">mean</th><th data-field="max">max</th><th data-field="age">age</th></tr></thead>
      <tbody id="spreads"></tbody>
    </table>
  </section>
  <section>
    <h2>Actors (<span id="actors-count">0</span>)</h2>
    <table>
      <colgroup><col style="width:13%"><col style="width:13%"><col style="width:12%"><col style="width:16%"><col style="width:16%"><col></colgroup>
      <thead><tr><th data-field="name">actor</th><th data-field="state">state</th><th data-field="restarts">restarts</th><th data-field="incarnation">incarnation</th><th data-field="heartbeat">heartbeat</th><th data-field="lastFailure">last failure</th></tr></thead>
      <tbody id="actors"></tbody>
    </table>
  </section>
  <section>
    <h2>Exchanges (<span id="exchanges-count">0</span>)</h2>
    <table>
      <thead><tr><th data-field="name">exchange</th><th data-field="connection">connection</th><th data-field="breaker">breaker</th><th data-field="dataAge">data age</th></tr></thead>
      <tbody id="exchanges"></tbody>
    </table>
  </section>
  <section class="wide">
    <h2>Rings (<span id="rings-count">0</span>)</h2>
    <table>
      <colgroup><col class="wide"><col><col><col><col></colgroup>
      <thead><tr><th data-field="name">ring</th><th data-field="fill">fill</th><th data-field="highWatermark">high watermark</th><th data-field="dropped">dropped</th><th data-field="conflated">conflated</th></tr></thead>
      <tbody id="rings"></tbody>
    </table>
  </section>
</main>
<script>${kDashboardClientScript}</script>
</body>
</html>
`;
