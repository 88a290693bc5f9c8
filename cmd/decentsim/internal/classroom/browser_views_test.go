package classroom

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// mapState is the district map's circles, their colour and size, as one
// string: it changes when the map shows another month.
const mapState = `[...document.querySelectorAll("#map circle.unit")].map((c) => c.getAttribute("fill") + c.getAttribute("r")).join()`

// browseDistrict shows the newest run's district: every unit drawn, the
// last month first; the slider moves it to month 1, which looks
// different; Play advances it; a unit picked shows its akim, budget and
// recent events; colouring by origin uses the origins' colours.
func browseDistrict(p *page) {
	t := p.t
	p.step("district tab", chromedp.Click(`#tab-district`))
	p.until("the district drawn", `document.querySelectorAll("#map circle.unit").length === 17`)
	p.expect("month shown first", `document.querySelector("#map").dataset.month`, "60")
	last := p.eval(mapState)
	p.setRange("#month", "1")
	p.expect("month after the slider", `document.querySelector("#map").dataset.month`, "1")
	if p.eval(mapState) == last {
		t.Error("the map looks the same in months 1 and 60")
	}
	if got := p.eval(`document.querySelector("#month-label").textContent`); !strings.HasPrefix(got, "Month 1 of 60") {
		t.Errorf("month label %q", got)
	}
	p.step("play", chromedp.Click(`#play`))
	p.until("the map to advance", `Number(document.querySelector("#map").dataset.month) >= 4`)
	p.step("pause", chromedp.Click(`#play`))
	p.setRange("#month", "60")
	// A tap on unit 0 (dispatched: another circle may lie over its centre).
	p.eval(`(() => { document.querySelector('#map circle.unit[data-unit="0"]').dispatchEvent(new MouseEvent("click")); return ""; })()`)
	p.until("the unit's card", `document.querySelector("#unit-info h3") !== null`)
	p.expect("the card's unit", `document.querySelector("#unit-info h3").textContent === document.querySelector('#map circle.unit[data-unit="0"]').getAttribute("aria-label") ? "yes" : "no"`, "yes")
	card := p.eval(`document.querySelector("#unit-info").textContent`)
	for _, want := range []string{"Akim", "months in office", "KZT per resident a month", "Recent events"} {
		if !strings.Contains(card, want) {
			t.Errorf("the unit's card %q does not say %q", card, want)
		}
	}
	p.choose("#district-measure", "origin")
	if got := p.eval(`[...new Set([...document.querySelectorAll("#map circle.unit")].map((c) => c.getAttribute("fill")))].every((f) => ORIGIN_COLORS.includes(f)) ? "yes" : "no"`); got != "yes" {
		t.Error("coloured by origin, the map uses other colours than the origins'")
	}
	p.choose("#district-measure", "quality")
	p.screenshot("4-district.png")
}

// browseStory reads the newest run's story and filters it by a unit.
func browseStory(p *page) {
	t := p.t
	p.step("story tab", chromedp.Click(`#tab-story`))
	p.until("the story to fill", `document.querySelectorAll("#story-list li").length > 0`)
	all := p.eval(`document.querySelector("#story-list").dataset.events`)
	unit := p.eval(`(() => { const li = [...document.querySelectorAll("#story-list li")].find((l) => l.dataset.unit !== "-1"); return li ? li.dataset.unit : ""; })()`)
	if unit == "" {
		t.Fatalf("the story's %s events concern no unit", all)
	}
	p.choose("#story-unit", unit)
	p.expect("events of the unit only", `[...document.querySelectorAll("#story-list li")].every((l) => l.dataset.unit === `+jsString(unit)+`) && document.querySelectorAll("#story-list li").length > 0 ? "yes" : "no"`, "yes")
	t.Logf("story: %s events, %s of unit %s", all, p.eval(`document.querySelector("#story-list").dataset.events`), unit)
	p.screenshot("5-story.png")
	// An event leads to the map, in its month, its unit picked.
	month := p.eval(`document.querySelector("#story-list li .when").textContent.replace(/\D/g, "")`)
	p.step("an event on the map", chromedp.Click(`#story-list li`))
	p.until("the map in the event's month", `!document.querySelector("#panel-district").hidden && document.querySelector("#map").dataset.month === `+jsString(month))
	p.expect("the event's unit picked", `document.querySelector("#map circle.unit.picked").dataset.unit`, unit)
	p.step("back to the story", chromedp.Click(`#tab-story`))
	p.choose("#story-unit", "all")
}

// englishLeft lists the visible texts of the page (and the options of
// its visible menus) that hold a piece of English catalog text which the
// catalog of lang translates, the language menu aside. A piece is a
// stretch of an English text between placeholders with two letters or
// more, matched as whole words (not inside a name such as
// kz_appointed_pre2013 or events.csv: scenario names, keys and file
// names stay English).
const englishLeft = `(async (lang) => {
  const en = await (await fetch("/static/i18n/en.json")).json();
  const tr = await (await fetch("/static/i18n/" + lang + ".json")).json();
  const pieces = new Set();
  for (const [k, v] of Object.entries(en)) {
    if (tr[k] === v) continue;
    for (const f of v.split(/\{\w+\}/)) { const s = f.trim(); if (/[A-Za-z]{2}/.test(s)) pieces.add(s); }
  }
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const res = [...pieces].map((s) => new RegExp("(^|[^A-Za-z0-9_.])" + esc(s) + "($|[^A-Za-z0-9_.]|\\.(?![a-z]))"));
  const texts = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode, e = n.parentElement;
    if (!n.textContent.trim() || !e || e.closest("#lang") || e.closest("option")) continue;
    if (e.checkVisibility()) texts.push(n.textContent.trim());
  }
  for (const s of document.querySelectorAll("select:not(#lang)")) {
    if (s.checkVisibility()) for (const o of s.options) texts.push(o.textContent.trim());
  }
  const bad = [];
  for (const s of texts) { const i = res.findIndex((r) => r.test(s)); if (i >= 0) bad.push(s + "  <-  " + [...pieces][i]); }
  return JSON.stringify({ texts: texts.length, bad });
})`

// browseLanguages switches to Russian and Kazakh and checks, on every
// tab, that no English text of the catalog is left on the page.
func browseLanguages(p *page) {
	t := p.t
	for _, lang := range []string{"ru", "kk"} {
		p.choose("#lang", lang)
		p.until("the page in "+lang, `document.documentElement.lang === `+jsString(lang))
		cat := catalog(t, lang)
		p.expect("Run in "+lang, `document.querySelector("#run").textContent`, cat["run.again"])
		for _, tab := range []string{"charts", "table", "district", "story"} {
			p.step("tab "+tab, chromedp.Click(`#tab-`+tab))
			var got struct {
				Texts int
				Bad   []string
			}
			js, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](englishLeft+`(`+jsString(lang)+`)`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(js), &got); err != nil {
				t.Fatal(err)
			}
			if got.Texts < 20 {
				t.Errorf("%s, tab %s: only %d texts read", lang, tab, got.Texts)
			}
			for _, b := range got.Bad {
				t.Errorf("%s, tab %s: English left: %s", lang, tab, b)
			}
		}
		p.screenshot("6-" + lang + "-story.png")
	}
}

// runVisible is "yes" when the Run button is in the viewport and not
// covered, and the page as a whole does not scroll.
const runVisible = `(() => {
  const b = document.querySelector("#run"), r = b.getBoundingClientRect();
  const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  const still = document.scrollingElement.scrollHeight <= innerHeight + 1;
  return inside && top === b && still ? "yes" : JSON.stringify({ rect: r, top: top && top.id, height: document.scrollingElement.scrollHeight });
})()`

// inView is "yes" when every element sel matches is inside the viewport.
func inView(sel string) string {
	return `[...document.querySelectorAll(` + jsString(sel) + `)].every((e) => { const r = e.getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }) ? "yes" : "no"`
}

// browseLayout checks, at 1366x768, that the Run control stays in view
// with the levers scrolled to their end, and that in the projector view
// the charts and the district map fit the screen too.
func browseLayout(p *page) {
	p.step("1366x768", chromedp.EmulateViewport(1366, 768), chromedp.Click(`#tab-charts`))
	p.eval(`(() => { document.querySelector("#setup").scrollTop = 1e6; window.scrollTo(0, 1e6); return ""; })()`)
	p.expect("Run in view at 1366x768", runVisible, "yes")
	p.expect("the six charts in view at 1366x768", inView("#charts figure"), "yes")
	p.screenshot("7-1366x768.png")
	p.step("projector", chromedp.Click(`#projector`))
	p.until("the projector view", `document.body.classList.contains("projector")`)
	p.expect("Run in view in the projector view", runVisible, "yes")
	p.expect("the six charts in view in the projector view", inView("#charts figure"), "yes")
	p.screenshot("8-projector.png")
	p.step("projector district", chromedp.Click(`#tab-district`))
	p.expect("the map in view in the projector view", inView("#map, #play, #month"), "yes")
	p.screenshot("8-projector-district.png")
	p.step("levers in the projector view", chromedp.Click(`#levers-toggle`))
	p.expect("Run in view beside the levers", runVisible, "yes")
	p.step("back", chromedp.Click(`#levers-toggle`), chromedp.Click(`#projector`), chromedp.Click(`#tab-charts`))
}

// pdfPage matches a page object of a PDF.
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// browsePrint prints the summary to PDF: one page, with the charts, the
// final-year table and the levers of the three runs.
func browsePrint(p *page) {
	t := p.t
	// A4 less 10 mm margins at 96 pixels an inch: what a page holds.
	p.step("A4", chromedp.EmulateViewport(718, 1047))
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	p.expect("charts printed", `String([...document.querySelectorAll("#charts figure")].filter((f) => f.checkVisibility()).length)`, "6")
	p.expect("levers printed", `String(document.querySelectorAll("#print-levers tbody tr").length) + " rows, " + String(document.querySelectorAll("#print-levers thead th").length - 1) + " runs"`, "13 rows, 3 runs")
	p.expect("table printed", `document.querySelector("#compare-table").checkVisibility() && !document.querySelector("#setup").checkVisibility() ? "yes" : "no"`, "yes")
	p.screenshot("9-print.png")
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	// Printed from a large screen, whose charts are drawn larger, it
	// still fits one page.
	p.step("back from A4", chromedp.EmulateViewport(1920, 1080))
	p.until("the charts redrawn for the large screen", `document.querySelector("#charts svg").viewBox.baseVal.width > 440`)
	yes := true
	pdf, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.shots, "summary.pdf"), pdf.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf.Data, -1)); n != 1 {
		t.Errorf("the printed summary has %d pages; want 1 (see summary.pdf)", n)
	}
}

// setRange moves a range input to value as a user would: the input
// event fires.
func (p *page) setRange(sel, value string) {
	p.t.Helper()
	p.eval(`(() => { const s = document.querySelector(` + jsString(sel) + `); s.value = ` + jsString(value) + `;
		s.dispatchEvent(new Event("input", {bubbles: true})); return s.value; })()`)
}
