package classroom

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/scenarios"
)

// newTestServer starts a server with DefaultLimits, changed by set if not
// nil, writing under a temporary folder.
func newTestServer(t *testing.T, set func(*Limits)) (*Server, *httptest.Server) {
	t.Helper()
	lim := DefaultLimits
	if set != nil {
		set(&lim)
	}
	srv := New(Config{Limits: lim, Dir: t.TempDir(), Workers: 2, Version: "test"})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	return srv, ts
}

// call makes a request and decodes a JSON answer into out (if not nil),
// returning the status.
func call(t *testing.T, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(url, "/api/runs") {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
	return res.StatusCode
}

// errorBody is the server's error answer.
type errorBody struct {
	Error    string    `json:"error"`
	Problems []problem `json:"problems"`
}

func TestScenarioList(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var got struct {
		Scenarios []scenarioInfo `json:"scenarios"`
		Default   string         `json:"default"`
		Limits    Limits         `json:"limits"`
	}
	if code := call(t, "GET", ts.URL+"/api/scenarios", "", &got); code != 200 {
		t.Fatalf("status %d", code)
	}
	names := map[string]bool{}
	for _, s := range got.Scenarios {
		names[s.Name] = true
	}
	if !names["classroom"] || !names["kz_direct_2021"] || got.Default != "classroom" {
		t.Errorf("menu %v, default %q: want classroom and kz_direct_2021, default classroom", names, got.Default)
	}
	for name := range names {
		if strings.HasPrefix(name, "classic_epstein") {
			t.Errorf("menu lists %s, which has none of the levers", name)
		}
	}
	if got.Limits.MaxTrials != DefaultLimits.MaxTrials {
		t.Errorf("limits %+v", got.Limits)
	}
}

func TestScenarioLevers(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var v scenarioView
	if code := call(t, "GET", ts.URL+"/api/scenario?name=kz_appointed_pre2013", "", &v); code != 200 {
		t.Fatalf("status %d", code)
	}
	sc, err := scenarios.Resolve("kz_appointed_pre2013", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Levers) != len(levers) {
		t.Fatalf("%d levers, want %d", len(v.Levers), len(levers))
	}
	for _, l := range v.Levers {
		want, _ := sc.Params.Get(l.Key)
		if got, _ := json.Marshal(l.Value); string(got) != mustJSON(t, want) {
			t.Errorf("%s = %s, want %s", l.Key, got, mustJSON(t, want))
		}
		if l.Help == "" || l.Label == "" {
			t.Errorf("%s has no label or explanation", l.Key)
		}
		if l.Kind == "number" && (l.Max <= l.Min || l.Step <= 0) {
			t.Errorf("%s: range %v..%v step %v", l.Key, l.Min, l.Max, l.Step)
		}
	}
	if v.Agents != sc.Params.World.Population/sc.Params.World.Represent {
		t.Errorf("agents %d", v.Agents)
	}

	for _, bad := range []string{"", "nosuch", "../etc/passwd", "classic_epstein"} {
		var e errorBody
		if code := call(t, "GET", ts.URL+"/api/scenario?name="+bad, "", &e); code != 400 || e.Error == "" {
			t.Errorf("scenario %q: status %d, error %q; want 400 with a message", bad, code, e.Error)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUpload(t *testing.T) {
	_, ts := newTestServer(t, func(l *Limits) { l.MaxUpload = 1024 })
	var v scenarioView
	good := "extends = \"classroom\"\n[meta]\nname = \"mine\"\n[fiscal]\npatronage_weight = 0.75\n"
	if code := call(t, "POST", ts.URL+"/api/scenario?filename=dir/mine.toml", good, &v); code != 200 {
		t.Fatalf("status %d", code)
	}
	for _, l := range v.Levers {
		if l.Key == "fiscal.patronage_weight" && l.Value != 0.75 {
			t.Errorf("patronage_weight %v, want 0.75 from the upload", l.Value)
		}
	}
	if v.Name != "mine" {
		t.Errorf("name %q", v.Name)
	}

	var e errorBody
	bad := "[fiscal]\npatronage = 0.5\n\n[meta]\nmonths = -3\n"
	if code := call(t, "POST", ts.URL+"/api/scenario?filename=C:\\class\\bad.toml", bad, &e); code != 400 {
		t.Fatalf("status %d", code)
	}
	if len(e.Problems) != 2 {
		t.Fatalf("problems %+v, want both", e.Problems)
	}
	if p := e.Problems[0]; p.File != "bad.toml" || p.Line != 2 || p.Key != "fiscal.patronage" || !strings.Contains(p.Hint, "patronage_weight") ||
		!strings.HasPrefix(p.Text, "bad.toml:2: fiscal.patronage: unknown key") {
		t.Errorf("first problem %+v", p)
	}

	if code := call(t, "POST", ts.URL+"/api/scenario", "not toml [", &e); code != 400 || !strings.HasPrefix(e.Problems[0].Text, "upload.toml:1") {
		t.Errorf("syntax error: status %d, %+v", code, e.Problems)
	}
	if code := call(t, "POST", ts.URL+"/api/scenario", strings.Repeat("#", 2000), &e); code != http.StatusRequestEntityTooLarge || !strings.Contains(e.Error, "KiB") {
		t.Errorf("large upload: status %d, %q", code, e.Error)
	}
	// A huge world is reported when run, with the fix.
	huge := "extends = \"kz_direct_2021\"\n[world]\nrepresent = 1\n"
	if code := call(t, "POST", ts.URL+"/api/runs", runBody(t, runRequest{Source: huge, Filename: "huge.toml", Trials: "1", Months: "1"}), &e); code != 400 ||
		!strings.Contains(e.Problems[0].Text, "raise world.represent") {
		t.Errorf("huge world: status %d, %+v", code, e.Problems)
	}
}

func runBody(t *testing.T, r runRequest) string {
	t.Helper()
	return mustJSON(t, r)
}

func TestRunRefusals(t *testing.T) {
	_, ts := newTestServer(t, func(l *Limits) { l.MaxTrials, l.MaxMonths = 10, 36 })
	tests := []struct {
		name, body, want string
	}{
		{"not JSON", "{", "the run request is not valid"},
		{"fractional trials", `{"scenario":"classroom","trials":1.5,"months":1}`, "trials must be a whole number from 1 to 10, not \"1.5\""},
		{"seed too large", `{"scenario":"classroom","trials":1,"months":1,"seed":"18446744073709551615"}`, "seed must be a whole number from 0 to 9223372036854775807"},
		{"null lever", `{"scenario":"classroom","trials":1,"months":1,"levers":{"oversight.transparency":null}}`, "oversight.transparency: wants a word"},
		{"no scenario", runBody(t, runRequest{Trials: "1", Months: "1"}), "pick an embedded scenario"},
		{"too many trials", runBody(t, runRequest{Scenario: "classroom", Trials: "11", Months: "1"}), "from 1 to 10"},
		{"no trials", runBody(t, runRequest{Scenario: "classroom", Trials: "0", Months: "1"}), "from 1 to 10"},
		{"too many months", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "37"}), "from 1 to 36"},
		{"not a lever", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "1", Levers: map[string]any{"world.represent": 1.0}}), "not one of the page's levers"},
		{"lever type", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "1", Levers: map[string]any{"oversight.transparency": []any{1}}}), "wants a word"},
		{"lever range", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "1", Levers: map[string]any{"oversight.transparency": 2.0}}), "levers: oversight.transparency"},
		{"contradiction", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "1", Levers: map[string]any{"institutions.selection": "appointed", "institutions.recall": true}}), "set selection = \"direct\" or recall = false"},
		{"path as name", runBody(t, runRequest{Scenario: "../../etc/passwd", Trials: "1", Months: "1"}), "pick an embedded scenario"},
		{"unknown scenario", runBody(t, runRequest{Scenario: "clasroom", Trials: "1", Months: "1"}), "pick one from the menu"},
	}
	for _, tt := range tests {
		var e errorBody
		code := call(t, "POST", ts.URL+"/api/runs", tt.body, &e)
		var texts []string
		for _, p := range e.Problems {
			texts = append(texts, p.Text)
		}
		if code != 400 || !strings.Contains(e.Error+strings.Join(texts, "\n"), tt.want) {
			t.Errorf("%s: status %d, %q %q; want 400 mentioning %q", tt.name, code, e.Error, texts, tt.want)
		}
	}
}

// start starts a run and returns its id.
func start(t *testing.T, ts *httptest.Server, r runRequest) string {
	t.Helper()
	var got struct {
		ID string `json:"id"`
	}
	var e errorBody
	body := runBody(t, r)
	res, err := http.Post(ts.URL+"/api/runs", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		_ = json.Unmarshal(data, &e)
		t.Fatalf("start: status %d: %s", res.StatusCode, data)
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	return got.ID
}

// watch reads the run's event stream to its end and returns the
// snapshots, with the number of progress events before the end.
func watch(t *testing.T, ctx context.Context, ts *httptest.Server, id string) (snaps []snapshot, progress int) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/runs/"+id+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 16<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var s snapshot
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &s); err != nil {
				t.Fatal(err)
			}
			snaps = append(snaps, s)
			if event == "progress" {
				progress++
			}
			if event == "end" {
				return snaps, progress
			}
		}
	}
	return snaps, progress
}

func TestRunStreamsAndDownloads(t *testing.T) {
	_, ts := newTestServer(t, nil)
	id := start(t, ts, runRequest{Client: "a", Scenario: "classroom", Trials: "5", Months: "30",
		Levers: map[string]any{"institutions.selection": "indirect", "institutions.recall": false, "fiscal.patronage_weight": 0.8}})
	snaps, _ := watch(t, context.Background(), ts, id)
	end := snaps[len(snaps)-1]
	if end.State != stateDone || end.Done != 5 || end.Trials != 5 || end.Months != 30 {
		t.Fatalf("end %+v", end)
	}
	for i := 1; i < len(snaps); i++ {
		if snaps[i].Done < snaps[i-1].Done {
			t.Errorf("progress went back: %d then %d", snaps[i-1].Done, snaps[i].Done)
		}
	}
	if len(end.Metrics) != len(headlines) || len(end.Final) != len(headlines) {
		t.Fatalf("%d metrics, %d final", len(end.Metrics), len(end.Final))
	}
	for _, m := range end.Metrics {
		if len(m.Mean) != 30 {
			t.Fatalf("%s: %d months", m.Name, len(m.Mean))
		}
		for mo := range m.Mean {
			if m.Mean[mo] == nil || m.Low[mo] == nil || *m.Low[mo] > *m.Mean[mo] || *m.Mean[mo] > *m.High[mo] {
				t.Fatalf("%s month %d: mean %v band %v..%v", m.Name, mo+1, m.Mean[mo], m.Low[mo], m.High[mo])
			}
		}
	}
	for _, f := range []string{"series.csv", "summary.csv", "elections.csv", "scenario.toml", "summary.md", "manifest.json", "charts/dashboard.png"} {
		res, err := http.Get(ts.URL + "/api/runs/" + id + "/files/" + f)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(data) == 0 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: status %d, %d bytes, %q", f, res.StatusCode, len(data), res.Header.Get("Content-Disposition"))
		}
		if f == "scenario.toml" && !bytes.Contains(data, []byte(`selection = "indirect"`)) {
			t.Errorf("scenario.toml does not hold the lever: %s", data)
		}
	}
	var e errorBody
	if code := call(t, "GET", ts.URL+"/api/runs/"+id+"/files/nosuch.csv", "", &e); code != 404 {
		t.Errorf("missing file: %d", code)
	}
	if code := call(t, "GET", ts.URL+"/api/runs/nosuch/events", "", &e); code != 404 || !strings.Contains(e.Error, "run it again") {
		t.Errorf("missing run: %d %q", code, e.Error)
	}
	res, err := http.Get(ts.URL + "/api/runs/" + id + "/files.zip")
	if err != nil {
		t.Fatal(err)
	}
	zipped, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.HasPrefix(zipped, []byte("PK")) {
		t.Errorf("zip: status %d", res.StatusCode)
	}
}

// stateOf waits until the run has ended, and returns its state.
func stateOf(t *testing.T, srv *Server, id string) string {
	t.Helper()
	srv.mu.Lock()
	r := srv.runs[id]
	srv.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second)
	for r.running() {
		if time.Now().After(deadline) {
			t.Fatalf("run %s still running", id)
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// long is a run that takes far longer than any test waits.
var long = runRequest{Scenario: "classroom", Trials: "200", Months: "240"}

func TestClosedPageCancelsRun(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	r := long
	r.Client = "a"
	id := start(t, ts, r)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/runs/"+id+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the first event, then close the page.
	if _, err := bufio.NewReader(res.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	cancel()
	res.Body.Close()
	if got := stateOf(t, srv, id); got != stateInterrupted {
		t.Errorf("state %q after the page closed, want interrupted", got)
	}
}

func TestUnwatchedRunIsCancelled(t *testing.T) {
	srv, ts := newTestServer(t, func(l *Limits) { l.WatchTimeout = 50 * time.Millisecond })
	id := start(t, ts, long)
	if got := stateOf(t, srv, id); got != stateInterrupted {
		t.Errorf("state %q, want interrupted", got)
	}
}

func TestNewRunReplacesThePagesRun(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	r := long
	r.Client = "page-1"
	first := start(t, ts, r)
	other := long
	other.Client = "page-2"
	second := start(t, ts, other)
	third := start(t, ts, r)
	if got := stateOf(t, srv, first); got != stateInterrupted {
		t.Errorf("first run of page-1: %q, want interrupted by its second", got)
	}
	for _, id := range []string{second, third} {
		if code := call(t, "DELETE", ts.URL+"/api/runs/"+id, "", nil); code != http.StatusNoContent {
			t.Fatalf("stop: %d", code)
		}
		if got := stateOf(t, srv, id); got != stateInterrupted {
			t.Errorf("stopped run: %q", got)
		}
	}
}

func TestBusyServerRefuses(t *testing.T) {
	_, ts := newTestServer(t, func(l *Limits) { l.MaxRunning = 1 })
	r := long
	r.Client = "a"
	id := start(t, ts, r)
	other := long
	other.Client = "b"
	var e errorBody
	if code := call(t, "POST", ts.URL+"/api/runs", runBody(t, other), &e); code != http.StatusServiceUnavailable || !strings.Contains(e.Error, "try again") {
		t.Errorf("second user: status %d, %q", code, e.Error)
	}
	for _, f := range []string{"/files/series.csv", "/files.zip"} {
		if code := call(t, "GET", ts.URL+"/api/runs/"+id+f, "", &e); code != http.StatusConflict || !strings.Contains(e.Error, "has not finished") {
			t.Errorf("%s of a running run: status %d, %q", f, code, e.Error)
		}
	}
	call(t, "DELETE", ts.URL+"/api/runs/"+id, "", nil)
}

func TestConcurrentUsers(t *testing.T) {
	_, ts := newTestServer(t, nil)
	short := runRequest{Scenario: "classroom", Trials: "3", Months: "24"}
	ids := make([]string, 3)
	for i := range ids {
		short.Client = string(rune('a' + i))
		ids[i] = start(t, ts, short)
	}
	results := make(chan snapshot, len(ids))
	for _, id := range ids {
		go func() {
			snaps, _ := watch(t, context.Background(), ts, id)
			results <- snaps[len(snaps)-1]
		}()
	}
	var first *snapshot
	for range ids {
		s := <-results
		if s.State != stateDone {
			t.Errorf("run %s: %s %s", s.ID, s.State, s.Error)
		}
		// Same scenario, seed and trials: the same numbers for everyone.
		if first == nil {
			first = &s
		} else if mustJSON(t, s.Final) != mustJSON(t, first.Final) {
			t.Errorf("concurrent runs of the same request differ")
		}
	}
}

func TestPageAndAssets(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for path, want := range map[string]string{"/": "<title>decentsim classroom", "/static/app.js": "EventSource", "/static/app.css": "projector"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(data), want) {
			t.Errorf("%s: status %d, missing %q", path, res.StatusCode, want)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	res, err := http.Get(ts.URL + "/nosuch")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("/nosuch: %d", res.StatusCode)
	}
}

func TestWorldLimits(t *testing.T) {
	_, ts := newTestServer(t, nil)
	tests := []struct{ name, src, want string }{
		{"many units, few residents", "extends = \"classroom\"\n[world]\ntowns = 2000\nrural_districts = 2000\nvillages = 2000\nsettlements = 2000\npopulation = 4000000\nmin_unit_population = 1\nrepresent = 1000000\n", "8000 rural units"},
		{"many districts", "extends = \"classroom\"\n[world]\noblasts = 100\ndistricts_per_oblast = 100\n", "10000 districts"},
		{"long burn-in", "extends = \"classroom\"\n[world]\nburn_in_months = 600\n", "600 months of burn-in"},
	}
	for _, tt := range tests {
		// The scenario view says so before Run ...
		var v scenarioView
		if code := call(t, "POST", ts.URL+"/api/scenario?filename=w.toml", tt.src, &v); code != 200 || !strings.Contains(strings.Join(v.Problems, "\n"), tt.want) {
			t.Errorf("%s: view %d, problems %q; want %q", tt.name, code, v.Problems, tt.want)
		}
		// ... and Run refuses it.
		var e errorBody
		code := call(t, "POST", ts.URL+"/api/runs", runBody(t, runRequest{Source: tt.src, Filename: "w.toml", Trials: "1", Months: "1"}), &e)
		if code != 400 || len(e.Problems) == 0 || !strings.Contains(e.Problems[0].Text, tt.want) {
			t.Errorf("%s: run %d, %+v; want 400 with %q", tt.name, code, e.Problems, tt.want)
		}
	}
}

func TestPathologicalUploadRefused(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for _, src := range []string{
		"x = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
		strings.Repeat("a.", 20000) + "a = 1",
	} {
		var e errorBody
		if code := call(t, "POST", ts.URL+"/api/scenario?filename=p.toml", src, &e); code != 400 || !strings.Contains(e.Problems[0].Text, "p.toml:1: not a scenario file") {
			t.Errorf("status %d, %+v", code, e.Problems)
		}
	}
}

func TestEmptyUploadRuns(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	id := start(t, ts, runRequest{Client: "a", Source: "", Filename: "empty.toml", Trials: "1", Months: "1", Seed: "3"})
	watch(t, context.Background(), ts, id)
	if got := stateOf(t, srv, id); got != stateDone {
		t.Errorf("empty upload: %s", got)
	}
}

func TestUnwatchedAfterFirstTrial(t *testing.T) {
	// Long enough for a trial of 240 months to finish under the race
	// detector, whose citizens' pass takes several times as long.
	const timeout = 5 * time.Second
	srv, ts := newTestServer(t, func(l *Limits) { l.WatchTimeout = timeout })
	id := start(t, ts, long)
	srv.mu.Lock()
	r := srv.runs[id]
	srv.mu.Unlock()
	if got := stateOf(t, srv, id); got != stateInterrupted {
		t.Errorf("state %q, want interrupted", got)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Trials had finished before the timer fired: it must not matter.
	if r.done == 0 {
		t.Errorf("no trial finished in %v; the test needs one to have", timeout)
	}
}

func TestEviction(t *testing.T) {
	srv, ts := newTestServer(t, func(l *Limits) { l.KeepPerPage, l.KeepRuns = 2, 4 })
	tiny := func(client string) string {
		id := start(t, ts, runRequest{Client: client, Scenario: "classroom", Trials: "1", Months: "1"})
		watch(t, context.Background(), ts, id)
		stateOf(t, srv, id)
		return id
	}
	exists := func(id string) bool {
		return call(t, "GET", ts.URL+"/api/runs/"+id+"/files/summary.md", "", nil) == 200
	}
	a := []string{tiny("a"), tiny("a"), tiny("a")}
	// The page keeps its newest runs; the oldest of a's three is gone.
	if exists(a[0]) || !exists(a[1]) || !exists(a[2]) {
		t.Errorf("page a: runs exist %v %v %v, want false true true", exists(a[0]), exists(a[1]), exists(a[2]))
	}
	b := []string{tiny("b"), tiny("b")}
	c := tiny("c")
	// Five runs kept by pages, four over all: the oldest (a[1]) goes.
	if exists(a[1]) || !exists(a[2]) || !exists(b[0]) || !exists(b[1]) || !exists(c) {
		t.Errorf("after b and c: %v %v %v %v %v", exists(a[1]), exists(a[2]), exists(b[0]), exists(b[1]), exists(c))
	}
	srv.mu.Lock()
	n := len(srv.runs)
	srv.mu.Unlock()
	if n != 4 {
		t.Errorf("%d runs kept, want 4", n)
	}
}

func TestOtherSitesRefused(t *testing.T) {
	_, ts := newTestServer(t, nil)
	body := runBody(t, runRequest{Client: "x", Scenario: "classroom", Trials: "1", Months: "1"})
	post := func(contentType string, header map[string]string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/runs", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		if h := header["Host"]; h != "" {
			req.Host = h
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post("application/json", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}); code != http.StatusForbidden {
		t.Errorf("cross-site run: %d, want 403", code)
	}
	if code := post("text/plain", nil); code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain run: %d, want 415", code)
	}
	if code := post("application/json", map[string]string{"Host": "evil.example:8080"}); code != http.StatusMisdirectedRequest {
		t.Errorf("rebound host: %d, want 421", code)
	}
	for _, host := range []string{"localhost:8080", "127.0.0.1:8080", "[::1]:8080", "192.168.1.20:8080"} {
		if !hostAllowed(host) {
			t.Errorf("host %s refused", host)
		}
	}
}

func TestDownloadNamesAreSafe(t *testing.T) {
	_, ts := newTestServer(t, nil)
	// The loader refuses such a meta.name; a file's own name is the
	// scenario's name when it gives none.
	src := "extends = \"classroom\"\n"
	id := start(t, ts, runRequest{Client: "a", Source: src, Filename: "C:\\x\\..\\évil \"name\".toml", Trials: "1", Months: "1"})
	watch(t, context.Background(), ts, id)
	res, err := http.Get(ts.URL + "/api/runs/" + id + "/files/summary.md")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cd := res.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment; filename=") || strings.Contains(cd, "/") || strings.Contains(cd, "..") || strings.Contains(cd, "é") {
		t.Errorf("Content-Disposition %q", cd)
	}
	res, err = http.Get(ts.URL + "/api/runs/" + id + "/files.zip")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Errorf("zip entry %q", f.Name)
		}
	}
	// Traversal in the file path finds nothing.
	for _, p := range []string{"../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "charts/../../x"} {
		res, err := http.Get(ts.URL + "/api/runs/" + id + "/files/" + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 && !bytes.Contains(body, []byte("decentsim classroom")) {
			t.Errorf("%s: 200 with %.60q", p, body)
		}
	}
}

func TestClosedServerRefusesRuns(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var e errorBody
	if code := call(t, "POST", ts.URL+"/api/runs", runBody(t, runRequest{Scenario: "classroom", Trials: "1", Months: "1"}), &e); code != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d %q", code, e.Error)
	}
}

func TestLeverEvents(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var v scenarioView
	if code := call(t, "GET", ts.URL+"/api/scenario?name=kz_reform_timeline", "", &v); code != 200 {
		t.Fatalf("status %d", code)
	}
	for _, l := range v.Levers {
		if l.Key == "institutions.selection" && len(l.EventMonths) == 0 {
			t.Errorf("selection: no event months, but the timeline's events change it")
		}
	}
}
