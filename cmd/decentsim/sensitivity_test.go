package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// quickSensitivity is a small, fast sensitivity analysis of classroom:
// two parameters, 12 months, 2 trials per point.
func quickSensitivity(dir, method, samples string, extra ...string) []string {
	return append([]string{"sensitivity", "classroom", "--method", method, "--samples", samples,
		"--param", "fiscal.extraction=0:0.5", "--param", "oversight.transparency=0:1",
		"--trials", "2", "--months", "12", "--quiet", "--out", dir}, extra...)
}

// readSensitivityManifest reads a sensitivity analysis's manifest.json.
func readSensitivityManifest(t *testing.T, dir string) *output.SensitivityManifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	m := new(output.SensitivityManifest)
	if err := json.Unmarshal(b, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSensitivityWritesEveryOutput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		method, samples string
		points          int
		indices         []string
	}{
		{"morris", "3", 3 * 3, []string{"mu_star", "mu", "sigma"}}, // r(k+1)
		{"sobol", "4", 4 * 4, []string{"S1", "ST"}},                // N(k+2)
	} {
		dir := filepath.Join(t.TempDir(), tt.method)
		args := quickSensitivity(dir, tt.method, tt.samples, "--metric", "leakage_share", "--metric", "service_quality")
		charts := tt.method == "morris" && !testing.Short() // charts are slow under -race
		if !charts {
			args = append(args, "--no-charts")
		}
		code, stdout, stderr := run(t, args...)
		if code != 0 || strings.TrimSpace(stdout) != dir || stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want 0, the folder, nothing", tt.method, code, stdout, stderr)
		}
		m := readSensitivityManifest(t, dir)
		if m.Status != output.StatusOK || m.Command != "sensitivity" || m.Method != tt.method || m.Points != tt.points ||
			m.Runs != 2*tt.points || m.RunsDone != 2*tt.points || m.TrialsDone != 2 || len(m.Params) != 2 ||
			!slices.Equal(m.Metrics, []string{"leakage_share", "service_quality"}) {
			t.Errorf("%s: manifest = %+v", tt.method, m)
		}
		want := []string{output.PointsFile, output.ScenarioFile, output.SensitivityFile, output.SensitivityReport}
		if charts {
			want = append(want, "charts/leakage_share.png", "charts/service_quality.svg")
		}
		for _, f := range want {
			if !slices.Contains(m.Files, f) {
				t.Errorf("%s: manifest lists %v; want %s among them", tt.method, m.Files, f)
			}
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", tt.method, err)
			}
		}
		points := readRows(t, filepath.Join(dir, output.PointsFile))
		if len(points) != tt.points || points[0]["trials"] != "2" || points[0]["fiscal.extraction"] == "" ||
			points[0]["budget_gini"] == "" {
			t.Errorf("%s: points.csv has %d rows (first %v); want %d, with trials, values and every metric", tt.method, len(points), points[0], tt.points)
		}
		rows := readRows(t, filepath.Join(dir, output.SensitivityFile))
		if len(rows) != 2*2*len(tt.indices) {
			t.Errorf("%s: sensitivity.csv has %d rows; want metrics × parameters × indices = %d", tt.method, len(rows), 2*2*len(tt.indices))
		}
		for _, r := range rows {
			if !slices.Contains(tt.indices, r["index"]) || r["value"] == "NA" {
				t.Errorf("%s: sensitivity.csv row %v", tt.method, r)
			}
		}
		md, _ := os.ReadFile(filepath.Join(dir, output.SensitivityReport))
		if !strings.Contains(string(md), "## leakage_share") || !strings.Contains(string(md), "`fiscal.extraction`") {
			t.Errorf("%s: sensitivity.md lacks the metric's section:\n%s", tt.method, md)
		}
	}
}

// TestSensitivityFindsExtraction checks the analysis against what the
// model is known to do: district extraction is a share of the money
// taken, and transparency checks akims' rent and local elites' capture, so
// both drive leakage_share, while patronage_weight (which moves money
// between units, not out of them) hardly moves it.
func TestSensitivityFindsExtraction(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 40 trials; skipped with -short")
	}
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "morris")
	args := quickSensitivity(dir, "morris", "4", "--param", "fiscal.patronage_weight=0:1", "--metric", "leakage_share", "--no-charts")
	if code, _, stderr := run(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	muStar := map[string]float64{}
	for _, r := range readRows(t, filepath.Join(dir, output.SensitivityFile)) {
		if r["index"] == "mu_star" {
			muStar[r["parameter"]] = parseNum(t, r["value"])
		}
	}
	if !(muStar["fiscal.extraction"] > 5*muStar["fiscal.patronage_weight"] &&
		muStar["oversight.transparency"] > 5*muStar["fiscal.patronage_weight"]) {
		t.Errorf("mu* of leakage_share = %v; want extraction and transparency each > 5 × patronage_weight", muStar)
	}
}

func TestSensitivityIsDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	var dirs []string
	for _, w := range []string{"1", "3"} {
		dir := filepath.Join(base, "w"+w)
		dirs = append(dirs, dir)
		if code, _, stderr := run(t, quickSensitivity(dir, "sobol", "3", "--workers", w, "--no-charts")...); code != 0 {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr)
		}
	}
	for _, f := range []string{output.SensitivityFile, output.PointsFile, output.SensitivityReport, output.ScenarioFile} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(dirs[1], f)); !bytes.Equal(a, b) {
			t.Errorf("%s differs between --workers 1 and 3", f)
		}
	}
}

// TestSensitivityPointMatchesRun checks that a point's outcome in
// points.csv is the mean over trials of a separate run with the point's
// values and the same seed.
func TestSensitivityPointMatchesRun(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "sens")
	if code, _, stderr := run(t, quickSensitivity(dir, "morris", "1", "--no-charts")...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pt := readRows(t, filepath.Join(dir, output.PointsFile))[1]
	// The separate run: as `decentsim run` writes it, without its charts
	// (slow under -race).
	s, err := scenarios.Resolve("classroom", []string{"fiscal.extraction=" + pt["fiscal.extraction"],
		"oversight.transparency=" + pt["oversight.transparency"], "meta.trials=2", "meta.months=12"})
	if err != nil {
		t.Fatal(err)
	}
	sep := filepath.Join(base, "run")
	writeRun(t, s, sep)
	fy := finalYearOf(t, filepath.Join(sep, output.SeriesFile))
	for _, m := range []sim.Metric{sim.LeakageShare, sim.ServiceQuality} {
		want := (fy[0][m] + fy[1][m]) / 2
		if got := parseNum(t, pt[m.String()]); abs(got-want) > 1e-12*max(1, abs(want)) {
			t.Errorf("points.csv point 1 %s = %v; want the run's mean %v", m, got, want)
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

func TestSensitivityBadInput(t *testing.T) {
	t.Parallel()
	checkUsage(t, "sensitivity", []usageCase{
		{[]string{}, "needs a scenario"},
		{[]string{"classroom"}, "at least one --param"},
		{[]string{"classroom", "classroom", "--param", "fiscal.extraction=0:1"}, "one scenario"},
		{[]string{"classroom", "--param", "fiscal.extraction"}, "--param \"fiscal.extraction\": want section.key=lo:hi"},
		{[]string{"classroom", "--param", "fiscal.extracton=0:1"}, "--param fiscal.extracton: unknown key"},
		{[]string{"classroom", "--param", "fiscal.patronage_weight=0:2"}, "--param fiscal.patronage_weight=0:2: fiscal.patronage_weight = 2 is out of range [0, 1]"},
		{[]string{"classroom", "--param", "fiscal.patronage_weight=0:1:5"}, "--param fiscal.patronage_weight=0:1:5: want a range lo:hi"},
		{[]string{"classroom", "--param", "fiscal.patronage_weight=0.1,0.5"}, "want a range lo:hi"},
		{[]string{"classroom", "--param", "fiscal.patronage_weight=1:0"}, "low end must be below"},
		{[]string{"classroom", "--param", "institutions.recall=0:1"}, "--param institutions.recall=0:1: institutions.recall takes true or false"},
		{[]string{"classroom", "--param", "meta.months=12:24"}, "meta settings cannot be varied"},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--param", "fiscal.extraction=0:0.5"}, "--param fiscal.extraction is given twice"},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--method", "fast"}, "morris or sobol"},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--samples", "0"}, "--samples must be at least 1"},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--method", "sobol", "--samples", "1"}, "at least 2"},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--metric", "happiness"}, `--metric "happiness": no such metric`},
		{[]string{"classroom", "--param", "fiscal.extraction=0:1", "--trials", "0"}, "--trials must be at least 1"},
		{[]string{"classic_epstein", "--param", "fiscal.extraction=0:1"}, "sensitivity works on the rural model"},
		{[]string{"no_such_scenario", "--param", "fiscal.extraction=0:1"}, "no_such_scenario"},
	})
}

func TestSensitivityHelp(t *testing.T) {
	t.Parallel()
	code, errOut, _ := run(t, "sensitivity", "--help") // help goes to stdout
	if code != 0 || !strings.Contains(errOut, "Example:") || !strings.Contains(errOut, "decentsim sensitivity ") {
		t.Errorf("sensitivity --help = %d, %q; want exit 0 with an example", code, errOut)
	}
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "decentsim sensitivity") {
		t.Errorf("help = %d, %q; want sensitivity listed", code, out)
	}
}

// TestSensitivityInterrupted runs an analysis whose context is cancelled
// before any run, as a signal does: exit 130, a manifest saying so, no
// indices (no point has an outcome) and no temporary files.
func TestSensitivityInterrupted(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sens")
	runInterrupted(t, quickSensitivity(dir, "sobol", "4")...)
	m := readSensitivityManifest(t, dir)
	if m.Status != output.StatusInterrupted || m.ExitStatus != 130 || m.RunsDone != 0 {
		t.Errorf("manifest status %s, exit %d, %d runs; want interrupted, 130, 0", m.Status, m.ExitStatus, m.RunsDone)
	}
	if _, err := os.Stat(filepath.Join(dir, output.SensitivityFile)); err == nil {
		t.Errorf("sensitivity.csv written with no outcomes")
	}
	assertNoTempFiles(t, dir)
}
