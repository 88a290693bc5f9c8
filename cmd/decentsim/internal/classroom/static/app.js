// decentsim classroom page. Plain JavaScript, no libraries: everything the
// page needs is served by `decentsim serve` itself.
"use strict";

const TITLES = {
  service_quality: "Service quality",
  budget_gini: "Budget inequality between villages (Gini)",
  leakage_share: "Money lost to leakage",
  unrest_active: "Citizens protesting",
  legitimacy: "Legitimacy of local government",
  downward_orientation: "Akims' attention to residents",
};
const COLORS = ["#0b5cad", "#c0392b", "#1e8449", "#7d3c98"]; // current run first
const DASHES = ["", "8 4", "3 3", "12 4 3 4"];
const KEEP = 3; // finished runs kept beside the current one
const FILES = ["summary.md", "summary.csv", "series.csv", "elections.csv", "scenario.toml", "manifest.json", "charts/dashboard.png"];

const client = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
const state = {
  limits: null,
  source: null,    // {scenario} or {source, filename}
  view: null,      // the loaded scenario: levers, trials, months, seed
  values: {},      // lever key -> value
  live: null,      // {id, label, snap, es}
  kept: [],        // finished runs: {id, label, snap}
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k) e.append(k);
  return e;
}

function svgEl(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

async function api(url, opts) {
  const res = await fetch(url, opts);
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw body;
  return body;
}

function showProblems(err) {
  const box = $("problems");
  box.replaceChildren();
  if (!err) { box.hidden = true; return; }
  box.append(el("strong", { text: err.error || String(err) }));
  for (const p of err.problems || []) box.append(el("pre", { text: p.text }));
  box.hidden = false;
}

function setStatus(text) { $("status").textContent = text; }

// ---- scenario and levers ----

async function init() {
  $("projector").addEventListener("click", toggleProjector);
  $("scenario").addEventListener("change", () => loadEmbedded($("scenario").value));
  $("upload").addEventListener("change", loadUpload);
  $("reset").addEventListener("click", () => { if (state.view) renderLevers(state.view.levers); });
  $("setup").addEventListener("submit", (e) => { e.preventDefault(); startRun(); });
  $("stop").addEventListener("click", stopRun);
  try {
    const list = await api("/api/scenarios");
    state.limits = list.limits;
    for (const s of list.scenarios) {
      $("scenario").append(el("option", { value: s.name, text: s.name, selected: s.name === list.default }));
    }
    $("trials").max = list.limits.max_trials;
    $("months").max = list.limits.max_months;
    await loadEmbedded($("scenario").value);
  } catch (err) { showProblems(err); }
  drawAll();
}

function toggleProjector() {
  const on = document.body.classList.toggle("projector");
  $("projector").setAttribute("aria-pressed", String(on));
  drawAll();
}

// menuShowsUpload puts the upload in the scenario menu, so that picking an
// embedded scenario afterwards is a change the menu reports.
function menuShowsUpload(name) {
  const menu = $("scenario");
  let opt = menu.querySelector("option[data-upload]");
  if (!opt) {
    opt = el("option", { value: "", "data-upload": "", disabled: true });
    menu.prepend(opt);
  }
  opt.textContent = `(uploaded: ${name})`;
  menu.value = "";
  opt.selected = true;
}

async function loadEmbedded(name) {
  if (!name) return;
  try {
    const view = await api("/api/scenario?name=" + encodeURIComponent(name));
    state.source = { scenario: name };
    $("upload").value = "";
    $("source").textContent = "";
    const up = $("scenario").querySelector("option[data-upload]");
    if (up) up.remove();
    applyView(view);
  } catch (err) { showProblems(err); }
}

async function loadUpload() {
  const file = $("upload").files[0];
  if (!file) return;
  const limit = state.limits ? state.limits.max_upload : 65536;
  if (file.size > limit) {
    showProblems({ error: `${file.name} is larger than this server accepts (${limit >> 10} KiB)` });
    return;
  }
  const text = await file.text();
  try {
    const view = await api("/api/scenario?filename=" + encodeURIComponent(file.name), { method: "POST", body: text });
    state.source = { source: text, filename: file.name };
    $("source").textContent = `Using the uploaded file ${file.name}.`;
    menuShowsUpload(file.name);
    applyView(view);
  } catch (err) {
    state.source = null;
    $("source").textContent = `${file.name} could not be used; pick a scenario or upload another file.`;
    menuShowsUpload(file.name);
    showProblems(err);
  }
}

function applyView(view) {
  showProblems(view.problems && view.problems.length
    ? { error: "This scenario cannot run on this server:", problems: view.problems.map((text) => ({ text })) }
    : null);
  state.view = view;
  $("scenario-description").textContent = `${view.description || ""} (${view.agents.toLocaleString()} citizen agents)`;
  $("trials").value = Math.min(view.trials, 50);
  $("months").value = view.months;
  $("seed").value = view.seed;
  renderLevers(view.levers);
}

function formatValue(l, v) {
  if (l.kind !== "number") return String(v);
  const s = Number(v).toLocaleString(undefined, { maximumFractionDigits: l.step < 0.05 ? 2 : l.step < 1 ? 2 : 0 });
  return l.unit ? `${s} ${l.unit}` : s;
}

function renderLevers(levers) {
  const box = $("levers");
  box.replaceChildren();
  state.values = {};
  for (const l of levers) {
    const id = "lever-" + l.key.replace(/[^a-z0-9]/g, "-");
    let helpText = l.help;
    if (l.event_months && l.event_months.length) {
      helpText += ` This scenario's events set it in month${l.event_months.length > 1 ? "s" : ""} ${l.event_months.join(", ")}, whatever you choose here.`;
    }
    const help = el("p", { class: "help", id: id + "-help", text: helpText });
    const wrap = el("div", { class: "lever", "data-key": l.key });
    state.values[l.key] = l.value;
    const mark = () => wrap.classList.toggle("changed", String(state.values[l.key]) !== String(l.value));
    let control;
    if (l.kind === "choice") {
      control = el("select", { id, "aria-describedby": help.id });
      for (const o of l.options) control.append(el("option", { value: o, text: o, selected: o === l.value }));
      control.addEventListener("change", () => { state.values[l.key] = control.value; mark(); });
      wrap.append(el("label", { for: id, text: l.label }), control, help);
    } else if (l.kind === "bool") {
      control = el("input", { type: "checkbox", id, "aria-describedby": help.id, checked: l.value });
      control.addEventListener("change", () => { state.values[l.key] = control.checked; mark(); });
      const label = el("label", { for: id }, control, document.createTextNode(" " + l.label));
      wrap.append(label, help);
    } else {
      const out = el("output", { for: id, id: id + "-out", text: formatValue(l, l.value) });
      control = el("input", { type: "range", id, min: l.min, max: l.max, step: l.step || "any", value: l.value, "aria-describedby": help.id });
      control.addEventListener("input", () => {
        state.values[l.key] = Number(control.value);
        out.textContent = formatValue(l, control.value);
        control.setAttribute("aria-valuetext", out.textContent);
        mark();
      });
      wrap.append(el("label", { for: id, text: l.label }), el("div", { class: "row" }, control, out), help);
    }
    box.append(wrap);
  }
}

// changedLevers describes the levers moved from the scenario's values.
function changedLevers() {
  const out = [];
  for (const l of state.view.levers) {
    const v = state.values[l.key];
    if (String(v) !== String(l.value)) out.push(`${l.key.split(".")[1]} = ${formatValue(l, v)}`);
  }
  return out;
}

// ---- runs ----

let starting = false; // a run request is on its way: Run waits for it

async function startRun() {
  if (starting) return;
  if (!state.view || !state.source) { showProblems({ error: "Pick a scenario or upload a valid file first." }); return; }
  closeLive();
  // Numbers go as typed: the server checks them, and a seed may be larger
  // than a JavaScript number holds exactly.
  const req = Object.assign({ client, levers: state.values,
    trials: $("trials").value.trim(), months: $("months").value.trim() }, state.source);
  if ($("seed").value.trim() !== "") req.seed = $("seed").value.trim();
  let started;
  starting = true;
  $("run").disabled = true;
  try {
    started = await api("/api/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
  } catch (err) { showProblems(err); setStatus("Not started."); return; } finally {
    starting = false;
    $("run").disabled = false;
  }
  showProblems(null);
  const changed = changedLevers();
  const label = `${started.name}${changed.length ? " · " + changed.join(", ") : ""} · ${started.trials} trials, seed ${started.seed}`;
  state.live = { id: started.id, label, snap: null };
  setProgress(0, started.trials);
  setStatus(`Running ${started.trials} trials…`);
  $("run").textContent = "Run again";
  $("stop").disabled = false;
  const es = new EventSource(`/api/runs/${started.id}/events`);
  state.live.es = es;
  // Events of an earlier run's stream (still closing) are ignored.
  const mine = () => state.live && state.live.es === es;
  const onSnap = (e) => {
    if (!mine()) return;
    const snap = JSON.parse(e.data);
    state.live.snap = snap;
    setProgress(snap.done, snap.trials);
    if (snap.state === "running") {
      setStatus(`${snap.done} of ${snap.trials} trials finished`);
    }
    drawAll();
  };
  es.addEventListener("progress", onSnap);
  es.addEventListener("end", (e) => {
    if (!mine()) { es.close(); return; }
    onSnap(e);
    finishLive();
  });
  es.onerror = () => {
    if (mine()) {
      setStatus("Lost contact with the server; the run was stopped.");
      closeLive();
    }
  };
}

function setProgress(done, total) {
  const p = $("progress");
  p.max = Math.max(total, 1);
  p.value = done;
  p.dataset.done = done;
  p.dataset.total = total;
}

function closeLive() {
  if (state.live && state.live.es) state.live.es.close();
  state.live = null;
  $("stop").disabled = true;
}

async function stopRun() {
  if (!state.live) return;
  const id = state.live.id;
  try { await fetch(`/api/runs/${id}`, { method: "DELETE" }); } catch (_) { /* the stream's end says */ }
}

function finishLive() {
  const live = state.live;
  live.es.close();
  const snap = live.snap;
  if (!snap) { closeLive(); return; }
  $("stop").disabled = true;
  if (snap.state === "done") {
    setStatus(`Finished: ${snap.trials} trials. Its files are under Kept runs.`);
  } else if (snap.state === "interrupted") {
    setStatus(`Stopped after ${snap.done} of ${snap.trials} trials` + (snap.error ? `: ${snap.error}` : "."));
  } else {
    setStatus("The run failed: " + (snap.error || "unknown error"));
  }
  state.live = null;
  if (snap.done > 0) {
    state.kept.unshift({ id: live.id, label: live.label, snap });
    state.kept = state.kept.slice(0, KEEP);
  }
  renderRuns();
  drawAll();
}

function renderRuns() {
  const list = $("runs");
  list.replaceChildren();
  state.kept.forEach((r, i) => {
    const files = el("div", { class: "files" });
    for (const f of FILES) {
      if (r.snap.files && r.snap.files.includes(f)) {
        files.append(el("a", { href: `/api/runs/${r.id}/files/${f}`, download: "", text: f.replace("charts/", "") }));
      }
    }
    files.append(el("a", { href: `/api/runs/${r.id}/files.zip`, download: "", text: "all files (.zip)" }));
    const remove = el("button", { type: "button", class: "link", text: "remove" });
    remove.addEventListener("click", () => { state.kept.splice(i, 1); renderRuns(); drawAll(); });
    const note = r.snap.state === "done" ? "" : ` (stopped after ${r.snap.done} trials)`;
    list.append(el("li", { class: "run", "data-id": r.id },
      el("strong", { text: r.label + note }), document.createTextNode(" "), remove, files));
  });
}

// ---- charts ----

// shown lists the runs on the charts: the current one first, then the kept.
function shown() {
  const runs = [];
  if (state.live && state.live.snap && state.live.snap.done > 0) runs.push({ label: "current: " + state.live.label, snap: state.live.snap });
  for (const r of state.kept) runs.push(r);
  return runs.slice(0, KEEP + 1).map((r, i) => Object.assign({ color: COLORS[i], dash: DASHES[i] }, r));
}

function drawAll() {
  const runs = shown();
  drawLegend(runs);
  const names = runs.length ? runs[0].snap.metrics.map((m) => m.name) : Object.keys(TITLES);
  const box = $("charts");
  if (box.children.length !== names.length) {
    box.replaceChildren(...names.map((n) => el("figure", { class: "chart", "data-metric": n })));
  }
  names.forEach((name, i) => drawChart(box.children[i], name, runs));
  drawTable(runs, names);
}

function drawLegend(runs) {
  const box = $("legend");
  box.replaceChildren();
  for (const r of runs) {
    const sw = svgEl("svg", { viewBox: "0 0 32 12", "aria-hidden": "true" });
    sw.append(svgEl("line", { x1: 0, y1: 6, x2: 32, y2: 6, stroke: r.color, "stroke-width": 3, "stroke-dasharray": r.dash }));
    box.append(el("span", {}, sw, document.createTextNode(r.label)));
  }
  if (!runs.length) box.append(el("span", { class: "help", text: "No runs yet." }));
}

function niceTicks(lo, hi, n) {
  const span = hi - lo || 1;
  const step0 = span / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

function drawChart(fig, name, runs) {
  const big = document.body.classList.contains("projector");
  const W = 440, H = big ? 300 : 260, L = big ? 58 : 48, R = 12, T = 10, B = big ? 44 : 38;
  let unit = "";
  let months = 0, lo = Infinity, hi = -Infinity;
  const series = [];
  for (const r of runs) {
    const m = r.snap.metrics.find((x) => x.name === name);
    if (!m) continue;
    unit = m.unit;
    months = Math.max(months, m.mean.length);
    series.push({ r, m });
  }
  // A 0-1 quantity's interval is cut to [0, 1]: it cannot leave it.
  const bounded = /0-1/.test(unit);
  const clamp = (v) => (v === null || !bounded ? v : Math.min(1, Math.max(0, v)));
  for (const { m } of series) {
    for (const arr of [m.mean, m.low, m.high]) for (const v0 of arr) {
      const v = clamp(v0);
      if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  if (bounded) { lo = 0; hi = Math.min(1, Math.max(hi * 1.1, 0.01)); }
  if (hi - lo < 1e-9) { hi = lo + 1; }
  months = Math.max(months, 12);
  // Month m is drawn at its end: m/12 years from the start.
  const x = (mo) => L + (W - L - R) * mo / months;
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const desc = series.map(({ r, m }) => {
    const last = m.mean.filter((v) => v !== null).pop();
    return `${r.label}: ${last === undefined ? "no data" : last.toFixed(3)} in the last month`;
  }).join("; ");
  svg.setAttribute("aria-label", `${TITLES[name] || name} (${unit}) by year. ${desc || "No runs yet."}`);
  for (const t of niceTicks(lo, hi, 5)) {
    svg.append(svgEl("line", { class: "grid", x1: L, x2: W - R, y1: y(t), y2: y(t) }));
    const tx = svgEl("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end" });
    tx.textContent = Math.abs(t) >= 1000 ? t.toLocaleString() : String(+t.toFixed(3));
    svg.append(tx);
  }
  const years = months / 12;
  const ystep = years > 12 ? 2 : 1;
  for (let yr = 0; yr <= years; yr += ystep) {
    const tx = svgEl("text", { x: x(yr * 12), y: H - B + 16, "text-anchor": "middle" });
    tx.textContent = String(yr);
    svg.append(tx);
  }
  const xl = svgEl("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" });
  xl.textContent = "year";
  svg.append(xl);
  svg.append(svgEl("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  svg.append(svgEl("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  // Bands first, then the means on top, the current run last.
  for (const { r, m } of series.slice().reverse()) {
    // One polygon per stretch of months with an interval (none at gaps).
    let pts = [];
    const flush = () => {
      if (pts.length > 1) {
        const d = pts.map(([mo, l]) => `${x(mo).toFixed(1)},${y(l).toFixed(1)}`)
          .concat(pts.slice().reverse().map(([mo, , h]) => `${x(mo).toFixed(1)},${y(h).toFixed(1)}`));
        svg.append(svgEl("polygon", { class: "band", fill: r.color, points: d.join(" ") }));
      }
      pts = [];
    };
    for (let i = 0; i < m.mean.length; i++) {
      if (m.low[i] === null || m.high[i] === null) { flush(); continue; }
      pts.push([i + 1, clamp(m.low[i]), clamp(m.high[i])]);
    }
    flush();
  }
  for (const { r, m } of series.slice().reverse()) {
    let d = "", pen = false;
    m.mean.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? "L" : "M"}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d) svg.append(svgEl("path", { class: "mean", d, stroke: r.color, "stroke-dasharray": r.dash }));
  }
  const cap = el("figcaption", {}, el("h3", { text: TITLES[name] || name }), el("span", { class: "help", text: unit }));
  fig.dataset.trials = runs.length ? runs[0].snap.done : 0;
  fig.dataset.runs = series.length;
  fig.replaceChildren(cap, svg);
}

function fmt(v) { return v === null || v === undefined ? "–" : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3)); }

function drawTable(runs, names) {
  const head = el("tr", {}, el("th", { scope: "col", text: "Outcome" }));
  for (const r of runs) {
    const th = el("th", { scope: "col", text: r.label });
    th.style.borderTop = `4px solid ${r.color}`; // CSSOM: the page's policy allows no inline style attributes
    head.append(th);
  }
  const rows = names.map((name) => {
    const tr = el("tr", {}, el("th", { scope: "row", text: TITLES[name] || name }));
    for (const r of runs) {
      const f = (r.snap.final || []).find((x) => x.name === name);
      tr.append(el("td", { text: f ? `${fmt(f.mean)} (${fmt(f.low)} to ${fmt(f.high)})` : "–" }));
    }
    return tr;
  });
  const table = $("compare-table");
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows);
  table.dataset.runs = runs.length;
}

document.addEventListener("DOMContentLoaded", init);
