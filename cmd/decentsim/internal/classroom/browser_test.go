package classroom

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive: $DECENTSIM_CHROMIUM, or Debian's
// chromium (apt-get install chromium; .ci/run installs it when missing).
func chromium() string {
	if p := os.Getenv("DECENTSIM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the end-to-end test leaves its screenshots for
// people to look at: $DECENTSIM_SCREENSHOTS, or a fixed folder under the
// system's temporary folder. The test logs it.
func screenshotDir() string {
	if d := os.Getenv("DECENTSIM_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "decentsim-classroom-screenshots")
}

// TestBrowser drives the page in headless Chromium as a student would:
// load it, upload a broken file and read its errors, change levers, run,
// watch the charts fill in, run again from the keyboard, compare the two
// runs, download a CSV, play the district month by month, read and filter
// the story, switch to Russian and Kazakh, check the layout at 1366x768
// and in the projector view, and print the summary. It checks that the
// page makes no request outside the server and throws no script error.
// It installs nothing: without Chromium it is skipped, unless
// DECENTSIM_REQUIRE_BROWSER is set (as .ci/run does), when it fails.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser; skipped with -short")
	}
	exe := chromium()
	if exe == "" {
		if os.Getenv("DECENTSIM_REQUIRE_BROWSER") != "" {
			t.Fatal("DECENTSIM_REQUIRE_BROWSER is set but no chromium was found; install it with apt-get install chromium, or set DECENTSIM_CHROMIUM")
		}
		t.Skip("no chromium on PATH (apt-get install chromium); set DECENTSIM_REQUIRE_BROWSER=1 to fail instead")
	}
	srv := New(Config{Limits: DefaultLimits, Dir: t.TempDir(), Workers: 2, Version: "test"})
	ts := httptest.NewServer(srv)
	defer func() {
		ts.Close()
		srv.Close()
	}()
	p := openPage(t, exe)
	defer p.close()

	// Load the page: the menu, the levers with their explanations.
	p.step("load", chromedp.Navigate(ts.URL), chromedp.WaitVisible(`#levers .lever`))
	p.until("the classroom scenario", `document.querySelector("#scenario").value === "classroom"`)
	if n := p.eval(`String(document.querySelectorAll("#levers .lever .help").length)`); n != "13" {
		t.Errorf("%s lever explanations, want 13", n)
	}
	browseUpload(p)
	browseRuns(p)
	browseDownload(p)
	browseDistrict(p)
	browseStory(p)
	browseLanguages(p)
	browseLayout(p)
	browsePrint(p)
	// The language chosen last (Kazakh) is remembered.
	p.step("reload", chromedp.Reload())
	p.until("the language remembered", `document.documentElement.lang === "kk" && document.querySelector("#lang").value === "kk" && `+
		`document.querySelector("#run").textContent === `+jsString(catalog(t, "kk")["run.run"]))
	base, _ := url.Parse(ts.URL)
	p.checkRequests(base.Host)
}

// browseUpload uploads a broken file, checks that the page shows the
// command line's file:line errors, and goes back to the embedded
// scenario.
func browseUpload(p *page) {
	t := p.t
	bad := filepath.Join(t.TempDir(), "broken.toml")
	if err := os.WriteFile(bad, []byte("extends = \"classroom\"\n[fiscal]\npatronage = 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.step("upload", chromedp.SetUploadFiles(`#upload`, []string{bad}))
	p.until("the upload's errors", `!document.querySelector("#problems").hidden`)
	if got := p.eval(`document.querySelector("#problems").textContent`); !strings.Contains(got, "broken.toml:3: fiscal.patronage: unknown key (hint: did you mean patronage_weight?)") {
		t.Errorf("upload errors %q", got)
	}
	p.screenshot("1-upload-error.png")
	// The menu shows the upload, so picking classroom again is a change.
	if got := p.eval(`document.querySelector("#scenario").value + "|" + document.querySelector("#scenario").selectedOptions[0].textContent`); got != "|(uploaded: broken.toml)" {
		t.Errorf("menu after the upload shows %q", got)
	}
	p.choose("#scenario", "classroom") // back to the embedded scenario
	p.until("the errors to clear", `document.querySelector("#problems").hidden`)
}

// browseRuns changes levers (reporting a contradiction first), runs,
// runs again from the keyboard, compares the two runs, and submits a run
// twice at once.
func browseRuns(p *page) {
	t := p.t
	// Appointed akims, fewer trials. Recall as well is a contradiction
	// the page reports as the command line would.
	p.choose("#lever-institutions-selection", "appointed")
	p.step("settings", chromedp.SetValue(`#trials`, "6"), chromedp.SetValue(`#months`, "60"))
	if p.eval(`String(document.querySelector("#lever-institutions-recall").checked)`) != "false" {
		t.Fatal("the classroom scenario has recall on; the test expects it off")
	}
	p.step("recall on", chromedp.Click(`#lever-institutions-recall`), chromedp.Click(`#run`))
	p.until("the contradiction reported", `!document.querySelector("#problems").hidden`)
	if got := p.eval(`document.querySelector("#problems").textContent`); !strings.Contains(got, "levers: institutions.selection: recall = true but selection = \"appointed\"") {
		t.Errorf("contradiction reported as %q", got)
	}
	p.step("recall off", chromedp.Click(`#lever-institutions-recall`))
	p.until("one lever marked changed", `document.querySelectorAll("#levers .lever.changed").length === 1`)
	p.step("run", chromedp.Click(`#run`))
	p.until("the first run to finish", `document.querySelectorAll("#runs li").length === 1`)
	p.expect("progress", `document.querySelector("#progress").dataset.done + "/" + document.querySelector("#progress").dataset.total`, "6/6")
	p.expect("mean lines (one per headline chart)", `String(document.querySelectorAll("#charts figure svg path.mean").length)`, "6")
	p.expect("trials the chart is drawn from", `document.querySelector("#charts figure").dataset.trials`, "6")
	p.screenshot("2-first-run.png")

	// The second run, started from the keyboard: elected akims again.
	p.choose("#lever-institutions-selection", "direct")
	p.step("run from the keyboard", chromedp.Focus(`#run`), chromedp.KeyEvent("\r"))
	p.until("the second run to start", `document.querySelector("#progress").dataset.done !== "6" || document.querySelectorAll("#runs li").length === 2`)
	p.until("the second run to finish", `document.querySelectorAll("#runs li").length === 2`)
	p.expect("runs in the comparison table", `document.querySelector("#compare-table").dataset.runs`, "2")
	p.expect("runs on the first chart", `String(document.querySelector("#charts figure").dataset.runs)`, "2")
	if got := p.eval(`document.querySelector("#compare-table thead").textContent`); !strings.Contains(got, "selection = appointed") {
		t.Errorf("comparison headings %q do not name the lever moved", got)
	}
	p.screenshot("3-two-runs.png")

	// Run pressed twice at once: one run, not two cancelling each other.
	p.eval(`(() => { const f = document.querySelector("#setup"); f.requestSubmit(); f.requestSubmit(); return ""; })()`)
	p.until("the double-submitted run to finish", `document.querySelectorAll("#runs li").length === 3`)
	if got := p.eval(`document.querySelector("#status").textContent`); !strings.HasPrefix(got, "Finished: 6 trials") {
		t.Errorf("after a double submit the page says %q", got)
	}
}

// browseDownload downloads the newest run's series.csv and checks it.
func browseDownload(p *page) {
	t := p.t
	p.step("download", chromedp.Click(`#tab-table`), chromedp.Click(`#runs li:first-child .files a[href$="/files/series.csv"]`))
	var csv []byte
	deadline := time.Now().Add(30 * time.Second)
	for csv == nil && time.Now().Before(deadline) {
		matches, _ := filepath.Glob(filepath.Join(p.downloads, "*series.csv"))
		if len(matches) == 1 {
			if data, err := os.ReadFile(matches[0]); err == nil && bytes.Count(data, []byte("\n")) == 1+6*60 {
				csv = data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if csv == nil {
		entries, _ := os.ReadDir(p.downloads)
		t.Fatalf("series.csv not downloaded with 1+6*60 lines; the folder holds %v", entries)
	}
	if !bytes.HasPrefix(csv, []byte("scenario,trial,")) {
		t.Errorf("downloaded series.csv starts %q", csv[:min(40, len(csv))])
	}
}

// A page is the classroom page in a headless Chromium, with the requests
// it made and the script errors it threw.
type page struct {
	t         *testing.T
	ctx       context.Context
	close     func()
	shots     string // where screenshots go
	downloads string // where downloads go

	mu                   sync.Mutex
	requests, exceptions []string
}

// openPage starts Chromium (exe) with a blank page, recording the page's
// requests and script errors and allowing downloads.
func openPage(t *testing.T, exe string) *page {
	p := &page{t: t, shots: screenshotDir(), downloads: t.TempDir()}
	if err := os.MkdirAll(p.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", p.shots)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 1100))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	p.ctx = ctx
	p.close = func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	}
	if err := chromedp.Listen(ctx, p.record); err != nil {
		p.close()
		t.Fatalf("starting %s: %v", exe, err)
	}
	yes := true
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		p.close()
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: p.downloads, EventsEnabled: &yes}); err != nil {
		p.close()
		t.Fatal(err)
	}
	return p
}

// record records a request or a script error of the page.
func (p *page) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, e.Request.URL)
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += ": " + d.Exception.Description
		}
		p.exceptions = append(p.exceptions, msg)
	}
}

// step does steps, the test failing with what if one fails.
func (p *page) step(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// until waits for the JavaScript expression to be true.
func (p *page) until(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		// Say what the page says, and keep a picture of it.
		status, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector("#status").textContent + " | " + document.querySelector("#problems").textContent`))
		if png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(p.shots, "failed.png"), png, 0o644)
		}
		p.mu.Lock()
		p.t.Logf("script errors: %q", p.exceptions)
		p.mu.Unlock()
		p.t.Fatalf("waiting for %s (%s): %v; the page says %q", what, expr, err, status)
	}
}

// eval returns the value of the JavaScript expression, a string.
func (p *page) eval(expr string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// expect checks that the JavaScript expression, what the page shows of
// what, is want.
func (p *page) expect(what, expr, want string) {
	p.t.Helper()
	if got := p.eval(expr); got != want {
		p.t.Errorf("%s: %s; want %s", what, got, want)
	}
}

// screenshot saves the whole page as name in the screenshot folder.
func (p *page) screenshot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(p.shots, name), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// choose picks an option in a select as a user would: the change event
// fires.
func (p *page) choose(sel, value string) {
	p.t.Helper()
	p.eval(`(() => { const s = document.querySelector(` + jsString(sel) + `); s.value = ` + jsString(value) + `;
		s.dispatchEvent(new Event("change", {bubbles: true})); return s.value; })()`)
}

// checkRequests checks that the page requested nothing outside the
// server at host, and threw no script error.
func (p *page) checkRequests(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		r, err := url.Parse(u)
		if err != nil || (r.Scheme != "data" && r.Host != host) {
			p.t.Errorf("the page requested %s, outside the server %s", u, host)
		}
	}
	if len(p.requests) < 5 {
		p.t.Errorf("only %d requests seen; is the network listener working?", len(p.requests))
	}
	for _, e := range p.exceptions {
		p.t.Errorf("script error: %s", e)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
