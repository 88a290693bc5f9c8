package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// update rewrites the golden files. They record the exact bytes the
// writers produce; never edit them by hand.
var update = flag.Bool("update", false, "rewrite the golden files in testdata (never edit them by hand)")

// testStart is the injected start time of test runs.
var testStart = time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("ALMT", 5*3600))

const testTOML = "name = \"test, \\\"quoted\\\"\"\n"

// synthetic returns trials trials of months months. Each value depends on
// metric, month and trial; a few are special (NaN, negative zero, tiny,
// large), and each trial has elections of every kind.
func synthetic(trials, months int) []*sim.TrialResult {
	var out []*sim.TrialResult
	for k := range trials {
		r := &sim.TrialResult{Trial: k, Seed: 1000 + uint64(k)*7919, Months: make([]sim.Record, months)}
		for i := range r.Months {
			rec := &r.Months[i]
			for m := range rec {
				rec[m] = float64(m)/10 + float64(i+1)/100 + float64(k)/1000
			}
			rec[sim.ServiceQuality] = 0.5 + 0.2*math.Sin(float64(i)/6+float64(k))
			rec[sim.Population] = 1e6 + 1234.5*float64(k) - 10*float64(i)
			rec[sim.Dismissals] = float64((i + k) % 3)
			rec[sim.LeakageShare] = 1e-7 * float64(k+1)
			rec[sim.ProtestEvents] = math.Copysign(0, -1)
		}
		if k == 1 && months > 1 {
			r.Months[1][sim.Turnout] = math.NaN() // one trial missing a value
		}
		for i := range r.Months {
			r.Months[i][sim.RubberStampShare] = math.NaN() // never observed
		}
		r.Elections = []sim.ElectionRecord{
			{Month: 1, Kind: sim.AkimElection, Unit: 3 + k, District: 1, Mode: sim.Direct,
				Candidates: 3, Independents: 1, Turnout: 0.61, IncumbentRan: true, IncumbentWon: k == 0,
				WinnerOrigin: sim.Origin(k % 3), Margin: 0.125, Seats: 0},
			{Month: min(2, months), Kind: sim.MaslikhatElection, Unit: 1, District: 1, Mode: sim.Indirect,
				Candidates: 2, Independents: 4, Turnout: 0.4, WinnerOrigin: sim.Independent,
				Margin: math.NaN(), Seats: 15},
			{Month: months, Kind: sim.AkimRecall, Unit: 2, District: 0, Mode: sim.Appointed,
				Candidates: 1, Turnout: math.NaN(), IncumbentRan: true, Margin: math.NaN()},
		}
		r.Scheduled = []string{"price shock, \"2022\"\nsecond line"}
		r.Events = []sim.LogEvent{
			{Month: 1, Unit: -1, District: -1, Kind: sim.LogShock},
			{Month: 1, Unit: int32(3 + k), District: 1, Kind: sim.LogProtest, Detail: uint8(sim.RespondPolice)},
			{Month: 1, Unit: int32(3 + k), District: 1, Kind: sim.LogDismissal, Detail: uint8(sim.DismissedForProtest)},
			{Month: 1, Unit: int32(3 + k), District: 1, Kind: sim.LogElection, Index: 0},
			{Month: int32(min(2, months)), Unit: -1, District: 1, Kind: sim.LogElection, Index: 1},
			{Month: int32(months), Unit: 2, District: 0, Kind: sim.LogElection, Index: 2},
		}
		out = append(out, r)
	}
	return out
}

// testConfig returns the configuration of a test run into dir.
func testConfig(dir string, trials, months int) Config {
	return Config{
		Dir: dir, Scenario: `test, "quoted"`, ScenarioTOML: []byte(testTOML),
		Seed: 42, Trials: trials, Months: months, Provenance: testProvenance("run"),
	}
}

// testProvenance returns the Provenance a test command gives its writer.
func testProvenance(command string) Provenance {
	return Provenance{
		Program: "decentsim", Version: "test", Command: command,
		CommandLine: []string{"decentsim", command, "--workers", "2"}, Workers: 2, Start: testStart,
	}
}

// runAll prepares dir and writes a whole run of results: the main
// model's trials, added with Add, or another model's, with AddSeries.
func runAll[R *sim.TrialResult | *sim.SeriesResult](t testing.TB, cfg Config, results []R) {
	t.Helper()
	run := started(t, Prepare, cfg.Dir, func() (*Run, error) { return NewRun(cfg) })
	for k, r := range results {
		var err error
		switch r := any(r).(type) {
		case *sim.TrialResult:
			err = run.Add(r)
		case *sim.SeriesResult:
			err = run.AddSeries(r)
		}
		if err != nil {
			t.Fatalf("adding trial %d: %v", k, err)
		}
	}
	if err := run.Finish(StatusOK, testStart.Add(90*time.Second), nil); err != nil {
		t.Fatalf("Finish = %v", err)
	}
}

// started prepares dir with prepare and starts a writer with start, as a
// command does, failing t if either fails.
func started[W any](t testing.TB, prepare func(dir string, force bool) error, dir string, start func() (W, error)) W {
	t.Helper()
	if err := prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	w, err := start()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// readFile returns the contents of the file at path, failing the test if
// it cannot be read.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dataConfig is testConfig for a run without charts into a new folder.
func dataConfig(t *testing.T, trials, months int) Config {
	cfg := testConfig(t.TempDir(), trials, months)
	cfg.NoCharts = true
	return cfg
}

// startedDataRun starts a run without charts of trials trials of months
// months in a new folder, which it returns with the run.
func startedDataRun(t *testing.T, trials, months int) (*Run, string) {
	t.Helper()
	cfg := dataConfig(t, trials, months)
	return started(t, Prepare, cfg.Dir, func() (*Run, error) { return NewRun(cfg) }), cfg.Dir
}

// dataRun writes a run of trials synthetic trials of months months,
// without charts, into a new folder, which it returns.
func dataRun(t *testing.T, trials, months int) string {
	t.Helper()
	cfg := dataConfig(t, trials, months)
	runAll(t, cfg, synthetic(trials, months))
	return cfg.Dir
}

// TestGolden checks the data files of a two-trial, three-month run
// against testdata/golden. Run "go test ./output -run Golden -update" to
// rewrite them after a deliberate change, and review the diff. The
// metric definitions at the end of summary.md belong to sim (and
// docs/METRICS.md); TestReportDefinitions checks them.
func TestGolden(t *testing.T) {
	t.Parallel()
	dir := dataRun(t, 2, 3)
	checkGolden(t, dir, "golden", true, SeriesFile, ElectionsFile, SummaryFile, ReportFile, ScenarioFile)
}

// checkGolden compares the files names of dir with those of
// testdata/golden, or with -update rewrites those; withoutDefinitions
// leaves out summary.md's metric definitions.
func checkGolden(t *testing.T, dir, golden string, withoutDefinitions bool, names ...string) {
	t.Helper()
	for _, name := range names {
		got := readFile(t, filepath.Join(dir, name))
		if name == ReportFile && withoutDefinitions {
			got, _, _ = bytes.Cut(got, []byte(metricsHeading))
		}
		path := filepath.Join("testdata", golden, name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s:\n%s", name, path, lineDiff(string(want), string(got)))
		}
	}
}

// lineDiff returns the lines that differ between two texts, "-" marking
// lines only in want and "+" lines only in got, with their line numbers.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			fmt.Fprintf(&out, "-%d: %s\n", i+1, a[i])
			i++
		default:
			fmt.Fprintf(&out, "+%d: %s\n", j+1, b[j])
			j++
		}
	}
	return out.String()
}

func TestReportDefinitions(t *testing.T) {
	t.Parallel()
	dir := dataRun(t, 2, 3)
	b := readFile(t, filepath.Join(dir, ReportFile))
	_, defs, ok := bytes.Cut(b, []byte(metricsHeading))
	if !ok {
		t.Fatalf("summary.md has no %q section", metricsHeading)
	}
	for _, mi := range sim.Metrics {
		line := fmt.Sprintf("- **%s** (%s): %s.\n", mi.Name, mi.Unit, mi.Definition)
		if !bytes.Contains(defs, []byte(line)) {
			t.Errorf("summary.md does not define %s as %q", mi.Name, line)
		}
	}
}

func TestSeriesRowsAndHeader(t *testing.T) {
	t.Parallel()
	dir := dataRun(t, 3, 5)
	b := readFile(t, filepath.Join(dir, SeriesFile))
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if got, want := len(lines), 1+3*5; got != want {
		t.Fatalf("series.csv has %d lines; want %d", got, want)
	}
	header := strings.Split(lines[0], ",")
	if got, want := len(header), 4+int(sim.NumMetrics); got != want {
		t.Errorf("series.csv header has %d columns; want %d", got, want)
	}
	for m, info := range sim.Metrics {
		if header[4+m] != info.Name {
			t.Errorf("series.csv column %d = %q; want %q", 4+m, header[4+m], info.Name)
		}
	}
	if !strings.HasPrefix(lines[6], `"test, ""quoted""",1,8919,1,`) {
		t.Errorf("series.csv line 7 = %q; want trial 1, month 1 with the quoted scenario", lines[6])
	}
}

func TestFinalYear(t *testing.T) {
	t.Parallel()
	r := &sim.TrialResult{Months: make([]sim.Record, 14)}
	for i := range r.Months {
		r.Months[i][sim.Legitimacy] = float64(i + 1) // months 3..14 average 8.5
		r.Months[i][sim.Turnout] = math.NaN()
		r.Months[i][sim.Recalls] = math.NaN()
	}
	r.Months[13][sim.Recalls] = 2
	got := FinalYear(r)
	if got[sim.Legitimacy] != 8.5 {
		t.Errorf("FinalYear(months 1..14)[legitimacy] = %v; want 8.5", got[sim.Legitimacy])
	}
	if !math.IsNaN(got[sim.Turnout]) {
		t.Errorf("FinalYear(all NaN)[turnout] = %v; want NaN", got[sim.Turnout])
	}
	if got[sim.Recalls] != 2 {
		t.Errorf("FinalYear(one value)[recalls] = %v; want 2", got[sim.Recalls])
	}
	short := &sim.TrialResult{Months: r.Months[:3]}
	if got := FinalYear(short)[sim.Legitimacy]; got != 2 {
		t.Errorf("FinalYear(3 months)[legitimacy] = %v; want 2", got)
	}
}

func TestManifestOfRun(t *testing.T) {
	t.Parallel()
	cfg := dataConfig(t, 2, 3)
	dir := cfg.Dir
	cfg.Shard = &Shard{Index: 1, Count: 4, FirstTrial: 2, Trials: 2}
	runAll(t, cfg, synthetic(2, 3))
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(testTOML))
	want := Manifest{
		Provenance: Provenance{
			Program: "decentsim", Version: "test", GoVersion: m.GoVersion, Command: "run",
			CommandLine: []string{"decentsim", "run", "--workers", "2"},
			Scenario:    `test, "quoted"`, ScenarioSHA256: hex.EncodeToString(sum[:]),
			Seed: 42, Trials: 2, TrialsDone: 2, Workers: 2, Months: 3,
			Start: testStart.UTC(), End: testStart.Add(90 * time.Second).UTC(), DurationSeconds: 90,
			Status: StatusOK, ExitStatus: 0,
		},
		Files: []string{ElectionsFile, EventsFile, ScenarioFile, SeriesFile, SummaryFile, ReportFile},
		Shard: cfg.Shard,
	}
	slices.Sort(want.Files)
	want.FileSHA256 = map[string]string{}
	for _, f := range want.Files {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		want.FileSHA256[f] = sha256Hex(b)
	}
	if m.Shard == nil || *m.Shard != *want.Shard {
		t.Errorf("manifest shard = %+v; want %+v", m.Shard, want.Shard)
	}
	got := *m
	got.Shard, want.Shard = nil, nil
	if m.GoVersion == "" || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("manifest = %+v; want %+v", got, want)
	}
	if m.Start.Location() != time.UTC {
		t.Errorf("manifest start %v is not in UTC", m.Start)
	}
	for _, f := range m.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("manifest lists %s: %v", f, err)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	if !bytes.Contains(raw, []byte(`"start": "2025-03-01T07:00:00Z"`)) {
		t.Errorf("manifest.json start is not RFC 3339 UTC:\n%s", raw)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), ManifestFile)
	m := &Manifest{
		Provenance: Provenance{
			Program: "decentsim", Version: "v0.1.0", GoVersion: "go1.24", Command: "run",
			CommandLine: []string{"decentsim", "run", "default", "--set", "meta.name=a b"},
			Scenario:    "default", ScenarioSHA256: strings.Repeat("ab", 32), Seed: math.MaxUint64,
			Trials: 100, TrialsDone: 37, Workers: 2, Months: 120,
			Start: testStart.UTC(), End: testStart.Add(1500 * time.Millisecond).UTC(), DurationSeconds: 1.5,
			Status: StatusInterrupted, ExitStatus: 130, Error: "context canceled",
		},
		Files: []string{"series.csv"},
	}
	if err := WriteManifest(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(*got) != fmt.Sprint(*m) {
		t.Errorf("ReadManifest(WriteManifest(%+v)) = %+v", *m, *got)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("shard")) {
		t.Errorf("manifest without a shard mentions one:\n%s", raw)
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		err  error
		want Status
		code int
	}{
		{nil, StatusOK, 0},
		{fmt.Errorf("run: %w", context.Canceled), StatusInterrupted, 130},
		{errors.New("disk full"), StatusFailed, 1},
	} {
		if got := StatusOf(tt.err); got != tt.want || got.ExitCode() != tt.code {
			t.Errorf("StatusOf(%v) = %v (exit %d); want %v (exit %d)", tt.err, got, got.ExitCode(), tt.want, tt.code)
		}
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	run, dir := startedDataRun(t, 4, 3)
	if err := run.Add(synthetic(1, 3)[0]); err != nil {
		t.Fatal(err)
	}
	cause := context.Canceled
	if err := run.Finish(StatusOf(cause), testStart.Add(time.Second), cause); err != nil {
		t.Fatalf("Finish(interrupted) = %v", err)
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != StatusInterrupted || m.ExitStatus != 130 || m.TrialsDone != 1 || m.Trials != 4 {
		t.Errorf("manifest after interrupt: status %s, exit %d, %d of %d trials; want interrupted, 130, 1 of 4",
			m.Status, m.ExitStatus, m.TrialsDone, m.Trials)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !bytes.Contains(report, []byte("interrupted: 1 of 4 trials finished")) {
		t.Errorf("summary.md does not say the run was interrupted:\n%s", report)
	}
	assertNoTemp(t, dir)
}

func TestNoTrials(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	run, err := NewRun(testConfig(dir, 3, 12))
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(StatusInterrupted, testStart.Add(time.Second), context.Canceled); err != nil {
		t.Fatalf("Finish(no trials) = %v", err)
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ElectionsFile, EventsFile, ScenarioFile, SeriesFile, SummaryFile, ReportFile}
	slices.Sort(want)
	if !slices.Equal(m.Files, want) || m.TrialsDone != 0 || m.Error != "context canceled" {
		t.Errorf("manifest of a run with no trials: files %v, %d trials done, error %q; want %v, 0, %q",
			m.Files, m.TrialsDone, m.Error, want, "context canceled")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, SummaryFile)); string(b) != summaryHeader {
		t.Errorf("summary.csv of no trials = %q; want only the header", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ReportFile)); !bytes.Contains(b, []byte("No trial finished.")) {
		t.Errorf("summary.md of no trials does not say so:\n%s", b)
	}
	assertNoTemp(t, dir)
}

func TestAddErrorFailsRun(t *testing.T) {
	t.Parallel()
	run, dir := startedDataRun(t, 2, 3)
	bad := synthetic(1, 2)[0]
	err := run.Add(bad)
	want := "output: trial 0 has 2 months; want 3"
	if err == nil || err.Error() != want {
		t.Fatalf("Add(2 months into a 3-month run) = %v; want %q", err, want)
	}
	if err2 := run.Add(synthetic(1, 3)[0]); err2 != err {
		t.Errorf("Add after an error = %v; want the first error", err2)
	}
	if ferr := run.Finish(StatusOK, testStart, nil); ferr == nil || !strings.Contains(ferr.Error(), want) {
		t.Errorf("Finish after a failed Add = %v; want the Add error", ferr)
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != StatusFailed || m.ExitStatus != 1 || m.Error != want || !slices.Equal(m.Files, []string{ScenarioFile}) {
		t.Errorf("manifest after failed Add: %+v; want failed, exit 1, only scenario.toml", *m)
	}
	for _, name := range []string{SeriesFile, ElectionsFile, SummaryFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("after failed Add, %s: %v; want not written", name, err)
		}
	}
	assertNoTemp(t, dir)
}

func TestAbort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir, 2, 3)
	if err := Prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run.Add(synthetic(1, 3)[0])
	if err := run.Abort(); err != nil {
		t.Fatalf("Abort() = %v", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{ChartsDir}) {
		t.Errorf("after Abort the folder holds %v; want only the empty charts folder", got)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	results := synthetic(3, 14)
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		cfg := testConfig(dir, 3, 14)
		cfg.NoCharts = true // TestChartsDeterministic covers them
		runAll(t, cfg, results)
	}
	m, err := ReadManifest(filepath.Join(a, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range m.Files {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs of the same trials (%d and %d bytes)", name, len(x), len(y))
		}
	}
}

// assertNoTemp fails if dir or dir/charts holds a temporary file.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	for _, d := range []string{dir, filepath.Join(dir, ChartsDir)} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if isTemp(e.Name()) {
				t.Errorf("temporary file %s left in %s", e.Name(), d)
			}
		}
	}
}

func BenchmarkAppendSeries(b *testing.B) {
	r := synthetic(1, 120)[0]
	var buf []byte
	for b.Loop() {
		buf = appendSeries(buf[:0], "default", r)
	}
	b.SetBytes(int64(len(buf)))
}
