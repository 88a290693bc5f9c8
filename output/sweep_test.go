package output

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// sweepGrid returns the points of a grid over keys with the given levels
// (numeric levels parse as numbers), the first key slowest.
func sweepGrid(keys []SweepKey) []SweepPoint {
	var out []SweepPoint
	var rec func(j int, p SweepPoint)
	rec = func(j int, p SweepPoint) {
		if j == len(keys) {
			out = append(out, SweepPoint{Values: slices.Clone(p.Values), X: slices.Clone(p.X), Level: slices.Clone(p.Level)})
			return
		}
		for i, l := range keys[j].Levels {
			x := float64(i)
			if keys[j].Numeric {
				x, _ = strconv.ParseFloat(l, 64)
			}
			rec(j+1, SweepPoint{Values: append(p.Values, l), X: append(p.X, x), Level: append(p.Level, i)})
		}
	}
	rec(0, SweepPoint{})
	return out
}

// sweepValue is a synthetic outcome of metric m at point x in trial k:
// a smooth function of the point plus noise.
func sweepValue(x []float64, k int, m sim.Metric) float64 {
	r := rand.New(rand.NewPCG(uint64(k), uint64(m)))
	v := 0.3 + 0.01*float64(m)
	for j, xj := range x {
		v += 0.1 * float64(j+1) * xj
	}
	return v + 0.02*r.NormFloat64()
}

// sweepAll prepares dir and adds trials runs of every point, trial-major
// as the command does, or only the first runs if runs >= 0.
func sweepAll(t testing.TB, cfg SweepConfig, runs int, status Status) [][]sim.Record {
	t.Helper()
	s := started(t, PrepareSweep, cfg.Dir, func() (*Sweep, error) { return NewSweep(cfg) })
	added := make([][]sim.Record, len(cfg.Points))
	n := 0
	for k := range cfg.Trials {
		for p, pt := range cfg.Points {
			if n == runs {
				break
			}
			var rec sim.Record
			for m := range rec {
				rec[m] = sweepValue(pt.X, k, sim.Metric(m))
			}
			rec[sim.Recalls] = math.NaN()
			if err := s.Add(p, k, sim.TrialSeed(cfg.Seed, k), &rec); err != nil {
				t.Fatal(err)
			}
			added[p] = append(added[p], rec)
			n++
		}
	}
	if err := s.Finish(status, testStart.Add(time.Minute), nil); err != nil {
		t.Fatalf("Finish = %v", err)
	}
	return added
}

func sweepConfig(dir string, design string, trials int, keys ...SweepKey) SweepConfig {
	return SweepConfig{
		Scenario: "classroom", ScenarioTOML: []byte("[meta]\nname = \"classroom\"\n"),
		Design: design, Keys: keys, Points: sweepGrid(keys),
		Batch: Batch{Dir: dir, Seed: 3, Trials: trials, Months: 24, Provenance: testProvenance("sweep")},
	}
}

var (
	keyA = SweepKey{Name: "fiscal.patronage_weight", Spec: "0:1:3", Levels: []string{"0", "0.5", "1"}, Numeric: true}
	keyB = SweepKey{Name: "institutions.selection", Spec: "appointed,direct", Levels: []string{"appointed", "direct"}}
	keyC = SweepKey{Name: "institutions.recall", Spec: "false,true", Levels: []string{"false", "true"}}
)

// approx reports whether got is want within a relative tolerance (absolute
// below 1); NaN matches NaN.
func approx(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// TestSweepFiles checks sweep.csv's statistics against stats.Describe of the
// values added, trials.csv's rows, the manifest and the charts, for one,
// two and three keys.
// checkSweepReport checks that sweep.md has a row per point and a best
// and worst line per headline metric.
func checkSweepReport(t *testing.T, dir string, points int) {
	t.Helper()
	md, err := os.ReadFile(filepath.Join(dir, SweepReport))
	if err != nil {
		t.Fatal(err)
	}
	for pt := range points {
		if !strings.Contains(string(md), fmt.Sprintf("\n| %d | ", pt)) {
			t.Errorf("sweep.md has no row for point %d", pt)
		}
	}
	_, extremes, _ := strings.Cut(string(md), "## Best and worst points")
	if n := strings.Count(extremes, "\n- "); n != len(sim.Headlines()) {
		t.Errorf("sweep.md has %d best-and-worst lines; want one per headline metric:\n%s", n, md)
	}
}

func TestSweepFiles(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]SweepKey{{keyA}, {keyA, keyB}, {keyA, keyB, keyC}} {
		dir := t.TempDir()
		cfg := sweepConfig(dir, DesignGrid, 5, keys...)
		added := sweepAll(t, cfg, -1, StatusOK)

		m, err := ReadSweepManifest(filepath.Join(dir, ManifestFile))
		if err != nil {
			t.Fatal(err)
		}
		points := len(cfg.Points)
		checkSweepReport(t, dir, points)
		if m.Status != StatusOK || m.Design != "grid" || m.Points != points || m.Runs != 5*points ||
			m.RunsDone != 5*points || m.TrialsDone != 5 || len(m.Vary) != len(keys) || m.Vary[0].Key != keyA.Name {
			t.Errorf("%d keys: manifest = %+v", len(keys), m)
		}
		wantFiles := []string{ScenarioFile, SweepFile, SweepReport, TrialsFile}
		for _, h := range sim.Headlines() {
			wantFiles = append(wantFiles, "charts/"+h.String()+".png", "charts/"+h.String()+".svg")
		}
		slices.Sort(wantFiles)
		if !slices.Equal(m.Files, wantFiles) {
			t.Errorf("%d keys: manifest files = %v; want %v", len(keys), m.Files, wantFiles)
		}

		rows := readCSV(t, filepath.Join(dir, SweepFile))
		if len(rows) != points*int(sim.NumMetrics) {
			t.Fatalf("%d keys: sweep.csv has %d rows; want %d", len(keys), len(rows), points*int(sim.NumMetrics))
		}
		for _, r := range rows {
			p, _ := strconv.Atoi(r["point"])
			metric, _ := sim.MetricByName(r["metric"])
			for j, k := range keys {
				if r[k.Name] != cfg.Points[p].Values[j] {
					t.Fatalf("sweep.csv row %v: %s = %q; want %q", r, k.Name, r[k.Name], cfg.Points[p].Values[j])
				}
			}
			xs := make([]float64, len(added[p]))
			for i := range xs {
				xs[i] = added[p][i][metric]
			}
			want := inRange(sim.Metrics[metric], stats.Describe(xs)) // the interval within the metric's range
			got := stats.Summary{N: int(num(t, r["trials"])), Mean: num(t, r["mean"]), SD: num(t, r["sd"]),
				CILow: num(t, r["ci95_low"]), CIHigh: num(t, r["ci95_high"])}
			if got.N != want.N || !approx(got.Mean, want.Mean, 1e-12) || !approx(got.SD, want.SD, 1e-9) ||
				!approx(got.CILow, want.CILow, 1e-9) || !approx(got.CIHigh, want.CIHigh, 1e-9) || r["seed"] != "3" {
				t.Fatalf("sweep.csv point %d %s = %+v; want Describe's, in range: %+v", p, r["metric"], got, want)
			}
		}
		trials := readCSV(t, filepath.Join(dir, TrialsFile))
		if len(trials) != 5*points {
			t.Errorf("trials.csv has %d rows; want %d", len(trials), 5*points)
		}
		// Trial-major: the first rows are trial 0 of every point.
		if trials[0]["point"] != "0" || trials[0]["trial"] != "0" || trials[1]["point"] != "1" ||
			trials[points]["trial"] != "1" || trials[0]["seed"] != strconv.FormatUint(sim.TrialSeed(3, 0), 10) {
			t.Errorf("trials.csv starts %v, %v; want trial 0 of points 0, 1, ...", trials[0], trials[1])
		}
		b, err := os.ReadFile(filepath.Join(dir, ChartsDir, "service_quality.png"))
		if err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() < 900 {
			t.Errorf("%d keys: service_quality.png: %v", len(keys), err)
		}
	}
}

func TestSweepInterrupted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := sweepConfig(dir, DesignGrid, 4, keyA)
	cfg.NoCharts = true
	sweepAll(t, cfg, 7, StatusInterrupted) // 2 trials of points 0-2, and a third of point 0
	m, err := ReadSweepManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != StatusInterrupted || m.ExitStatus != 130 || m.RunsDone != 7 || m.TrialsDone != 2 {
		t.Errorf("manifest = %+v; want interrupted, 7 runs, 2 trials at every point", m)
	}
	rows := readCSV(t, filepath.Join(dir, SweepFile))
	for _, r := range rows {
		want := "2"
		if r["point"] == "0" {
			want = "3"
		}
		if r["metric"] == "recalls" {
			want = "0"
		}
		if r["trials"] != want {
			t.Errorf("sweep.csv point %s %s: trials %s; want %s", r["point"], r["metric"], r["trials"], want)
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if isTemp(d.Name()) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestSweepBadConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := sweepConfig(dir, DesignGrid, 2, keyA)
	cfg.Points[1].Values = nil
	if _, err := NewSweep(cfg); err == nil || !strings.Contains(err.Error(), "point 1") {
		t.Errorf("NewSweep(point without values) = %v; want an error naming point 1", err)
	}
	cfg = sweepConfig(dir, DesignGrid, 2)
	if _, err := NewSweep(cfg); err == nil {
		t.Error("NewSweep(no keys) = nil error")
	}
}

func TestAxisLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		levels []string
		most   int
		want   []string
	}{
		{[]string{"0", "0.111111111111", "1"}, 12, []string{"0", "0.1111", "1"}},
		{[]string{"appointed", "direct"}, 12, []string{"appointed", "direct"}},
		{[]string{"0", "1", "2", "3", "4", "5", "6"}, 3, []string{"0", "", "", "3", "", "", "6"}},
		{[]string{"0", "1", "2", "3", "4", "5", "6", "7"}, 3, []string{"0", "", "", "3", "", "", "", "7"}},
	}
	for _, tt := range tests {
		if got := axisLabels(tt.levels, tt.most); !slices.Equal(got, tt.want) {
			t.Errorf("axisLabels(%v, %d) = %q; want %q", tt.levels, tt.most, got, tt.want)
		}
	}
}
