package output

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/color"
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
)

// compareTrials returns trials trials of months months for scenario s of
// a synthetic comparison: every metric is noise shared by all scenarios
// in trial k (common random numbers) plus a little of the scenario's own,
// and scenario s adds shift[s] to service_quality and nothing elsewhere.
func compareTrials(s, trials, months int, shift float64) []*sim.TrialResult {
	var out []*sim.TrialResult
	for k := range trials {
		common := rand.New(rand.NewPCG(uint64(k), 7))
		// The draws are fixed: with 26 metrics the null differences are
		// checked at Holm's 5% family-wise level on this one draw (seeds
		// 100+s gave one false positive when the metric set grew).
		own := rand.New(rand.NewPCG(uint64(k), uint64(200+s)))
		r := &sim.TrialResult{Trial: k, Seed: sim.TrialSeed(5, k), Months: make([]sim.Record, months)}
		for i := range r.Months {
			for m := range r.Months[i] {
				r.Months[i][m] = 0.5 + 0.1*common.NormFloat64() + 0.01*own.NormFloat64()
			}
			r.Months[i][sim.ServiceQuality] += shift
			r.Months[i][sim.RubberStampShare] = 1           // constant: no variation anywhere
			r.Months[i][sim.Recalls] = math.NaN()           // never observed
			r.Months[i][sim.Population] = float64(1000 + k) // identical across scenarios
		}
		out = append(out, r)
	}
	return out
}

// compareConfig returns a comparison of the named scenarios into dir.
func compareConfig(dir string, trials, months int, names ...string) CompareConfig {
	cfg := CompareConfig{Batch: Batch{Dir: dir, Seed: 5, Trials: trials, Months: months, Provenance: testProvenance("compare")}}
	for _, n := range names {
		cfg.Scenarios = append(cfg.Scenarios, CompareScenario{
			Name: n, Source: n + ".toml", TOML: []byte("[meta]\nname = \"" + n + "\"\n"), SameWorld: true,
		})
	}
	return cfg
}

// compareAll prepares dir and writes a comparison of the scenarios whose
// service_quality is shifted by shifts, adding trials interleaved (trial
// k of every scenario, then k+1) as the command does.
func compareAll(t testing.TB, cfg CompareConfig, shifts []float64, status Status, trialsDone int) {
	t.Helper()
	c := started(t, PrepareCompare, cfg.Dir, func() (*Comparison, error) { return NewComparison(cfg) })
	data := make([][]*sim.TrialResult, len(shifts))
	for s, sh := range shifts {
		data[s] = compareTrials(s, cfg.Trials, cfg.Months, sh)
	}
	added := 0
	for k := range cfg.Trials {
		for s := range shifts {
			if added == trialsDone {
				break
			}
			if err := c.Add(s, data[s][k]); err != nil {
				t.Fatalf("Add(%d, trial %d) = %v", s, k, err)
			}
			added++
		}
	}
	if err := c.Finish(status, testStart.Add(time.Minute), nil); err != nil {
		t.Fatalf("Finish = %v", err)
	}
}

// readCSV reads a CSV file into rows of fields keyed by the header.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

// finalRow returns compare.csv's final-year row of metric and scenario.
func finalRow(t testing.TB, rows []map[string]string, metric, scenario string) map[string]string {
	t.Helper()
	for _, r := range rows {
		if r["window"] == "final_year" && r["metric"] == metric && r["scenario"] == scenario {
			return r
		}
	}
	t.Fatalf("compare.csv has no final-year row for %s, %s", metric, scenario)
	return nil
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NA" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

// TestComparisonFiles checks every file of a comparison of three
// scenarios, one of which differs from the reference in one metric.
func TestComparisonFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const trials, months = 8, 30
	cfg := compareConfig(dir, trials, months, "base", "better", "same")
	cfg.Scenarios[2].SameWorld = false
	compareAll(t, cfg, []float64{0, 0.05, 0}, StatusOK, -1)
	checkCompareManifest(t, &cfg)
	checkCompareCSV(t, dir, trials, months)
	checkCompareTrials(t, dir, trials, months)
	checkCompareReport(t, dir)
	checkCompareCharts(t, dir)
}

// checkCompareManifest checks the manifest of TestComparisonFiles's
// comparison, cfg.
func checkCompareManifest(t *testing.T, cfg *CompareConfig) {
	dir, trials := cfg.Dir, cfg.Trials
	m, err := ReadCompareManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != StatusOK || m.Command != "compare" || m.Reference != "base" || m.Scenario != "base" ||
		m.TrialsDone != trials || len(m.Scenarios) != 3 || m.Method == "" {
		t.Errorf("manifest = %+v; want ok, compare, reference base, %d trials done, 3 scenarios, a method", m, trials)
	}
	for i, s := range m.Scenarios {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(s.File)))
		if err != nil || !bytes.Equal(b, cfg.Scenarios[i].TOML) || len(s.SHA256) != 64 || s.TrialsDone != trials {
			t.Errorf("manifest scenario %+v: file %v; want the resolved scenario, a sha256, %d trials", s, err, trials)
		}
	}
	if m.Scenarios[2].SameWorld || !m.Scenarios[1].SameWorld {
		t.Errorf("manifest same_world = %v, %v; want true, false", m.Scenarios[1].SameWorld, m.Scenarios[2].SameWorld)
	}
	wantFiles := []string{CompareFile, CompareReport, ElectionsFile, EventsFile, SeriesFile, TrialsFile,
		"scenarios/base.toml", "scenarios/better.toml", "scenarios/same.toml",
		"charts/differences.png", "charts/differences.svg", "charts/dashboard.png", "charts/dashboard.svg"}
	for _, h := range sim.Headlines() {
		wantFiles = append(wantFiles, "charts/"+h.String()+".png", "charts/"+h.String()+".svg")
	}
	slices.Sort(wantFiles)
	if !slices.Equal(m.Files, wantFiles) {
		t.Errorf("manifest files = %v; want %v", m.Files, wantFiles)
	}

}

// checkCompareCSV checks compare.csv of TestComparisonFiles's comparison:
// its rows, and that only the difference made is significant.
func checkCompareCSV(t *testing.T, dir string, trials, months int) {
	rows := readCSV(t, filepath.Join(dir, CompareFile))
	k := int(sim.NumMetrics)
	if want := k*3 + months*k*3; len(rows) != want {
		t.Errorf("compare.csv has %d rows; want %d (final year and every month, per metric and scenario)", len(rows), want)
	}
	for _, r := range rows {
		if r["reference"] != "base" || r["trials"] != strconv.Itoa(trials) || r["seed"] != "5" {
			t.Fatalf("compare.csv row %v; want reference base, %d trials, seed 5", r, trials)
		}
		if r["scenario"] == "base" && (r["diff"] != "NA" || r["p_value"] != "NA" || r["p_holm"] != "NA") {
			t.Fatalf("reference row %v; want NA differences", r)
		}
		if r["window"] == "month" && (r["first_month"] != r["last_month"] || r["p_holm"] != "NA") {
			t.Fatalf("monthly row %v; want one month and NA p_holm", r)
		}
	}
	better := finalRow(t, rows, "service_quality", "better")
	if d := num(t, better["diff"]); math.Abs(d-0.05) > 0.01 || num(t, better["p_holm"]) >= Alpha ||
		num(t, better["diff_ci95_low"]) <= 0 || num(t, better["effect_size"]) <= 0 {
		t.Errorf("service_quality, better: %v; want a significant difference near 0.05", better)
	}
	if r := finalRow(t, rows, "service_quality", "better"); r["first_month"] != "19" || r["last_month"] != "30" {
		t.Errorf("final-year window = %s-%s; want 19-30", r["first_month"], r["last_month"])
	}
	for _, metric := range []string{"rubber_stamp_share", "population"} {
		r := finalRow(t, rows, metric, "better")
		if r["diff"] != "0" || r["diff_ci95_low"] != "0" || r["diff_ci95_high"] != "0" || r["p_value"] != "1" || r["p_holm"] != "1" {
			t.Errorf("%s (no difference in any trial): %v; want diff 0, interval [0, 0], p 1", metric, r)
		}
	}
	if r := finalRow(t, rows, "rubber_stamp_share", "better"); r["effect_size"] != "NA" {
		t.Errorf("rubber_stamp_share (constant) effect size %s; want NA", r["effect_size"])
	}
	if r := finalRow(t, rows, "recalls", "better"); r["mean"] != "NA" || r["p_value"] != "NA" || r["p_holm"] != "NA" {
		t.Errorf("recalls (never observed): %v; want NA", r)
	}
	// Only service_quality of "better" differs; the other null
	// differences have small shared noise and must not be significant.
	for _, r := range rows {
		if r["window"] == "final_year" && r["scenario"] != "base" && !(r["metric"] == "service_quality" && r["scenario"] == "better") {
			if p := num(t, r["p_holm"]); p < Alpha {
				t.Errorf("%s, %s: p_holm %v; want no significant difference", r["metric"], r["scenario"], p)
			}
		}
	}

}

// checkCompareTrials checks trials.csv and series.csv of
// TestComparisonFiles's comparison.
func checkCompareTrials(t *testing.T, dir string, trials, months int) {
	trialRows := readCSV(t, filepath.Join(dir, TrialsFile))
	if len(trialRows) != 3*trials || trialRows[0]["scenario"] != "base" || trialRows[1]["scenario"] != "better" ||
		trialRows[1]["trial"] != "0" || trialRows[1]["seed"] != strconv.FormatUint(sim.TrialSeed(5, 0), 10) {
		t.Errorf("trials.csv: %d rows, first %v; want %d, interleaved by trial", len(trialRows), trialRows[:2], 3*trials)
	}
	series := readCSV(t, filepath.Join(dir, SeriesFile))
	if len(series) != 3*trials*months {
		t.Errorf("series.csv has %d rows; want %d", len(series), 3*trials*months)
	}

}

// checkCompareReport checks compare.md of TestComparisonFiles's
// comparison.
func checkCompareReport(t *testing.T, dir string) {
	md := readFile(t, filepath.Join(dir, CompareReport))
	for _, want := range []string{
		"# Comparison: base vs better vs same",
		"Reference scenario: **base**. Compared with it: **better** and **same**.",
		"the [world] parameters of **same** differ",
		"## Final-year outcomes (months 19–30)",
		"| Metric | Unit | **base** | **better** | **same** |",
		"### better − base",
		"| **service_quality** | index 0–1 | **+0.05",
		"| rubber_stamp_share | pp | 0 pp | 0 pp – 0 pp | NA | 1.000 | 1.000 |",
		"## Headline results", "- Service quality (service_quality): ",
		"## Method", "Var(B − A) = Var(A) + Var(B) − 2 Cov(A, B)", "Holm", "*Relative to noise*", "do not apply",
		metricsHeading,
	} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("compare.md lacks %q", want)
		}
	}
	if n := bytes.Count(md, []byte(`\*`)); n < 3 {
		t.Errorf("compare.md marks %d significant cells; want the difference in both tables and the legend", n)
	}

}

// checkCompareCharts checks that every scenario's colour is on the
// overlay and differences charts of TestComparisonFiles's comparison.
func checkCompareCharts(t *testing.T, dir string) {
	for _, name := range []string{"service_quality", DifferencesName} {
		b := readFile(t, filepath.Join(dir, ChartsDir, name+".png"))
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s.png: %v", name, err)
		}
		// Every scenario's colour appears (the line and its legend entry).
		from := 0
		if name == DifferencesName {
			from = 1
		}
		for s := from; s < 3; s++ {
			want, _, _ := seriesStyle(s)
			if !hasColor(img, want) {
				t.Errorf("%s.png has no pixel of scenario %d's colour %v", name, s, want)
			}
		}
	}
}

// TestComparisonInterrupted checks that an interrupted comparison uses
// only the trials every scenario finished, and says so.
func TestComparisonInterrupted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := compareConfig(dir, 6, 12, "a", "b")
	cfg.NoCharts = true
	compareAll(t, cfg, []float64{0, 0.1}, StatusInterrupted, 5) // trials 0, 1 of both and trial 2 of a
	m, err := ReadCompareManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != StatusInterrupted || m.ExitStatus != 130 || m.TrialsDone != 2 ||
		m.Scenarios[0].TrialsDone != 3 || m.Scenarios[1].TrialsDone != 2 {
		t.Errorf("manifest = %+v; want interrupted, 130, 2 paired trials (3 and 2 finished)", m)
	}
	rows := readCSV(t, filepath.Join(dir, CompareFile))
	if r := finalRow(t, rows, "service_quality", "b"); r["trials"] != "2" {
		t.Errorf("compare.csv trials = %s; want the 2 paired trials", r["trials"])
	}
	md, _ := os.ReadFile(filepath.Join(dir, CompareReport))
	if !bytes.Contains(md, []byte("Run interrupted: 2 of 6 trials finished in every scenario")) {
		t.Errorf("compare.md does not say the run was interrupted:\n%s", md)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if isTemp(d.Name()) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestComparisonNoTrials(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := compareConfig(dir, 4, 12, "a", "b")
	compareAll(t, cfg, []float64{0, 0}, StatusInterrupted, 0)
	md, err := os.ReadFile(filepath.Join(dir, CompareReport))
	if err != nil || !bytes.Contains(md, []byte("No trial finished.")) {
		t.Errorf("compare.md = %q, %v; want it to say no trial finished", md, err)
	}
	rows := readCSV(t, filepath.Join(dir, CompareFile))
	if len(rows) != 2*int(sim.NumMetrics) {
		t.Errorf("compare.csv has %d rows; want only the %d final-year rows, NA", len(rows), 2*int(sim.NumMetrics))
	}
}

func TestComparisonBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := NewComparison(compareConfig(dir, 2, 12, "a")); err == nil {
		t.Error("NewComparison(one scenario) = nil error; want one")
	}
	if _, err := NewComparison(compareConfig(dir, 2, 12, "a", "a")); err == nil {
		t.Error("NewComparison(two named a) = nil error; want one")
	}
	c, err := NewComparison(compareConfig(dir, 2, 12, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	c.Add(0, compareTrials(0, 2, 12, 0)[1])
	if err := c.Add(1, compareTrials(1, 2, 12, 0)[0]); err == nil || !strings.Contains(err.Error(), "same order") {
		t.Errorf("Add of trial 0 where the reference has trial 1 = %v; want an order error", err)
	}
	c.Abort()
}

// TestPrepareCompareForce checks that --force removes what an earlier
// comparison wrote (including scenario files no longer compared) and
// nothing else.
func TestPrepareCompareForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := compareConfig(dir, 2, 12, "a", "old")
	cfg.NoCharts = true
	compareAll(t, cfg, []float64{0, 0}, StatusOK, -1)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if err := PrepareCompare(dir, false); err == nil {
		t.Fatal("PrepareCompare(used folder, false) = nil; want a not-empty error")
	}
	if err := PrepareCompare(dir, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "scenarios", "old.toml")); err == nil {
		t.Error("scenarios/old.toml survived --force")
	}
	if _, err := os.Stat(filepath.Join(dir, CompareFile)); err == nil {
		t.Error("compare.csv survived --force")
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Error("--force removed the user's notes.txt")
	}
}

func TestFileStem(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	for _, tt := range []struct{ in, want string }{
		{"kz_direct_2021", "kz_direct_2021"},
		{"my reform/2", "my_reform_2"},
		{"my_reform_2", "my_reform_2_2"},
		{"..", "scenario"},
		{"", "scenario_2"},
	} {
		if got := fileStem(tt.in, used); got != tt.want {
			t.Errorf("fileStem(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// hasColor reports whether img has a pixel of colour c.
func hasColor(img image.Image, c color.NRGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == uint32(c.R) && g>>8 == uint32(c.G) && bl>>8 == uint32(c.B) {
				return true
			}
		}
	}
	return false
}
