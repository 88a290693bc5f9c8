package output

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// seriesTrials returns trials of a model with the classic model's metric
// set: steps rows of quiet, active and jailed counts.
func seriesTrials(trials, steps int) []*sim.SeriesResult {
	var out []*sim.SeriesResult
	for k := range trials {
		r := &sim.SeriesResult{Trial: k, Seed: 500 + uint64(k)}
		for i := range steps {
			active := float64((i*7 + k*3) % 5)
			jailed := float64(i + k)
			r.Rows = append(r.Rows, []float64{1000 - active - jailed, active, jailed})
		}
		out = append(out, r)
	}
	return out
}

// seriesConfig is the configuration of a run of the classic metric set.
func seriesConfig(dir string, trials, steps int) Config {
	cfg := testConfig(dir, trials, steps)
	cfg.Scenario = "classic_test"
	cfg.Metrics = sim.ClassicMetrics
	cfg.TimeUnit = "step"
	return cfg
}

// TestGoldenSeries checks the data files of a run of another model's
// metric set (two trials, three steps) against testdata/golden_series.
// Run "go test ./output -run GoldenSeries -update" to rewrite them after
// a deliberate change, and review the diff.
func TestGoldenSeries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := seriesConfig(dir, 2, 3)
	cfg.NoCharts = true
	runAll(t, cfg, seriesTrials(2, 3))
	checkGolden(t, dir, "golden_series", false, SeriesFile, SummaryFile, ReportFile)
	for _, name := range []string{ElectionsFile, EventsFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a run of another model wrote %s (err %v); want none", name, err)
		}
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "scenario.toml series.csv summary.csv summary.md"; strings.Join(m.Files, " ") != want {
		t.Errorf("manifest files = %v; want %s", m.Files, want)
	}
}

func TestSeriesRunHeaderAndStats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := seriesConfig(dir, 4, 30)
	runAll(t, cfg, seriesTrials(4, 30))
	series, err := os.ReadFile(filepath.Join(dir, SeriesFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(series), "\n"), "\n")
	if lines[0] != "scenario,trial,seed,month,quiet,active,jailed" || len(lines) != 1+4*30 {
		t.Errorf("series.csv header %q, %d lines; want the classic columns and 1+4x30 lines", lines[0], len(lines))
	}
	if lines[1] != "classic_test,0,500,1,1000,0,0" {
		t.Errorf("series.csv first row %q; want classic_test,0,500,1,1000,0,0", lines[1])
	}
	summary, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if want := "30,jailed,30.5,"; !strings.Contains(string(summary), "\n"+want) {
		t.Errorf("summary.csv has no row starting %q (mean of 29..32)", want)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	for _, want := range []string{"30 steps.", "Final 12 steps (steps 19–30)", "| **active** | citizens |"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	for _, name := range []string{"quiet", "active", "jailed", DashboardName} {
		f, err := os.Open(filepath.Join(dir, ChartsDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 500 {
			t.Errorf("charts/%s.png: %v; want a valid PNG", name, err)
		}
	}
	// Prepare with force removes this run's charts too.
	if err := Prepare(dir, true); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, ChartsDir)); len(entries) != 0 {
		t.Errorf("after Prepare with force, charts/ holds %d files; want none", len(entries))
	}
}

func TestAddToTheWrongRun(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	main, classic := filepath.Join(base, "main"), filepath.Join(base, "classic")
	for _, d := range []string{main, classic} {
		if err := Prepare(d, false); err != nil {
			t.Fatal(err)
		}
	}
	mr, err := NewRun(testConfig(main, 1, 3))
	if err != nil {
		t.Fatal(err)
	}
	if err := mr.AddSeries(seriesTrials(1, 3)[0]); err == nil {
		t.Errorf("AddSeries to a main-model run = nil; want an error")
	}
	mr.Abort()
	cr, err := NewRun(seriesConfig(classic, 2, 3))
	if err != nil {
		t.Fatal(err)
	}
	if err := cr.Add(synthetic(1, 3)[0]); err == nil {
		t.Errorf("Add of a main-model trial to a classic run = nil; want an error")
	}
	bad := seriesTrials(1, 3)[0]
	bad.Rows[1] = []float64{1, 2}
	if err := cr.AddSeries(bad); err == nil || !strings.Contains(err.Error(), "step 2 has 2 values") {
		t.Errorf("AddSeries with a short row = %v; want an error naming step 2", err)
	}
	if err := cr.AddSeries(seriesTrials(1, 4)[0]); err == nil {
		t.Errorf("AddSeries after a failure = nil; want the first error")
	}
	cr.Finish(StatusFailed, testStart, nil)
	if _, err := os.Stat(filepath.Join(classic, SeriesFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("series.csv written after a failed AddSeries (%v)", err)
	}
	if _, err := NewRun(Config{Dir: classic, Scenario: "x", Months: 1, Metrics: []sim.MetricInfo{}}); err == nil {
		t.Errorf("NewRun with an empty metric set = nil; want an error")
	}
}
