package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/classroom"
)

// TestServedRunRepeatsFromTheCommandLine runs a scenario with moved levers
// on the classroom page's server, downloads its scenario.toml, runs that
// file with `decentsim run`, and checks the data files are byte-identical:
// what a student downloads repeats the experiment.
func TestServedRunRepeatsFromTheCommandLine(t *testing.T) {
	t.Parallel()
	srv := classroom.New(classroom.Config{Limits: classroom.DefaultLimits, Dir: t.TempDir(), Workers: 2, Version: version()})
	ts := httptest.NewServer(srv)
	defer func() { ts.Close(); srv.Close() }()

	body := `{"client":"t","scenario":"classroom","trials":3,"months":30,"seed":7,
		"levers":{"institutions.selection":"indirect","fiscal.transfer_rule":"formula","participation.budget_share":0.2}}`
	res, err := http.Post(ts.URL+"/api/runs", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var started struct{ ID string }
	err = json.NewDecoder(res.Body).Decode(&started)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("start: %d %v", res.StatusCode, err)
	}
	// Watch to the end.
	res, err = http.Get(ts.URL + "/api/runs/" + started.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() && sc.Text() != "event: end" {
	}
	res.Body.Close()

	get := func(name string) []byte {
		t.Helper()
		res, err := http.Get(ts.URL + "/api/runs/" + started.ID + "/files/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", name, res.StatusCode, err)
		}
		return data
	}
	dir := t.TempDir()
	toml := filepath.Join(dir, "downloaded.toml")
	writeTestFile(t, toml, get("scenario.toml"))
	out := filepath.Join(dir, "out")
	if code, _, stderr := run(t, "run", toml, "--quiet", "--no-charts", "--out", out); code != 0 {
		t.Fatalf("decentsim run of the downloaded scenario: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"series.csv", "summary.csv", "elections.csv", "scenario.toml", "summary.md"} {
		local, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(withoutCommand(get(f), f), withoutCommand(local, f)) { // the page has no command line
			t.Errorf("%s from the page differs from decentsim run of its scenario.toml", f)
		}
	}
}

func TestServeFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"serve", "extra"},
		{"serve", "--max-trials", "0"},
		{"serve", "--workers", "-1"},
		{"serve", "--addr", "nonsense"},
		{"serve", "--max-runs-per-address", "0"},
		{"serve", "--max-run-time", "-1s"},
		{"serve", "--max-run-time", "ten"},
		{"serve", "--keep-mb", "0"},
		{"serve", "--max-memory", "lots"},
	} {
		code, _, stderr := run(t, args...)
		if code != exitUsage || !strings.HasPrefix(stderr, "decentsim") || strings.Contains(stderr, "goroutine") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	// Limits that would let the runs going need more memory than the
	// machine's, or --max-memory, are refused before the server starts.
	for _, args := range [][]string{
		{"serve", "--max-trials", "100000", "--max-months", "10000", "--addr", "127.0.0.1:0"},
		{"serve", "--max-memory", "100MB", "--addr", "127.0.0.1:0"},
	} {
		code, stdout, stderr := run(t, args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "serve would need about") ||
			!strings.Contains(stderr, "hint: lower --max-runs, --max-trials, --max-months or --max-agents") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, %q; want 2 and the estimate, on one line", args, code, stderr)
		}
	}
	// A port in use says so, and how to pick another.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := run(t, "serve", "--addr", ln.Addr().String())
	if code != exitUsage || !strings.Contains(stderr, "in use") || !strings.Contains(stderr, "--addr") {
		t.Errorf("port in use: exit %d, %q", code, stderr)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs `decentsim serve` with args (after --addr 127.0.0.1:0
// for a free port, which args may override) until stop is called, and
// returns the URL it printed and a stop function returning its exit status
// (as Ctrl-C does).
func startServe(t *testing.T, args ...string) (url string, stop func() int) {
	url, _, stop = startServeOutput(t, args...)
	return url, stop
}

// startServeOutput is startServe, also returning what serve writes on
// stderr.
func startServeOutput(t *testing.T, args ...string) (url string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	stderr = new(syncBuffer)
	done := make(chan int, 1)
	go func() {
		done <- decentsim(ctx, &stdout, stderr, append([]string{args[0], "--addr", "127.0.0.1:0"}, args[1:]...))
	}()
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, rest, ok := strings.Cut(stdout.String(), "open "); ok {
			url, _, _ = strings.Cut(rest, " ")
		}
	}
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Logf("serve stderr: %s", stderr.String())
			}
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop when cancelled")
			return -1
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		stop()
		t.Fatalf("serve printed no URL: %q %q", stdout.String(), stderr.String())
	}
	return url, stderr, stop
}

// getPage fetches url and checks it is the classroom page.
func getPage(t *testing.T, url string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "decentsim classroom") {
		t.Errorf("%s: status %d, page %.100s", url, res.StatusCode, page)
	}
}

// TestServeStartsAndStops runs the serve command: it prints the URL, the
// page answers there, and cancelling (Ctrl-C) ends it with status 0.
func TestServeStartsAndStops(t *testing.T) {
	t.Parallel()
	url, stop := startServe(t, "serve")
	getPage(t, url)
	if code := stop(); code != 0 {
		t.Errorf("exit %d after Ctrl-C, want 0", code)
	}
}

// TestServeAllInterfaces listens on every interface (--addr 0.0.0.0:P): it
// prints a URL a browser here opens, http://127.0.0.1:P/, not the
// listener's http://[::]:P/ (issue 20), and says other machines can use
// the page.
func TestServeAllInterfaces(t *testing.T) {
	t.Parallel()
	url, stderr, stop := startServeOutput(t, "serve", "--addr", "0.0.0.0:0")
	getPage(t, url)
	if code := stop(); code != 0 {
		t.Errorf("exit %d after Ctrl-C, want 0", code)
	}
	if msg := stderr.String(); !strings.Contains(msg, "listening on all network interfaces: other machines on the network can open http://") {
		t.Errorf("stderr %q; want the note that other machines can use the page", msg)
	}
}

func TestPageURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr       string
		url        string
		everywhere bool
	}{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/", false},
		{"[::]:8080", "http://127.0.0.1:8080/", true},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/", true},
		{"192.168.1.5:8080", "http://192.168.1.5:8080/", false},
		{"[::1]:8080", "http://[::1]:8080/", false},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if url, everywhere := pageURL(addr); url != tt.url || everywhere != tt.everywhere {
			t.Errorf("pageURL(%s) = %s, %v; want %s, %v", tt.addr, url, everywhere, tt.url, tt.everywhere)
		}
	}
}
