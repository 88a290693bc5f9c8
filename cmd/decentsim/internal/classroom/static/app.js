// decentsim classroom page. Plain JavaScript, no libraries: everything the
// page needs is served by `decentsim serve` itself. Every string the page
// shows comes from the catalog of the chosen language (static/i18n/).
"use strict";

// How each headline metric is shown: its values times scale, in the
// catalog's unit. Keys stay English, as in the scenario and series.csv.
const DISPLAY = {
  service_quality: { scale: 100, unit: "unit.index100", bounded: true },
  budget_gini: { scale: 100, unit: "unit.gini100", bounded: true },
  leakage_share: { scale: 100, unit: "unit.percent", bounded: true },
  unrest_active: { scale: 1000, unit: "unit.per1000", bounded: false },
  legitimacy: { scale: 100, unit: "unit.index100", bounded: true },
  downward_orientation: { scale: 100, unit: "unit.percent", bounded: true },
};
const COLORS = ["#0b5cad", "#c0392b", "#1e8449", "#7d3c98"]; // current run first
const DASHES = ["", "8 4", "3 3", "12 4 3 4"];
const KEEP = 3; // finished runs kept beside the current one
const FILES = ["summary.md", "summary.csv", "series.csv", "elections.csv", "events.csv", "scenario.toml", "manifest.json", "charts/dashboard.png"];
const LANGS = ["en", "ru", "kk"];
const STORY_MAX = 400; // story rows drawn at once

const client = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
const state = {
  limits: null,
  source: null,    // {scenario} or {source, filename}
  view: null,      // the loaded scenario: levers, trials, months, seed
  values: {},      // lever key -> value
  live: null,      // {id, label, snap, es}
  kept: [],        // finished runs: {id, label, snap, district}
  lang: "en",
  cat: {},         // the chosen language's catalog
  en: {},          // the English catalog, for keys a catalog lacks
  status: ["status.idle", {}],
  tab: "charts",
};

const $ = (id) => document.getElementById(id);

// t returns the catalog's text for key with {name} replaced from vars.
function t(key, vars) {
  let s = state.cat[key];
  if (s === undefined) s = state.en[key];
  if (s === undefined) s = key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (vars && vars[k] !== undefined ? vars[k] : m));
}

// tOr is t for a key the catalog may not hold (a scenario's description):
// fallback when it does not.
function tOr(key, fallback) { return state.cat[key] || state.en[key] || fallback; }

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

// serverHeadline says the server's headline for a refused scenario or run
// in the page's language when it is one the catalog knows; the problems
// themselves are the command line's, in English.
function serverHeadline(msg) {
  if (msg === "the scenario has a problem") return t("error.problem");
  if (msg === "the run is too large for this server") return t("error.too_large");
  const m = /^the scenario has (\d+) problems$/.exec(msg);
  return m ? t("error.problems", { n: m[1] }) : msg;
}

function showProblems(err) {
  const box = $("problems");
  box.replaceChildren();
  if (!err) { box.hidden = true; return; }
  box.append(el("strong", { text: serverHeadline(err.error || String(err)) }));
  if (state.lang !== "en" && (err.problems || []).length) box.append(el("span", { class: "help", text: " " + t("error.details") }));
  for (const p of err.problems || []) box.append(el("pre", { text: p.text }));
  box.hidden = false;
}

// setStatus shows the catalog's key with vars, and keeps them so that a
// change of language says it again.
function setStatus(key, vars) {
  state.status = [key, vars || {}];
  $("status").textContent = t(key, vars);
}

// num formats x in the page's language with at most digits decimals.
function num(x, digits) {
  return Number(x).toLocaleString(state.lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

// ---- languages ----

async function loadCatalog(lang) {
  const res = await fetch(`/static/i18n/${lang}.json`);
  if (!res.ok) throw new Error(`catalog ${lang}: ${res.status}`);
  return res.json();
}

async function setLang(lang) {
  if (!LANGS.includes(lang)) lang = "en";
  try {
    state.cat = lang === "en" ? state.en : await loadCatalog(lang);
  } catch (_) { lang = "en"; state.cat = state.en; }
  state.lang = lang;
  try { localStorage.setItem("decentsim.lang", lang); } catch (_) { /* private mode: not remembered */ }
  document.documentElement.lang = lang;
  $("lang").value = lang;
  translateStatic();
  if (state.view) {
    describeScenario();
    renderLevers(state.view.levers, state.values);
  }
  $("run").textContent = t(state.kept.length || state.live ? "run.again" : "run.run");
  $("status").textContent = t(state.status[0], state.status[1]);
  renderRuns();
  drawAll();
  District.redraw();
  Story.redraw();
}

// translateStatic fills the page's fixed text: data-i18n sets the text,
// data-i18n-aria the aria-label.
function translateStatic() {
  document.title = t("page.title");
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-aria]")) e.setAttribute("aria-label", t(e.dataset.i18nAria));
  const on = document.body.classList.contains("levers-open");
  $("levers-toggle").textContent = t(on ? "tools.levers_hide" : "tools.levers_show");
}

// ---- scenario and levers ----

async function init() {
  state.en = await loadCatalog("en");
  state.cat = state.en;
  $("lang").addEventListener("change", () => setLang($("lang").value));
  $("projector").addEventListener("click", toggleProjector);
  $("levers-toggle").addEventListener("click", toggleLevers);
  $("print").addEventListener("click", () => window.print());
  $("scenario").addEventListener("change", () => loadEmbedded($("scenario").value));
  $("upload").addEventListener("change", loadUpload);
  $("reset").addEventListener("click", () => { if (state.view) renderLevers(state.view.levers); });
  $("setup").addEventListener("submit", (e) => { e.preventDefault(); startRun(); });
  $("stop").addEventListener("click", stopRun);
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const b of tabs) {
    b.addEventListener("click", () => showTab(b.dataset.tab));
    // Arrow keys move between the tabs, as in a tab list.
    b.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(b) + step + tabs.length) % tabs.length];
      showTab(next.dataset.tab);
      next.focus();
      e.preventDefault();
    });
  }
  window.addEventListener("beforeprint", preparePrint);
  window.addEventListener("afterprint", () => { printing = false; drawAll(); });
  let resize = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    resize = setTimeout(() => { drawAll(); District.redraw(); }, 150);
  });
  District.init();
  Story.init();
  let saved = "en";
  try { saved = localStorage.getItem("decentsim.lang") || navigator.language.slice(0, 2); } catch (_) { /* none */ }
  await setLang(LANGS.includes(saved) ? saved : "en");
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

function showTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll("[role=tab]")) {
    const on = b.dataset.tab === name;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
    $("panel-" + b.dataset.tab).hidden = !on;
  }
  if (name === "district") District.redraw();
  if (name === "charts") drawAll();
}

function toggleProjector() {
  const on = document.body.classList.toggle("projector");
  $("projector").setAttribute("aria-pressed", String(on));
  document.body.classList.toggle("levers-open", !on);
  translateStatic();
  drawAll();
  District.redraw();
}

function toggleLevers() {
  const on = document.body.classList.toggle("levers-open");
  $("levers-toggle").setAttribute("aria-pressed", String(on));
  translateStatic();
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
  opt.dataset.name = name;
  opt.textContent = t("setup.uploaded", { name });
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
    $("file-name").dataset.i18n = "setup.no_file";
    $("file-name").textContent = t("setup.no_file");
    const up = $("scenario").querySelector("option[data-upload]");
    if (up) up.remove();
    applyView(view);
  } catch (err) { showProblems(err); }
}

async function loadUpload() {
  const file = $("upload").files[0];
  if (!file) return;
  $("file-name").removeAttribute("data-i18n");
  $("file-name").textContent = file.name;
  const limit = state.limits ? state.limits.max_upload : 65536;
  if (file.size > limit) {
    showProblems({ error: t("setup.too_large", { name: file.name, kib: limit >> 10 }) });
    return;
  }
  const text = await file.text();
  try {
    const view = await api("/api/scenario?filename=" + encodeURIComponent(file.name), { method: "POST", body: text });
    state.source = { source: text, filename: file.name };
    $("source").textContent = t("setup.using_upload", { name: file.name });
    menuShowsUpload(file.name);
    applyView(view);
  } catch (err) {
    state.source = null;
    $("source").textContent = t("setup.upload_failed", { name: file.name });
    menuShowsUpload(file.name);
    showProblems(err);
  }
}

function applyView(view) {
  showProblems(view.problems && view.problems.length
    ? { error: t("setup.cannot_run"), problems: view.problems.map((text) => ({ text })) }
    : null);
  state.view = view;
  describeScenario();
  $("trials").value = Math.min(view.trials, 50);
  $("months").value = view.months;
  $("seed").value = view.seed;
  renderLevers(view.levers);
}

function describeScenario() {
  const v = state.view;
  const desc = state.source && state.source.scenario ? tOr("scenario." + v.name, v.description || "") : (v.description || "");
  $("scenario-description").textContent = `${desc} (${t("setup.agents", { n: num(v.agents, 0) })})`;
  const up = $("scenario").querySelector("option[data-upload]");
  if (up) up.textContent = t("setup.uploaded", { name: up.dataset.name });
}

// PERCENT_LEVERS are the levers that are shares or chances, shown in
// percent (the scenario holds them from 0 to 1).
const PERCENT_LEVERS = ["fiscal.own_revenue_share", "participation.budget_share", "institutions.pressure"];

// leverText is the text shown for lever l's value v.
function leverText(l, v) {
  if (l.kind === "choice") return t("option." + v);
  if (l.kind === "bool") return t(v ? "option.on" : "option.off");
  if (PERCENT_LEVERS.includes(l.key)) return `${num(Number(v) * 100, 0)}%`;
  const s = num(v, l.step < 1 ? 2 : 0);
  return l.unit ? `${s} ${t("unit." + l.unit)}` : s;
}

// renderLevers draws the levers, at values (the scenario's if not given).
function renderLevers(levers, values) {
  const box = $("levers");
  box.replaceChildren();
  state.values = Object.assign({}, values || {});
  for (const l of levers) {
    if (!(l.key in state.values)) state.values[l.key] = l.value;
    box.append(leverControl(l));
  }
}

function leverControl(l) {
  const id = "lever-" + l.key.replace(/[^a-z0-9]/g, "-");
  let helpText = t("lever." + l.key + ".help");
  if (l.event_months && l.event_months.length) helpText += " " + t("setup.event_months", { months: l.event_months.join(", ") });
  const help = el("p", { class: "help", id: id + "-help", text: helpText });
  const wrap = el("div", { class: "lever", "data-key": l.key });
  const label = t("lever." + l.key);
  const cur = state.values[l.key];
  const mark = () => wrap.classList.toggle("changed", String(state.values[l.key]) !== String(l.value));
  const changedMark = el("span", { class: "changed-mark", text: " " + t("setup.changed") });
  let control;
  if (l.kind === "choice") {
    control = el("select", { id, "aria-describedby": help.id });
    for (const o of l.options) control.append(el("option", { value: o, text: t("option." + o), selected: o === cur }));
    control.addEventListener("change", () => { state.values[l.key] = control.value; mark(); });
    wrap.append(el("label", { for: id }, document.createTextNode(label), changedMark), control, help);
  } else if (l.kind === "bool") {
    control = el("input", { type: "checkbox", id, "aria-describedby": help.id, checked: cur });
    control.addEventListener("change", () => { state.values[l.key] = control.checked; mark(); });
    wrap.append(el("label", { for: id }, control, document.createTextNode(" " + label), changedMark), help);
  } else {
    const out = el("output", { for: id, id: id + "-out", text: leverText(l, cur) });
    control = el("input", { type: "range", id, min: l.min, max: l.max, step: l.step || "any", value: cur, "aria-describedby": help.id });
    control.addEventListener("input", () => {
      state.values[l.key] = Number(control.value);
      out.textContent = leverText(l, control.value);
      control.setAttribute("aria-valuetext", out.textContent);
      mark();
    });
    wrap.append(el("label", { for: id }, document.createTextNode(label), changedMark), el("div", { class: "row" }, control, out), help);
  }
  mark();
  return wrap;
}

// changedLevers lists the levers moved from the scenario's values, as
// {key, lever, value}: the run's label says them in the page's language.
function changedLevers() {
  const out = [];
  for (const l of state.view.levers) {
    const v = state.values[l.key];
    if (String(v) !== String(l.value)) out.push({ l, v });
  }
  return out;
}

// runLabel is a run's label in the page's language.
function runLabel(info) {
  const levers = info.changed.map(({ l, v }) => `${l.key.split(".")[1]} = ${leverText(l, v)}`).join(", ");
  const vars = { scenario: info.name, levers, trials: info.trials, seed: info.seed };
  return t(levers ? "runs.label_levers" : "runs.label", vars);
}

// ---- runs ----

let starting = false; // a run request is on its way: Run waits for it

async function startRun() {
  if (starting) return;
  if (!state.view || !state.source) { showProblems({ error: t("setup.pick_first") }); return; }
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
  } catch (err) { showProblems(err); setStatus("status.not_started"); return; } finally {
    starting = false;
    $("run").disabled = false;
  }
  showProblems(null);
  const info = { name: started.name, trials: started.trials, seed: started.seed, changed: changedLevers(),
    levers: state.view.levers.map((l) => ({ l, v: state.values[l.key] })) };
  state.live = { id: started.id, info, snap: null };
  setProgress(0, started.trials);
  setStatus("status.running", { trials: started.trials });
  $("run").textContent = t("run.again");
  $("stop").disabled = false;
  watchRun(started.id);
}

function watchRun(id) {
  const es = new EventSource(`/api/runs/${id}/events`);
  state.live.es = es;
  // Events of an earlier run's stream (still closing) are ignored.
  const mine = () => state.live && state.live.es === es;
  const onSnap = (e) => {
    if (!mine()) return;
    const snap = JSON.parse(e.data);
    state.live.snap = snap;
    setProgress(snap.done, snap.trials);
    if (snap.state === "running") setStatus("status.progress", { done: snap.done, trials: snap.trials });
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
      setStatus("status.lost");
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
  const vars = { trials: snap.trials, done: snap.done, error: snap.error || "" };
  if (snap.state === "done") setStatus("status.finished", vars);
  else if (snap.state === "interrupted") setStatus(snap.error ? "status.stopped_why" : "status.stopped", vars);
  else setStatus("status.failed", vars);
  state.live = null;
  if (snap.done > 0) {
    state.kept.unshift({ id: live.id, info: live.info, snap });
    state.kept = state.kept.slice(0, KEEP);
  }
  renderRuns();
  drawAll();
  District.runsChanged();
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
    files.append(el("a", { href: `/api/runs/${r.id}/files.zip`, download: "", text: t("runs.all_files") }));
    const remove = el("button", { type: "button", class: "link", text: t("runs.remove") });
    remove.addEventListener("click", () => { state.kept.splice(i, 1); renderRuns(); drawAll(); District.runsChanged(); });
    const note = r.snap.state === "done" ? "" : " " + t("runs.stopped_after", { done: r.snap.done });
    list.append(el("li", { class: "run", "data-id": r.id },
      el("strong", { text: runLabel(r.info) + note }), document.createTextNode(" "), remove, files));
  });
}

// ---- charts ----

// shown lists the runs on the charts: the current one first, then the kept.
function shown() {
  const runs = [];
  if (state.live && state.live.snap && state.live.snap.done > 0) {
    runs.push({ label: t("charts.current", { label: runLabel(state.live.info) }), info: state.live.info, snap: state.live.snap });
  }
  for (const r of state.kept) runs.push(Object.assign({ label: runLabel(r.info) }, r));
  return runs.slice(0, KEEP + 1).map((r, i) => Object.assign({ color: COLORS[i], dash: DASHES[i] }, r));
}

function drawAll() {
  const runs = shown();
  drawLegend(runs);
  const names = runs.length ? runs[0].snap.metrics.map((m) => m.name) : Object.keys(DISPLAY);
  const box = $("charts");
  if (box.children.length !== names.length) {
    box.replaceChildren(...names.map((n) => el("figure", { class: "chart", "data-metric": n })));
  }
  names.forEach((name, i) => drawChart(box.children[i], name, runs));
  drawTable(runs, names);
  drawPrintLevers(runs);
}

function drawLegend(runs) {
  const box = $("legend");
  box.replaceChildren();
  for (const r of runs) {
    const sw = svgEl("svg", { viewBox: "0 0 32 12", "aria-hidden": "true" });
    sw.append(svgEl("line", { x1: 0, y1: 6, x2: 32, y2: 6, stroke: r.color, "stroke-width": 3, "stroke-dasharray": r.dash }));
    box.append(el("span", {}, sw, document.createTextNode(r.label)));
  }
  if (!runs.length) box.append(el("span", { class: "help", text: t("charts.no_runs") }));
}

function niceTicks(lo, hi, n) {
  const span = hi - lo || 1;
  const step0 = span / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
  const ticks = [];
  for (let x = Math.ceil(lo / step) * step; x <= hi + step * 1e-9; x += step) ticks.push(Number(x.toFixed(10)));
  return ticks;
}

// display returns how metric name is shown: scale, unit text, bounded.
function display(name, unit) {
  const d = DISPLAY[name];
  if (!d) return { scale: 1, unit, bounded: /0-1/.test(unit), max: 1 };
  return { scale: d.scale, unit: t(d.unit), bounded: d.bounded, max: d.scale };
}

// fmt formats a shown value: few decimals, more for small numbers.
function fmt(v) {
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  return num(v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

// chartData collects the runs' series of metric name, scaled, with the
// range they cover.
function chartData(name, runs) {
  let months = 0, lo = Infinity, hi = -Infinity, unit = "";
  const series = [];
  for (const r of runs) {
    const m = r.snap.metrics.find((x) => x.name === name);
    if (!m) continue;
    unit = m.unit;
    months = Math.max(months, m.mean.length);
    series.push({ r, m });
  }
  const d = display(name, unit);
  // A bounded quantity's interval is cut to its range: it cannot leave it.
  const sc = (v) => (v === null ? null : d.bounded ? Math.min(d.max, Math.max(0, v * d.scale)) : v * d.scale);
  for (const s of series) {
    s.mean = s.m.mean.map(sc); s.low = s.m.low.map(sc); s.high = s.m.high.map(sc);
    for (const arr of [s.mean, s.low, s.high]) for (const v of arr) {
      if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  if (!isFinite(lo)) { lo = 0; hi = d.bounded ? d.max : 1; }
  lo = Math.min(0, lo); // axes from zero
  hi = d.bounded ? Math.min(d.max, Math.max(hi * 1.1, d.max / 100)) : Math.max(hi * 1.1, 1);
  if (hi - lo < 1e-9) hi = lo + 1;
  return { series, d, lo, hi, months: Math.max(months, 12) };
}

// chartSize is the size of a chart: where the layout gives charts a box
// (a wide screen), the box's, in pixels, so that its text keeps its size;
// else 440 by 250, scaled to the width.
function chartSize(fig) {
  if (printing || !fills.matches || !fig.clientHeight || !fig.clientWidth) return [440, 250];
  const cap = fig.querySelector("figcaption");
  const w = fig.clientWidth - 14, h = fig.clientHeight - (cap ? cap.offsetHeight : 24) - 14;
  return [Math.round(Math.max(260, w)), Math.round(Math.max(140, Math.min(w, h)))];
}
const fills = window.matchMedia("screen and (min-width: 900px)");
let printing = false; // the charts are drawn for the printed page

function drawChart(fig, name, runs) {
  const big = document.body.classList.contains("projector");
  const [W, H] = chartSize(fig), L = big ? 58 : 48, R = 12, T = 10, B = big ? 44 : 38;
  const { series, d, lo, hi, months } = chartData(name, runs);
  // Month m is drawn at its end: m/12 years from the start.
  const x = (mo) => L + (W - L - R) * mo / months;
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const desc = series.map(({ r, mean }) => {
    const last = mean.filter((v) => v !== null).pop();
    return t("charts.aria_last", { label: r.label, value: last === undefined ? t("charts.no_data") : fmt(last) });
  }).join("; ");
  const title = t("metric." + name);
  svg.setAttribute("aria-label", t("charts.aria", { title, unit: d.unit, desc: desc || t("charts.no_runs") }));
  for (const tk of niceTicks(lo, hi, 5)) {
    svg.append(svgEl("line", { class: "grid", x1: L, x2: W - R, y1: y(tk), y2: y(tk) }));
    const tx = svgEl("text", { x: L - 6, y: y(tk) + 4, "text-anchor": "end" });
    tx.textContent = num(tk, 3);
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
  xl.textContent = t("charts.year");
  svg.append(xl);
  svg.append(svgEl("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  svg.append(svgEl("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  drawSeries(svg, series, x, y);
  const cap = el("figcaption", {}, el("h3", { text: title }), el("span", { class: "help", text: d.unit }));
  fig.dataset.trials = runs.length ? runs[0].snap.done : 0;
  fig.dataset.runs = series.length;
  fig.replaceChildren(cap, svg);
}

// drawSeries draws the bands first, then the means on top, the current
// run last.
function drawSeries(svg, series, x, y) {
  for (const s of series.slice().reverse()) {
    // One polygon per stretch of months with an interval (none at gaps).
    let pts = [];
    const flush = () => {
      if (pts.length > 1) {
        const d = pts.map(([mo, l]) => `${x(mo).toFixed(1)},${y(l).toFixed(1)}`)
          .concat(pts.slice().reverse().map(([mo, , h]) => `${x(mo).toFixed(1)},${y(h).toFixed(1)}`));
        svg.append(svgEl("polygon", { class: "band", fill: s.r.color, points: d.join(" ") }));
      }
      pts = [];
    };
    for (let i = 0; i < s.mean.length; i++) {
      if (s.low[i] === null || s.high[i] === null) { flush(); continue; }
      pts.push([i + 1, s.low[i], s.high[i]]);
    }
    flush();
  }
  for (const s of series.slice().reverse()) {
    let d = "", pen = false;
    s.mean.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? "L" : "M"}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d) svg.append(svgEl("path", { class: "mean", d, stroke: s.r.color, "stroke-dasharray": s.r.dash }));
  }
}

function drawTable(runs, names) {
  const head = el("tr", {}, el("th", { scope: "col", text: t("table.outcome") }));
  for (const r of runs) {
    const th = el("th", { scope: "col", text: r.label });
    th.style.borderTop = `4px solid ${r.color}`; // CSSOM: the page's policy allows no inline style attributes
    head.append(th);
  }
  const rows = names.map((name) => {
    const d = display(name, "");
    const tr = el("tr", {}, el("th", { scope: "row" }, document.createTextNode(t("metric." + name)), el("span", { class: "help", text: ` (${d.unit})` })));
    for (const r of runs) {
      const f = (r.snap.final || []).find((x) => x.name === name);
      const sc = (v) => (v === null || v === undefined ? null : v * d.scale);
      tr.append(el("td", { text: f ? t("table.range", { mean: fmt(sc(f.mean)), low: fmt(sc(f.low)), high: fmt(sc(f.high)) }) : "–" }));
    }
    return tr;
  });
  const table = $("compare-table");
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows);
  table.dataset.runs = runs.length;
}

// drawPrintLevers fills the printed summary's table of each run's levers.
function drawPrintLevers(runs) {
  const table = $("print-levers");
  const head = el("tr", {}, el("th", { scope: "col", text: t("print.lever") }));
  for (const r of runs) {
    const th = el("th", { scope: "col", text: r.label });
    th.style.borderTop = `4px solid ${r.color}`;
    head.append(th);
  }
  const rows = [];
  if (runs.length) {
    for (const { l } of runs[0].info.levers) {
      const tr = el("tr", {}, el("th", { scope: "row", text: t("lever." + l.key) }));
      for (const r of runs) {
        const p = r.info.levers.find((x) => x.l.key === l.key);
        tr.append(el("td", { text: p ? leverText(p.l, p.v) : "–" }));
      }
      rows.push(tr);
    }
  }
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows);
}

function preparePrint() {
  printing = true;
  $("print-date").textContent = t("print.date", { date: new Date().toLocaleDateString(state.lang) });
  drawAll();
}

document.addEventListener("DOMContentLoaded", init);
