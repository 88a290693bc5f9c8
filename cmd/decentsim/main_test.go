package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// run runs the command in-process and returns its exit status, stdout and
// stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := decentsim(context.Background(), &out, &errb, args)
	return code, out.String(), errb.String()
}

// A usageCase is a command line that decentsim must refuse as bad input:
// exit status 2 and a message holding want.
type usageCase struct {
	args []string
	want string
}

// checkUsage checks that decentsim refuses each case as bad input, with
// no stack trace. With a command, each case's args are the command's
// arguments, and an unused --out folder is added.
func checkUsage(t *testing.T, command string, cases []usageCase) {
	t.Helper()
	for _, c := range cases {
		args := c.args
		if command != "" {
			args = append(append([]string{command}, args...), "--out", filepath.Join(t.TempDir(), "x"))
		}
		code, _, stderr := run(t, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("decentsim %q = exit %d, stderr %q; want exit 2 and %q", args, code, stderr, c.want)
		}
		if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
			t.Errorf("decentsim %q printed a stack trace: %s", args, stderr)
		}
	}
}

// runInterrupted runs decentsim with args in a context cancelled before
// it starts, as a signal does, and checks that it exits with status 130.
func runInterrupted(t *testing.T, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := decentsim(ctx, &out, &errb, args); code != 130 {
		t.Fatalf("exit %d; want 130 (stderr %q)", code, errb.String())
	}
}

// buildBinary builds decentsim into a temporary folder and returns its
// path.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "decentsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// interruptBinary runs the built binary with args and --out dir, sends it
// SIGINT once it has written into dir and run for a further pause, and
// checks that it exits with status 130.
func interruptBinary(t *testing.T, dir string, pause time.Duration, args ...string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on windows")
	}
	var stderr bytes.Buffer
	cmd := startWriting(t, dir, &stderr, 50*time.Millisecond, append(args, "--out", dir)...)
	// The command has started writing: interrupt it.
	time.Sleep(pause)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit = %v; want status 130 (stderr %q)", err, stderr.String())
	}
}

// startWriting starts the built binary with args, its stderr into stderr
// (nil: discarded), and returns once it has written into dir (or after a
// minute), looking every poll.
func startWriting(t *testing.T, dir string, stderr io.Writer, poll time.Duration, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(buildBinary(t), args...)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if entries, _ := os.ReadDir(dir); len(entries) > 1 || time.Now().After(deadline) {
			return cmd
		}
		time.Sleep(poll)
	}
}

// quick is a small, fast run of the classroom scenario.
func quick(dir string, extra ...string) []string {
	return append([]string{"run", "classroom", "--trials", "4", "--months", "24", "--quiet", "--out", dir}, extra...)
}

var dataFiles = []string{"series.csv", "summary.csv", "elections.csv", "events.csv", "scenario.toml", "summary.md"}

func TestRunIsDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := []string{filepath.Join(base, "w1"), filepath.Join(base, "w2"), filepath.Join(base, "w2again")}
	for i, workers := range []string{"1", "2", "2"} {
		if code, _, stderr := run(t, quick(dirs[i], "--workers", workers)...); code != 0 {
			t.Fatalf("run --workers %s: exit %d: %s", workers, code, stderr)
		}
	}
	for _, f := range dataFiles {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "events.csv" && bytes.Count(a, []byte("\n")) < 2 {
			t.Errorf("events.csv of %s holds no event; the comparison says nothing", dirs[0])
		}
		for _, d := range dirs[1:] {
			b, err := os.ReadFile(filepath.Join(d, f))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(withoutCommand(a, f), withoutCommand(b, f)) { // summary.md names --workers
				t.Errorf("%s differs between %s and %s", f, dirs[0], d)
			}
		}
	}
}

func TestRunWritesEveryOutput(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, quick(dir)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(stdout) != dir {
		t.Errorf("stdout = %q; want only the output folder %q", stdout, dir)
	}
	if stderr != "" {
		t.Errorf("stderr = %q with --quiet; want nothing", stderr)
	}
	var m struct {
		Status      string   `json:"status"`
		ExitStatus  int      `json:"exit_status"`
		Trials      int      `json:"trials"`
		Months      int      `json:"months"`
		SHA         string   `json:"scenario_sha256"`
		CommandLine []string `json:"command_line"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != "ok" || m.ExitStatus != 0 || m.Trials != 4 || m.Months != 24 || len(m.SHA) != 64 {
		t.Errorf("manifest = %+v; want ok, 0, 4 trials, 24 months, a sha256", m)
	}
	if want := append([]string{"decentsim"}, quick(dir)...); !slices.Equal(m.CommandLine, want) {
		t.Errorf("manifest command_line = %q; want %q", m.CommandLine, want)
	}
	series, _ := os.ReadFile(filepath.Join(dir, "series.csv"))
	if lines := strings.Count(string(series), "\n"); lines != 1+4*24 {
		t.Errorf("series.csv has %d lines; want header + 4 trials x 24 months = %d", lines, 1+4*24)
	}
	for _, name := range []string{"service_quality", "dashboard"} {
		f, err := os.Open(filepath.Join(dir, "charts", name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 500 {
			t.Errorf("charts/%s.png: %v, bounds %v; want a valid PNG at least 500 px wide", name, err, img.Bounds())
		}
		svg, err := os.ReadFile(filepath.Join(dir, "charts", name+".svg"))
		if err != nil || len(svg) < 5000 || xml.Unmarshal(svg, new(struct{})) != nil {
			t.Errorf("charts/%s.svg: %d bytes, %v; want valid SVG of non-trivial size", name, len(svg), err)
		}
	}
}

func TestResolvedScenarioReproducesTheData(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	first, second := filepath.Join(base, "a"), filepath.Join(base, "b")
	if code, _, stderr := run(t, quick(first, "--set", "fiscal.patronage_weight=0.7", "--seed", "9")...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := run(t, "run", filepath.Join(first, "scenario.toml"), "--quiet", "--out", second)
	if code != 0 {
		t.Fatalf("rerun of scenario.toml: exit %d: %s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(first, "series.csv"))
	b, _ := os.ReadFile(filepath.Join(second, "series.csv"))
	if !bytes.Equal(a, b) {
		t.Error("running the written scenario.toml gave different series.csv")
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(bad, []byte("[fiscal]\npatronge_weight = 0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nonEmpty := t.TempDir()
	os.WriteFile(filepath.Join(nonEmpty, "keep.txt"), []byte("x"), 0o644)
	checkUsage(t, "", []usageCase{
		{[]string{"run", "--trails", "3"}, "flag provided but not defined"},
		{[]string{"run", "--trials", "0"}, "--trials must be at least 1"},
		{[]string{"run", "no_such_scenario"}, "no_such_scenario"},
		{[]string{"run", bad}, "did you mean"},
		{[]string{"run", "classroom", "--set", "fiscal.patronage_weight=2"}, "fiscal.patronage_weight"},
		{[]string{"run", "classroom", "--out", nonEmpty}, "--force"},
		{[]string{"check", bad}, "bad.toml:2"},
		{[]string{"show"}, "one scenario name"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"compare", "classroom", "classic_epstein"}, "works on the rural model"},
		{[]string{"sweep", "classic_epstein", "--vary", "classic.legitimacy=0.7,0.8"}, "works on the rural model"},
		{[]string{"calibrate", "classic_epstein", "--target", "../../docs/calibration/kz_reform_timeline.toml"}, "works on the rural model"},
		{[]string{}, "Usage"},
	})
}

func TestListShowCheckVersionHelp(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "list")
	if code != 0 || !strings.Contains(out, "kz_direct_2021") || !strings.Contains(out, "classroom") {
		t.Errorf("list = %d, %q; want the embedded scenarios", code, out)
	}
	code, out, _ = run(t, "show", "classroom")
	if code != 0 || !strings.Contains(out, "[world]") {
		t.Errorf("show classroom = %d, %q; want the file", code, out)
	}
	code, out, _ = run(t, "check", "classroom", "kz_reform_timeline")
	if code != 0 || strings.Count(out, ": ok") != 2 {
		t.Errorf("check = %d, %q; want two ok lines", code, out)
	}
	code, out, _ = run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "decentsim ") {
		t.Errorf("version = %d, %q", code, out)
	}
	for _, cmd := range []string{"run", "list", "show", "check"} {
		code, helpOut, errOut := run(t, cmd, "--help")
		if code != 0 || !strings.Contains(helpOut, "Example:") || errOut != "" {
			t.Errorf("%s --help = %d, %q, stderr %q; want exit 0 with an example on stdout", cmd, code, helpOut, errOut)
		}
	}
}

// TestInterruptLeavesNoPartialFiles sends SIGINT to the built binary mid-run.
func TestInterruptLeavesNoPartialFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	interruptBinary(t, dir, 300*time.Millisecond, "run", "classroom", "--trials", "400", "--workers", "1")
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"status": "interrupted"`) {
		t.Errorf("manifest after SIGINT:\n%s\nwant status interrupted", raw)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.Contains(d.Name(), ".tmp") {
			t.Errorf("partial file left behind: %s", p)
		}
		return nil
	})
}

// TestBadFlagIsOneLine checks a mistyped flag gets one line naming the
// command and where to look, not the whole usage, and exit status 2.
func TestBadFlagIsOneLine(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"run", "--frobnicate"}, {"sweep", "classroom", "--trials", "abc"}} {
		code, out, errOut := run(t, args...)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "(see 'decentsim "+args[0]+" --help')") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// TestSecondInterruptLeavesNoTemporary interrupts a run twice, the
// second time at once: the program exits without finishing its folder,
// but leaves no temporary (hidden, half-written) file behind.
func TestSecondInterruptLeavesNoTemporary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on windows")
	}
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	cmd := startWriting(t, dir, nil, 20*time.Millisecond, "run", "classroom", "--trials", "400", "--workers", "1", "--quiet", "--out", dir)
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(2 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err == nil {
		t.Fatal("exit 0; want an interrupted run")
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("left behind: %s", path)
		}
		return err
	})
}
