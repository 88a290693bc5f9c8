// decentsim classroom page: the district view (the units of a run's
// first trial on a map, month by month) and its story (the event log).
// Both read GET /api/runs/{id}/district; app.js holds the runs and the
// catalog (t, num, state, el, svgEl).
"use strict";

const ORIGIN_COLORS = ["#6c757d", "#1f6fb5", "#e08a00"]; // official, party, independent
const ORIGINS = ["official", "party", "independent"];
const MODES = ["appointed", "indirect", "direct"];

// views caches the district views fetched, by run id.
const views = new Map();

async function fetchView(id) {
  if (!views.has(id)) views.set(id, api(`/api/runs/${id}/district`).catch(() => null));
  return views.get(id);
}

// unitName is unit i's name in the page's language.
function unitName(v, i) {
  if (i < 0) return t("story.whole_district");
  const u = v.units[i];
  return t("unit.name", { type: u ? t("type." + u.type) : "", n: i + 1 });
}

// eventText tells event e of view v in the page's language.
function eventText(v, e) {
  const turnout = e.turnout === undefined || e.turnout === null ? null : `${num(e.turnout * 100, 0)}%`;
  switch (e.event) {
    case "shock": return t("ev.shock", { label: e.detail });
    case "protest": return t("ev.protest", { response: t("resp." + e.detail) });
    case "dismissal": return t("ev.dismissal", { reason: t("reason." + e.detail) });
    case "akim_election": {
      const party = e.winner_party === "self-nominated" ? t("party.self") : e.winner_party;
      const s = t(turnout ? "ev.akim_election_turnout" : "ev.akim_election", { chosen: t("chosen." + e.detail),
        candidates: e.candidates, turnout, origin: t("origin." + e.winner_origin), party });
      return e.incumbent_won ? s + " " + t("ev.incumbent_won") : s;
    }
    case "maslikhat_election":
      return t(turnout ? "ev.maslikhat_election_turnout" : "ev.maslikhat_election", { candidates: e.candidates, turnout });
    case "recall_ballot": return t("ev.recall_ballot." + e.detail);
    case "deputy_recall":
      return t("ev.deputy_recall", { party: e.winner_party === "self-nominated" ? t("party.self") : e.winner_party });
  }
  return e.event;
}

// kindOf is the story filter's kind of event e.
function kindOf(e) {
  if (e.event === "shock" || e.event === "protest" || e.event === "dismissal") return e.event;
  return "election";
}

const District = {
  view: null, id: null, month: 1, timer: null, hover: -1,

  init() {
    $("district-run").addEventListener("change", () => this.load($("district-run").value));
    $("district-measure").addEventListener("change", () => this.draw());
    $("month").addEventListener("input", () => { this.month = Number($("month").value); this.draw(); });
    $("play").addEventListener("click", () => this.toggle());
    $("unit-story").addEventListener("click", () => {
      if (this.hover < 0) return;
      Story.filterUnit(this.hover);
      showTab("story");
    });
  },

  // runsChanged refreshes the menu of runs and shows the newest.
  runsChanged() {
    const menu = $("district-run");
    const keep = state.kept.map((r) => r.id);
    menu.replaceChildren(...state.kept.map((r) => el("option", { value: r.id, text: runLabel(r.info) })));
    const id = keep[0]; // the newest run
    if (id) this.load(id);
    else { this.view = null; this.id = null; this.redraw(); Story.set(null); }
  },

  async load(id) {
    this.stop();
    this.id = id;
    $("district-run").value = id;
    $("district-note").textContent = t("district.loading");
    const v = await fetchView(id);
    if (this.id !== id) return;
    this.view = v;
    this.month = v ? v.months : 1;
    const slider = $("month");
    slider.max = v ? v.months : 1;
    slider.value = this.month;
    this.hover = -1;
    this.redraw();
    Story.set(v);
  },

  toggle() { if (this.timer) this.stop(); else this.play(); },

  // show shows the map in month m with unit i (-1: none) picked.
  show(m, i) {
    if (!this.view) return;
    this.stop();
    this.month = m;
    this.hover = i;
    $("month").value = m;
    showTab("district");
  },

  play() {
    if (!this.view) return;
    if (this.month >= this.view.months) this.month = 1;
    this.timer = setInterval(() => {
      if (this.month >= this.view.months) { this.stop(); return; }
      this.month++;
      $("month").value = this.month;
      this.draw();
    }, 250);
    $("play").textContent = t("district.pause");
    $("play").setAttribute("aria-pressed", "true");
  },

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    $("play").textContent = t("district.play");
    $("play").setAttribute("aria-pressed", "false");
  },

  // redraw redraws everything the language or the run changes.
  redraw() {
    const menu = $("district-run");
    for (const o of menu.options) {
      const r = state.kept.find((k) => k.id === o.value);
      if (r) o.textContent = runLabel(r.info);
    }
    $("play").textContent = t(this.timer ? "district.pause" : "district.play");
    const has = state.kept.length > 0;
    $("district-controls").hidden = !has;
    if (!has) $("district-note").textContent = t("district.none");
    else if (!this.view) $("district-note").textContent = this.id ? t("district.unavailable") : t("district.loading");
    else $("district-note").textContent = this.view.total_units > this.view.units.length
      ? t("district.shown", { shown: this.view.units.length, total: this.view.total_units }) : "";
    this.draw();
  },

  // value returns the measure of unit i in month m (1-based), and its
  // colour.
  measure(m, i) {
    const v = this.view, k = (m - 1) * v.units.length + i;
    switch ($("district-measure").value) {
      case "unrest": return v.unrest[k] * 1000;
      case "budget": return v.budget[k];
      case "origin": return v.origin[k];
      default: return v.quality[k] * 100;
    }
  },

  // scale is the colour scale's range: the lowest and highest value over
  // the whole trial (from zero for unrest), so colours compare across
  // months.
  scale() {
    const v = this.view, name = $("district-measure").value;
    const arr = name === "unrest" ? v.unrest : name === "budget" ? v.budget : v.quality;
    const k = name === "unrest" ? 1000 : name === "budget" ? 1 : 100;
    let lo = Infinity, hi = -Infinity;
    for (const x of arr) { lo = Math.min(lo, x * k); hi = Math.max(hi, x * k); }
    if (name === "unrest" || !isFinite(lo)) lo = 0;
    if (!(hi > lo)) hi = lo + 1;
    return [lo, hi];
  },

  color(x, [lo, hi]) {
    if ($("district-measure").value === "origin") return ORIGIN_COLORS[x] || "#999";
    let f = Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
    if ($("district-measure").value === "unrest") f = 1 - f; // much unrest is red
    // red (low) through yellow to green (high)
    const hue = 5 + f * 125;
    return `hsl(${hue.toFixed(0)}, 65%, ${(48 - f * 8).toFixed(0)}%)`;
  },

  draw() {
    const svg = $("map"), v = this.view;
    svg.replaceChildren();
    $("month-label").textContent = v ? t("district.month_of", { month: this.month, months: v.months, year: Math.ceil(this.month / 12) }) : "";
    svg.dataset.month = v ? this.month : 0;
    if (!v || !v.units.length) { this.legend(); this.info(); return; }
    const W = 600, H = 420;
    const rmax = Math.max(8, Math.min(28, 0.5 * W / Math.sqrt(v.units.length + 1))), pad = rmax + 6;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const u of v.units) { x0 = Math.min(x0, u.x); x1 = Math.max(x1, u.x); y0 = Math.min(y0, u.y); y1 = Math.max(y1, u.y); }
    const sx = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-6), (H - 2 * pad) / Math.max(y1 - y0, 1e-6));
    const px = (x) => pad + (x - x0) * sx + (W - 2 * pad - (x1 - x0) * sx) / 2;
    const py = (y) => H - pad - (y - y0) * sx - (H - 2 * pad - (y1 - y0) * sx) / 2;
    let maxRes = 1;
    for (const r of v.residents) maxRes = Math.max(maxRes, r);
    const range = this.scale(), m = this.month, n = v.units.length;
    svg.setAttribute("aria-label", t("district.map", { month: m, measure: t("measure." + $("district-measure").value) }));
    // The largest first, so that none hides a smaller one.
    const order = v.units.map((u, i) => i).sort((a, b) => v.residents[(m - 1) * n + b] - v.residents[(m - 1) * n + a] || a - b);
    for (const i of order) {
      const u = v.units[i], res = v.residents[(m - 1) * n + i];
      const c = svgEl("circle", { class: "unit" + (i === this.hover ? " picked" : ""), cx: px(u.x).toFixed(1), cy: py(u.y).toFixed(1),
        r: Math.max(3, rmax * Math.sqrt(res / maxRes)).toFixed(1), fill: this.color(this.measure(m, i), range), tabindex: 0,
        "data-unit": i, role: "button" });
      c.setAttribute("aria-label", unitName(v, i));
      const pick = () => { this.hover = i; this.info(); this.mark(); };
      c.addEventListener("mouseenter", pick);
      c.addEventListener("focus", pick);
      c.addEventListener("click", pick);
      svg.append(c);
    }
    for (const d of v.districts) {
      svg.append(svgEl("rect", { class: "seat", x: px(d.x) - 4, y: py(d.y) - 4, width: 8, height: 8 }));
    }
    this.legend(range);
    this.info();
  },

  mark() {
    for (const c of $("map").querySelectorAll("circle.unit")) c.classList.toggle("picked", Number(c.dataset.unit) === this.hover);
  },

  legend(range) {
    const box = $("map-legend");
    box.replaceChildren();
    if (!this.view) return;
    const name = $("district-measure").value;
    const sw = (color, text) => {
      const s = svgEl("svg", { viewBox: "0 0 12 12", "aria-hidden": "true" });
      s.append(svgEl("circle", { cx: 6, cy: 6, r: 5, fill: color }));
      return el("span", {}, s, document.createTextNode(text));
    };
    if (name === "origin") {
      ORIGINS.forEach((o, i) => box.append(sw(ORIGIN_COLORS[i], t("origin.short." + o))));
    } else {
      const unit = name === "quality" ? t("unit.index100") : name === "unrest" ? t("unit.per1000") : t("unit.kzt_resident");
      const [lo, hi] = range;
      box.append(sw(this.color(lo, range), `${t("district.low")}: ${num(lo, 1)}`));
      box.append(sw(this.color(hi, range), `${t("district.high")}: ${num(hi, 1)}`));
      box.append(el("span", { class: "help", text: unit }));
    }
    const seat = svgEl("svg", { viewBox: "0 0 12 12", "aria-hidden": "true" });
    seat.append(svgEl("rect", { class: "seat", x: 2, y: 2, width: 8, height: 8 }));
    box.append(el("span", {}, seat, document.createTextNode(t("district.seat"))));
  },

  // info shows the picked unit in the current month.
  info() {
    const box = $("unit-info"), v = this.view, i = this.hover;
    $("unit-story").hidden = !(v && i >= 0);
    if (!v || i < 0) { box.replaceChildren(el("p", { class: "help", text: v ? t("district.pick") : "" })); return; }
    const k = (this.month - 1) * v.units.length + i;
    const party = v.party[k] >= 0 ? v.parties[v.party[k]] : t("party.self");
    const rows = [
      [t("info.residents"), num(v.residents[k], 0)],
      [t("info.akim"), t("info.akim_text", { origin: t("origin." + ORIGINS[v.origin[k]]), party,
        chosen: t("chosen." + MODES[v.chosen[k]]), tenure: v.tenure[k] })],
      [t("info.budget"), t("info.budget_text", { budget: num(v.budget[k], 0) })],
      [t("info.quality"), `${num(v.quality[k] * 100, 0)} (${t("unit.index100")})`],
      [t("info.unrest"), `${num(v.unrest[k] * 1000, 1)} ${t("unit.per1000")}`],
    ];
    const dl = el("dl");
    for (const [a, b] of rows) dl.append(el("dt", { text: a }), el("dd", { text: b }));
    const recent = v.events.filter((e) => e.unit === i && e.month <= this.month).slice(-3).reverse();
    const ul = el("ul", { class: "recent" });
    for (const e of recent) ul.append(el("li", { text: `${t("story.month", { month: e.month })}: ${eventText(v, e)}` }));
    if (!recent.length) ul.append(el("li", { class: "help", text: t("info.no_events") }));
    box.replaceChildren(el("h3", { text: unitName(v, i) }), dl, el("h4", { text: t("info.events") }), ul);
  },
};

const Story = {
  view: null,

  init() {
    $("story-unit").addEventListener("change", () => this.draw());
    $("story-kind").addEventListener("change", () => this.draw());
  },

  set(v) {
    this.view = v;
    this.redraw();
  },

  filterUnit(i) {
    $("story-unit").value = String(i);
    this.draw();
  },

  // redraw refills the menus (in the page's language) and the list.
  redraw() {
    const v = this.view, unit = $("story-unit").value || "all", kind = $("story-kind").value || "all";
    const units = [el("option", { value: "all", text: t("story.all_units") })];
    if (v) v.units.forEach((u, i) => units.push(el("option", { value: String(i), text: unitName(v, i) })));
    $("story-unit").replaceChildren(...units);
    $("story-unit").value = v && (unit === "all" || Number(unit) < v.units.length) ? unit : "all";
    const kinds = ["all", "protest", "dismissal", "election", "shock"];
    $("story-kind").replaceChildren(...kinds.map((k) => el("option", { value: k, text: t(k === "all" ? "story.all_kinds" : "kind." + k) })));
    $("story-kind").value = kind;
    this.draw();
  },

  draw() {
    const v = this.view, list = $("story-list");
    $("story-controls").hidden = !v;
    if (!v) { list.replaceChildren(); $("story-note").textContent = t("story.none"); list.dataset.events = 0; return; }
    const unit = $("story-unit").value, kind = $("story-kind").value;
    const events = v.events.filter((e) => (unit === "all" || e.unit === Number(unit)) && (kind === "all" || kindOf(e) === kind));
    const rows = events.slice(0, STORY_MAX).map((e) => {
      const li = el("li", { class: "ev ev-" + kindOf(e), "data-unit": e.unit, tabindex: 0, title: t("story.on_map") },
        el("span", { class: "when", text: t("story.month", { month: e.month }) }),
        el("span", { class: "where", text: e.unit >= 0 ? unitName(v, e.unit) : t("story.whole_district") }),
        el("span", { class: "what", text: eventText(v, e) }));
      // An event leads to the map in its month, its unit picked.
      const show = () => District.show(e.month, e.unit);
      li.addEventListener("click", show);
      li.addEventListener("keydown", (k) => { if (k.key === "Enter") show(); });
      return li;
    });
    list.replaceChildren(...rows);
    list.dataset.events = events.length;
    let note = events.length > STORY_MAX ? t("story.count_of", { n: STORY_MAX, total: events.length }) : t("story.count", { n: events.length });
    if (!events.length) note = t("story.empty");
    if (v.total_events > v.events.length) note += " " + t("story.truncated", { total: v.total_events, n: v.events.length });
    $("story-note").textContent = note;
  },
};
