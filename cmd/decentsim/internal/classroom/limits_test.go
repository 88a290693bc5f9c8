package classroom

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
)

// TestNoFraming checks that every answer, the page's, its assets', the
// API's and the refusals', forbids other sites to frame it (issue 20).
func TestNoFraming(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for _, tt := range []struct{ method, path, host string }{
		{"GET", "/", ""},
		{"GET", "/static/app.js", ""},
		{"GET", "/api/scenarios", ""},
		{"GET", "/api/runs/nosuch/events", ""},
		{"GET", "/nosuch", ""},
		{"POST", "/api/runs", ""},
		{"GET", "/", "evil.example"},
	} {
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		if tt.host != "" {
			req.Host = tt.host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp, xfo := res.Header.Get("Content-Security-Policy"), res.Header.Get("X-Frame-Options")
		if !strings.Contains(csp, "frame-ancestors 'none'") || xfo != "DENY" {
			t.Errorf("%s %s (host %q): status %d, CSP %q, X-Frame-Options %q; want frame-ancestors 'none' and DENY",
				tt.method, tt.path, tt.host, res.StatusCode, csp, xfo)
		}
	}
}

// TestRunTimeLimit stops a run at MaxRunTime: it ends interrupted, says
// why, and keeps the files of the trials it finished.
func TestRunTimeLimit(t *testing.T) {
	srv, ts := newTestServer(t, func(l *Limits) { l.MaxRunTime = 300 * time.Millisecond })
	r := long
	r.Client = "a"
	id := start(t, ts, r)
	snaps, _ := watch(t, context.Background(), ts, id)
	end := snaps[len(snaps)-1]
	if end.State != stateInterrupted || !strings.Contains(end.Error, "the longest a run may take on this server") {
		t.Fatalf("run past MaxRunTime ended %q with %q; want interrupted, saying why", end.State, end.Error)
	}
	if got := stateOf(t, srv, id); got != stateInterrupted {
		t.Errorf("state %q", got)
	}
	var m struct {
		Status string `json:"status"`
	}
	data, err := os.ReadFile(filepath.Join(srv.cfg.Dir, id, output.ManifestFile))
	if err != nil || json.Unmarshal(data, &m) != nil || m.Status != string(output.StatusInterrupted) {
		t.Errorf("manifest of the stopped run: %v, %s", err, data)
	}
}

// TestRunsPerAddress bounds the runs one computer has going, whatever
// client ids its pages give, while another computer can still start one.
func TestRunsPerAddress(t *testing.T) {
	srv, ts := newTestServer(t, func(l *Limits) { l.MaxRunning, l.MaxRunningPerAddr = 10, 2 })
	r := long
	var ids []string
	for _, client := range []string{"a", "b"} {
		r.Client = client
		ids = append(ids, start(t, ts, r))
	}
	r.Client = "c"
	var e errorBody
	if code := call(t, "POST", ts.URL+"/api/runs", runBody(t, r), &e); code != http.StatusTooManyRequests || !strings.Contains(e.Error, "this computer already has as many runs going as one may (2)") {
		t.Errorf("third run from one computer: status %d, %q; want 429", code, e.Error)
	}
	// A page's new run replaces its own: still two going.
	r.Client = "a"
	ids = append(ids, start(t, ts, r))
	// Another computer is not held back.
	sc, err := scenarios.Resolve("classroom", []string{"meta.trials=200", "meta.months=240"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := srv.launch("d", "192.0.2.7", sc)
	if err != nil {
		t.Fatalf("a run from another computer: %v", err)
	}
	ids = append(ids, other.id)
	if _, err := srv.launch("e", "192.0.2.7", sc); err != nil {
		t.Fatalf("a second run from another computer: %v", err)
	}
	if _, err := srv.launch("f", "192.0.2.7", sc); !errors.Is(err, errAddrBusy) {
		t.Errorf("a third run from another computer: %v; want errAddrBusy", err)
	}
	srv.mu.Lock()
	for _, rn := range srv.runs {
		rn.cancel()
	}
	srv.mu.Unlock()
	for _, id := range ids {
		stateOf(t, srv, id)
	}
}

// TestEvictionBytes keeps the files of finished runs within KeepBytes,
// removing the oldest first, and keeps the newest whatever its size.
func TestEvictionBytes(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	tiny, exists := tinyRuns(t, srv, ts)
	first := tiny("a")
	srv.mu.Lock()
	size, _ := srv.runs[first].size()
	srv.cfg.Limits.KeepBytes = size * 5 / 2 // room for two runs, not three
	srv.mu.Unlock()
	if size < 1000 {
		t.Fatalf("a run's files take %d bytes; want the size of its folder", size)
	}
	ids := []string{first, tiny("b"), tiny("c"), tiny("d")}
	for i, want := range []bool{false, false, true, true} {
		if got := exists(ids[i]); got != want {
			t.Errorf("run %d of 4 with room for 2: kept %v; want %v", i+1, got, want)
		}
	}
	srv.mu.Lock()
	srv.cfg.Limits.KeepBytes = 1 // room for none: the newest stays
	srv.mu.Unlock()
	last := tiny("e")
	if exists(ids[3]) || !exists(last) {
		t.Errorf("with room for none: previous run kept %v, newest kept %v; want false, true", exists(ids[3]), exists(last))
	}
}

// TestClassicRunHeadline refuses a run of the classic model with what is
// wrong, not "too large" (issue 20).
func TestClassicRunHeadline(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var e errorBody
	code := call(t, "POST", ts.URL+"/api/runs", runBody(t, runRequest{Scenario: "classic_epstein", Trials: "1", Months: "1"}), &e)
	if code != 400 || strings.Contains(e.Error, "too large") || !strings.Contains(e.Error, "rural model only") {
		t.Errorf("classic run: status %d, headline %q; want 400 saying the page runs the rural model only", code, e.Error)
	}
}
