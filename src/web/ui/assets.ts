/**
 * The UI's static files, served from the package itself (no CDN: the UI runs in closed networks): the style
 * sheet, the one client script (charts and small conveniences; it reads data only from JSON endpoints and
 * `data-` attributes, never builds HTML from data) and Chart.js from its npm package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A static file. */
export interface Asset {
  readonly contentType: string;
  readonly body: string;
}

const CSS = `
:root { --bg:#f6f7f9; --fg:#1d2330; --muted:#6b7280; --line:#e3e6ea; --accent:#2f5bd3; --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; align-items:center; gap:16px; padding:8px 20px; background:#111827; color:#fff; flex-wrap:wrap; }
header .brand { font-weight:700; letter-spacing:.02em; }
header nav { display:flex; gap:4px; flex-wrap:wrap; flex:1; }
header nav a { color:#cbd5e1; text-decoration:none; padding:4px 8px; border-radius:4px; }
header nav a.active, header nav a:hover { background:#1f2937; color:#fff; }
header .auth a, header .auth { color:#cbd5e1; font-size:12px; }
main { padding:16px 20px 40px; max-width:1400px; }
h1 { font-size:20px; margin:4px 0 14px; }
h2 { font-size:16px; margin:22px 0 8px; }
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); margin-bottom:12px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f0f2f5; font-weight:600; font-size:12px; color:#374151; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
a { color:var(--accent); }
.cards { display:flex; gap:12px; flex-wrap:wrap; margin-bottom:16px; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 14px; min-width:130px; }
.card .value { font-size:20px; font-weight:600; }
.card .label { color:var(--muted); font-size:12px; }
.charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(420px, 1fr)); gap:12px; }
.chart { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 12px; }
.chart h3 { margin:0 0 4px; font-size:13px; color:#374151; }
.chart .plot { position:relative; height:210px; }
.badge { display:inline-block; padding:1px 7px; border-radius:10px; font-size:12px; background:#e5e7eb; }
.badge.ok { background:#dcfce7; color:var(--ok); } .badge.warn { background:#fef3c7; color:var(--warn); }
.badge.bad { background:#fee2e2; color:var(--bad); } .badge.info { background:#e0e7ff; color:#3730a3; }
.tag { font-size:12px; }
.notice { background:#fff8c5; border:1px solid #eac54f; padding:8px 12px; border-radius:6px; }
.empty { color:var(--muted); }
pre { background:#0f172a; color:#e2e8f0; padding:10px 12px; border-radius:6px; overflow:auto; max-height:480px; white-space:pre-wrap; word-break:break-all; }
pre.hex { white-space:pre; }
form.action { display:inline-flex; gap:4px; margin:0 6px 4px 0; align-items:center; }
form.inline { display:flex; gap:8px; flex-wrap:wrap; align-items:end; margin-bottom:12px; }
form label { display:flex; flex-direction:column; font-size:12px; color:#374151; }
input, select { padding:4px 6px; border:1px solid #cbd5e1; border-radius:4px; font:inherit; }
button { padding:4px 10px; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:4px; cursor:pointer; font:inherit; }
.tabs a { margin-right:10px; }
.muted { color:var(--muted); }
dl.props { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; background:#fff; border:1px solid var(--line); padding:10px 14px; border-radius:6px; }
dl.props dt { color:var(--muted); } dl.props dd { margin:0; word-break:break-all; }
`;

const CLIENT_JS = `'use strict';
(function () {
  var base = document.body.getAttribute('data-base') || '';
  var COLORS = ['#2f5bd3', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#0a7ea4', '#bf3989', '#57606a'];
  function fmtTime(t, range) {
    var d = new Date(t);
    return range === 'hour' || range === 'day'
      ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : d.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + d.toLocaleTimeString([], { hour: '2-digit' });
  }
  function draw(canvas, data) {
    if (typeof window.Chart !== 'function') return;
    var kind = canvas.getAttribute('data-chart');
    var range = canvas.getAttribute('data-range') || 'hour';
    var points = (data.series && data.series[range]) || [];
    var labels = points.map(function (p) { return fmtTime(p.t, range); });
    var datasets;
    if (kind === 'topic-lag') {
      var names = Object.keys(data.topicLags || {});
      var times = {};
      names.forEach(function (n) { data.topicLags[n].forEach(function (p) { times[p[0]] = true; }); });
      var ts = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
      labels = ts.map(function (t) { return fmtTime(t, 'hour'); });
      datasets = names.map(function (n, i) {
        var byT = {};
        data.topicLags[n].forEach(function (p) { byT[p[0]] = p[1]; });
        return { label: n, data: ts.map(function (t) { return byT[t] === undefined ? null : byT[t]; }), borderColor: COLORS[i % COLORS.length], tension: 0.2, pointRadius: ts.length < 3 ? 3 : 0 };
      });
    } else {
      var fields = (canvas.getAttribute('data-fields') || '').split(',');
      datasets = fields.map(function (f, i) {
        return { label: f, data: points.map(function (p) { return p[f]; }), borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length] + '33', fill: fields.length === 1, tension: 0.2, pointRadius: points.length < 3 ? 3 : 0 };
      });
    }
    new window.Chart(canvas, {
      type: 'line',
      data: { labels: labels, datasets: datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: datasets.length > 1, position: 'bottom', labels: { boxWidth: 10 } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    canvas.setAttribute('data-drawn', 'true');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var canvases = document.querySelectorAll('canvas[data-chart]');
    if (canvases.length === 0) return;
    fetch(base + '/api/metrics', { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (data) { canvases.forEach(function (c) { draw(c, data); }); })
      .catch(function () { canvases.forEach(function (c) { c.setAttribute('data-drawn', 'failed'); }); });
  });
})();
`;

let chartJs: string | undefined;

/** Chart.js, read once from its package. */
function chartJsSource(): string {
  if (chartJs === undefined) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('chart.js'));
    chartJs = readFileSync(path.join(dist, 'chart.umd.min.js'), 'utf8');
  }
  return chartJs;
}

/** The static file named `name`, if there is one. */
export function asset(name: string): Asset | undefined {
  switch (name) {
    case 'app.css':
      return { contentType: 'text/css; charset=utf-8', body: CSS };
    case 'app.js':
      return { contentType: 'text/javascript; charset=utf-8', body: CLIENT_JS };
    case 'chart.umd.js':
      return { contentType: 'text/javascript; charset=utf-8', body: chartJsSource() };
    default:
      return undefined;
  }
}
