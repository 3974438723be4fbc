/**
 * The dashboard's browser code, plain ES2020 with no framework, served
 * inline by GET /. It opens /ws, and for each frame (DashboardFrame)
 * patches the tables in place: a row per key is created once and kept;
 * a cell is written only when its text changed; rows that vanished are
 * removed. Nothing is redrawn wholesale, so nothing flickers. Every value
 * goes in through textContent, never as HTML. On a lost connection it
 * reconnects with backoff and greys the page until data flows again.
 *
 * Kept as a string (not a TS function serialised at run time) so what the
 * browser runs is exactly this text, whatever compiled the host.
 */
export const kDashboardClientScript = String.raw`
'use strict';
(function () {
  var fmtAge = function (ms) { return ms === null ? '-' : ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s'; };
  var fmtNum = function (v, digits) { return v === null || v === undefined ? '-' : Number(v).toFixed(digits); };
  var fmtMid = function (v) { return v >= 1000 ? v.toFixed(2) : v >= 1 ? v.toFixed(4) : v.toPrecision(4); };
  var fmtUptime = function (ms) {
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d > 0 ? d + 'd ' : '') + (d > 0 || h > 0 ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
  };

  // Column definitions per table: field name (the cell's data-field) and how to show it.
  var tables = {
    spreads: [
      ['symbol', function (r) { return r.symbol; }],
      ['buy', function (r) { return r.buy; }],
      ['sell', function (r) { return r.sell; }],
      ['bps', function (r) { return fmtNum(r.bps, 2); }],
      ['mid', function (r) { return fmtMid(r.mid); }],
      ['min', function (r) { return fmtNum(r.min, 2); }],
      ['mean', function (r) { return fmtNum(r.mean, 2); }],
      ['max', function (r) { return fmtNum(r.max, 2); }],
      ['age', function (r) { return fmtAge(r.ageMs); }]
    ],
    actors: [
      ['name', function (r) { return r.k; }],
      ['state', function (r) { return r.state; }],
      ['restarts', function (r) { return String(r.restarts); }],
      ['incarnation', function (r) { return String(r.incarnation); }],
      ['heartbeat', function (r) { return fmtAge(r.hbMs); }],
      ['lastFailure', function (r) { return r.lastFailure || '-'; }]
    ],
    rings: [
      ['name', function (r) { return r.k; }],
      ['fill', function (r) { return r.fill + ' / ' + r.capacity; }],
      ['highWatermark', function (r) { return String(r.highWatermark); }],
      ['dropped', function (r) { return String(r.dropped); }],
      ['conflated', function (r) { return String(r.conflated); }]
    ],
    exchanges: [
      ['name', function (r) { return r.k; }],
      ['connection', function (r) { return r.connection; }],
      ['breaker', function (r) { return r.breaker; }],
      ['dataAge', function (r) { return fmtAge(r.dataAgeMs); }]
    ]
  };
  var rowsByTable = {};
  Object.keys(tables).forEach(function (t) { rowsByTable[t] = new Map(); });

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
  function setAttr(el, name, value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }

  function patchTable(name, rows) {
    var tbody = document.getElementById(name);
    var cols = tables[name];
    var index = rowsByTable[name];
    var seen = new Set();
    var prev = null;
    rows.forEach(function (row) {
      var tr = index.get(row.k);
      if (!tr) {
        tr = document.createElement('tr');
        tr.dataset.key = row.k;
        cols.forEach(function (c) { var td = document.createElement('td'); td.dataset.field = c[0]; tr.appendChild(td); });
        index.set(row.k, tr);
      }
      var want = prev ? prev.nextSibling : tbody.firstChild;
      if (want !== tr) tbody.insertBefore(tr, want);
      cols.forEach(function (c, i) { setText(tr.cells[i], c[1](row)); });
      if (row.state !== undefined) setAttr(tr, 'data-state', row.state);
      if (row.stale !== undefined) setAttr(tr, 'data-stale', String(row.stale));
      if (row.bps !== undefined) setAttr(tr, 'data-sign', row.bps > 0 ? 'pos' : 'neg');
      if (row.dropped !== undefined) setAttr(tr, 'data-drops', row.dropped > 0 ? 'yes' : 'no');
      // Truncated cells (long ring names, failure messages) show in full on hover.
      setAttr(tr.cells[cols.length - 1], 'title', tr.cells[cols.length - 1].textContent);
      setAttr(tr.cells[0], 'title', tr.cells[0].textContent);
      seen.add(row.k);
      prev = tr;
    });
    index.forEach(function (tr, k) { if (!seen.has(k)) { tr.remove(); index.delete(k); } });
    setText(document.getElementById(name + '-count'), String(rows.length));
  }

  function patchStatus(f) {
    var badge = document.getElementById('status');
    setText(badge, f.status);
    setAttr(badge, 'data-status', f.status);
    setText(document.getElementById('uptime'), fmtUptime(f.uptimeMs));
    var list = document.getElementById('reasons');
    var joined = f.reasons.join('\n');
    if (list.dataset.joined !== joined) {
      list.dataset.joined = joined;
      list.replaceChildren.apply(list, f.reasons.map(function (r) { var li = document.createElement('li'); li.textContent = r; return li; }));
    }
  }

  var backoffMs = 250;
  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      backoffMs = 250;
      document.body.dataset.live = 'true';
      patchStatus(f);
      Object.keys(tables).forEach(function (t) { patchTable(t, f[t] || []); });
      setText(document.getElementById('updated'), new Date(f.t).toLocaleTimeString());
    };
    ws.onclose = function () {
      document.body.dataset.live = 'false';
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 5000);
    };
  }
  connect();
})();
`;
