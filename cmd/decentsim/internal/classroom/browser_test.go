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
// runs, download a CSV, and switch to the projector view. It checks that
// the page makes no request outside the server and throws no script error.
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
	shots := screenshotDir()
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	downloads := t.TempDir()

	srv := New(Config{Limits: DefaultLimits, Dir: t.TempDir(), Workers: 2, Version: "test"})
	ts := httptest.NewServer(srv)
	defer func() {
		ts.Close()
		srv.Close()
	}()
	base, _ := url.Parse(ts.URL)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 1100))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	defer cancelTimeout()

	var mu sync.Mutex
	var requests, exceptions []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += ": " + d.Exception.Description
			}
			exceptions = append(exceptions, msg)
		}
	}); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, EventsEnabled: &yes}); err != nil {
		t.Fatal(err)
	}

	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// until waits for the JavaScript expression to be true.
	until := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(90*time.Second))); err != nil {
			// Say what the page says, and keep a picture of it.
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#status").textContent + " | " + document.querySelector("#problems").textContent`))
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				_ = os.WriteFile(filepath.Join(shots, "failed.png"), png, 0o644)
			}
			mu.Lock()
			t.Logf("script errors: %q", exceptions)
			mu.Unlock()
			t.Fatalf("waiting for %s (%s): %v; the page says %q", what, expr, err, status)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// choose picks an option in a select as a user would: the change event fires.
	choose := func(sel, value string) {
		t.Helper()
		eval(`(() => { const s = document.querySelector(` + jsString(sel) + `); s.value = ` + jsString(value) + `;
			s.dispatchEvent(new Event("change", {bubbles: true})); return s.value; })()`)
	}

	// Load the page: the menu, the levers with their explanations.
	step("load", chromedp.Navigate(ts.URL), chromedp.WaitVisible(`#levers .lever`))
	until("the classroom scenario", `document.querySelector("#scenario").value === "classroom"`)
	if n := eval(`String(document.querySelectorAll("#levers .lever .help").length)`); n != "13" {
		t.Errorf("%s lever explanations, want 13", n)
	}

	// A broken upload shows the command line's file:line errors.
	bad := filepath.Join(t.TempDir(), "broken.toml")
	if err := os.WriteFile(bad, []byte("extends = \"classroom\"\n[fiscal]\npatronage = 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("upload", chromedp.SetUploadFiles(`#upload`, []string{bad}))
	until("the upload's errors", `!document.querySelector("#problems").hidden`)
	if got := eval(`document.querySelector("#problems").textContent`); !strings.Contains(got, "broken.toml:3: fiscal.patronage: unknown key (hint: did you mean patronage_weight?)") {
		t.Errorf("upload errors %q", got)
	}
	screenshot("1-upload-error.png")
	// The menu shows the upload, so picking classroom again is a change.
	if got := eval(`document.querySelector("#scenario").value + "|" + document.querySelector("#scenario").selectedOptions[0].textContent`); got != "|(uploaded: broken.toml)" {
		t.Errorf("menu after the upload shows %q", got)
	}
	choose("#scenario", "classroom") // back to the embedded scenario
	until("the errors to clear", `document.querySelector("#problems").hidden`)

	// Change levers: appointed akims, fewer trials. Recall as well is a
	// contradiction the page reports as the command line would.
	choose("#lever-institutions-selection", "appointed")
	step("settings", chromedp.SetValue(`#trials`, "6"), chromedp.SetValue(`#months`, "60"))
	if eval(`String(document.querySelector("#lever-institutions-recall").checked)`) != "false" {
		t.Fatal("the classroom scenario has recall on; the test expects it off")
	}
	step("recall on", chromedp.Click(`#lever-institutions-recall`), chromedp.Click(`#run`))
	until("the contradiction reported", `!document.querySelector("#problems").hidden`)
	if got := eval(`document.querySelector("#problems").textContent`); !strings.Contains(got, "levers: institutions.selection: recall = true but selection = \"appointed\"") {
		t.Errorf("contradiction reported as %q", got)
	}
	step("recall off", chromedp.Click(`#lever-institutions-recall`))
	until("one lever marked changed", `document.querySelectorAll("#levers .lever.changed").length === 1`)
	step("run", chromedp.Click(`#run`))
	until("the first run to finish", `document.querySelectorAll("#runs li").length === 1`)
	if got := eval(`document.querySelector("#progress").dataset.done + "/" + document.querySelector("#progress").dataset.total`); got != "6/6" {
		t.Errorf("progress %s, want 6/6", got)
	}
	if got := eval(`String(document.querySelectorAll("#charts figure svg path.mean").length)`); got != "6" {
		t.Errorf("%s mean lines, want one per headline chart", got)
	}
	if got := eval(`document.querySelector("#charts figure").dataset.trials`); got != "6" {
		t.Errorf("chart drawn from %s trials, want 6", got)
	}
	screenshot("2-first-run.png")

	// The second run, started from the keyboard: elected akims again.
	choose("#lever-institutions-selection", "direct")
	step("run from the keyboard", chromedp.Focus(`#run`), chromedp.KeyEvent("\r"))
	until("the second run to start", `document.querySelector("#progress").dataset.done !== "6" || document.querySelectorAll("#runs li").length === 2`)
	until("the second run to finish", `document.querySelectorAll("#runs li").length === 2`)
	if got := eval(`document.querySelector("#compare-table").dataset.runs`); got != "2" {
		t.Errorf("comparison table of %s runs, want 2", got)
	}
	if got := eval(`String(document.querySelector("#charts figure").dataset.runs)`); got != "2" {
		t.Errorf("%s runs on the first chart, want 2", got)
	}
	if got := eval(`document.querySelector("#compare-table thead").textContent`); !strings.Contains(got, "selection = appointed") {
		t.Errorf("comparison headings %q do not name the lever moved", got)
	}
	screenshot("3-two-runs.png")

	// Run pressed twice at once: one run, not two cancelling each other.
	eval(`(() => { const f = document.querySelector("#setup"); f.requestSubmit(); f.requestSubmit(); return ""; })()`)
	until("the double-submitted run to finish", `document.querySelectorAll("#runs li").length === 3`)
	if got := eval(`document.querySelector("#status").textContent`); !strings.HasPrefix(got, "Finished: 6 trials") {
		t.Errorf("after a double submit the page says %q", got)
	}

	// Download the newest run's series.csv.
	step("download", chromedp.Click(`#runs li:first-child .files a[href$="/files/series.csv"]`))
	var csv []byte
	deadline := time.Now().Add(30 * time.Second)
	for csv == nil && time.Now().Before(deadline) {
		matches, _ := filepath.Glob(filepath.Join(downloads, "*series.csv"))
		if len(matches) == 1 {
			if data, err := os.ReadFile(matches[0]); err == nil && bytes.Count(data, []byte("\n")) == 1+6*60 {
				csv = data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if csv == nil {
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("series.csv not downloaded with 1+6*60 lines; the folder holds %v", entries)
	}
	if !bytes.HasPrefix(csv, []byte("scenario,trial,")) {
		t.Errorf("downloaded series.csv starts %q", csv[:min(40, len(csv))])
	}

	// The projector view.
	step("projector", chromedp.Click(`#projector`))
	until("the projector view", `document.body.classList.contains("projector")`)
	screenshot("4-projector.png")

	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "data" && p.Host != base.Host) {
			t.Errorf("the page requested %s, outside the server %s", u, base.Host)
		}
	}
	if len(requests) < 5 {
		t.Errorf("only %d requests seen; is the network listener working?", len(requests))
	}
	for _, e := range exceptions {
		t.Errorf("script error: %s", e)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
