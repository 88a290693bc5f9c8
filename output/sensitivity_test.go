package output

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// fakeSensitivity returns a finished Sobol' analysis of two parameters
// over three points, one metric analysed, with indices that rank b above
// a, written into a new folder.
func fakeSensitivity(t *testing.T, indices bool, noCharts bool) (string, *Sensitivity) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sens")
	cfg := SensitivityConfig{
		Scenario: "classroom", ScenarioTOML: []byte("[meta]\n"), Method: MethodSobol,
		Params:  []SensitivityParam{{Name: "x.a", Spec: "0:1", Lo: 0, Hi: 1}, {Name: "x.b", Spec: "0:2", Lo: 0, Hi: 2}},
		Points:  [][]string{{"0", "0"}, {"0.5", "1"}, {"1", "2"}},
		Metrics: []sim.Metric{sim.LeakageShare}, Samples: 1,
		Batch: Batch{Dir: dir, Seed: 3, Trials: 3, Months: 12, NoCharts: noCharts, Provenance: testProvenance("sensitivity")},
	}
	s := started(t, PrepareSensitivity, dir, func() (*Sensitivity, error) { return NewSensitivity(cfg) })
	for trial := range 2 {
		for p := range 3 {
			var fy sim.Record
			fy[sim.LeakageShare] = float64(p) + float64(trial)/10
			if err := s.Add(p, trial, 100+uint64(trial), &fy); err != nil {
				t.Fatal(err)
			}
		}
	}
	if indices {
		nan := math.NaN()
		s.SetIndices([]SensitivityIndex{
			{sim.LeakageShare, 0, "S1", 0.1, 0.05, 0.15},
			{sim.LeakageShare, 0, "ST", 0.12, 0.06, 0.2},
			{sim.LeakageShare, 1, "S1", 0.8, 0.7, 0.9},
			{sim.LeakageShare, 1, "ST", 0.85, nan, nan},
		}, []string{"budget_gini: the outcome does not vary over the sample"})
	}
	return dir, s
}

func TestSensitivityOutputs(t *testing.T) {
	t.Parallel()
	dir, s := fakeSensitivity(t, true, false)
	if got := s.Outcomes(sim.LeakageShare); !slices.Equal(got, []float64{0.05, 1.05, 2.05}) {
		t.Errorf("Outcomes(leakage_share) = %v; want each point's mean over trials, 0.05, 1.05, 2.05", got)
	}
	if got := s.NoiseVariance(sim.LeakageShare); math.Abs(got-0.0025) > 1e-12 {
		// Each point's two runs differ by 0.1: a standard error of 0.05.
		t.Errorf("NoiseVariance(leakage_share) = %v; want 0.05² = 0.0025", got)
	}
	if !s.Complete() {
		t.Error("Complete() = false; want true (every point has runs)")
	}
	// A third trial of point 0 only, as when interrupted.
	extra := sim.Record{sim.LeakageShare: 0.2}
	if err := s.Add(0, 2, 102, &extra); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(StatusInterrupted, time.Unix(10, 0), nil); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, SensitivityFile))
	want := "scenario,method,metric,parameter,index,value,ci95_low,ci95_high\n" +
		"classroom,sobol,leakage_share,x.a,S1,0.1,0.05,0.15\n" +
		"classroom,sobol,leakage_share,x.a,ST,0.12,0.06,0.2\n" +
		"classroom,sobol,leakage_share,x.b,S1,0.8,0.7,0.9\n" +
		"classroom,sobol,leakage_share,x.b,ST,0.85,NA,NA\n"
	if string(csv) != want {
		t.Errorf("sensitivity.csv =\n%s\nwant\n%s", csv, want)
	}
	points, _ := os.ReadFile(filepath.Join(dir, PointsFile))
	lines := strings.Split(strings.TrimSpace(string(points)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "scenario,point,trials,x.a,x.b,service_quality,") ||
		!strings.HasPrefix(lines[2], "classroom,1,2,0.5,1,0,") || !strings.HasPrefix(lines[1], "classroom,0,3,") {
		t.Errorf("points.csv =\n%s", points)
	}
	md, _ := os.ReadFile(filepath.Join(dir, SensitivityReport))
	report := string(md)
	for _, s := range []string{"## leakage_share", "Driven by `x.b` and `x.a` (ST ≥ 0.1)", "| `x.b` | 0.85 | 0.8 [0.7, 0.9] |", "budget_gini: the outcome does not vary",
		"Trial noise: a point's outcome has a standard error of",
		"did not finish (interrupted):** these indices use the runs that finished: every point has 2 trials, some 3"} {
		if !strings.Contains(report, s) {
			t.Errorf("sensitivity.md lacks %q:\n%s", s, report)
		}
	}
	if strings.Index(report, "| `x.b`") > strings.Index(report, "| `x.a`") {
		t.Errorf("sensitivity.md ranks x.a above x.b (ST 0.12 < 0.85):\n%s", report)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	var m SensitivityManifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"charts/leakage_share.png", "charts/leakage_share.svg", PointsFile, ScenarioFile, SensitivityFile, SensitivityReport}
	if m.Method != MethodSobol || m.Points != 3 || m.Runs != 9 || m.RunsDone != 7 || m.TrialsDone != 2 || m.Status != StatusInterrupted ||
		!slices.Equal(m.Files, wantFiles) || len(m.Notes) != 1 || m.Params[1].Range != "0:2" {
		t.Errorf("manifest = %+v; want sobol, interrupted, 3 points, 7 of 9 runs, files %v", m, wantFiles)
	}
}

func TestSensitivityWithoutIndices(t *testing.T) {
	t.Parallel()
	dir, s := fakeSensitivity(t, false, true)
	if err := s.Finish(StatusInterrupted, time.Unix(10, 0), nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{SensitivityFile, SensitivityReport} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written without indices", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, PointsFile)); err != nil {
		t.Errorf("no points.csv: %v", err)
	}
	if err := s.Finish(StatusOK, time.Unix(10, 0), nil); err == nil {
		t.Error("Finish twice = nil error; want one")
	}
}

func TestNewSensitivityErrors(t *testing.T) {
	t.Parallel()
	good := SensitivityConfig{Scenario: "s", Method: MethodMorris, Params: []SensitivityParam{{Name: "a"}},
		Points: [][]string{{"0"}}, Metrics: []sim.Metric{0}, Batch: Batch{Dir: "d", Months: 1}}
	for name, change := range map[string]func(*SensitivityConfig){
		"no dir":      func(c *SensitivityConfig) { c.Dir = "" },
		"bad method":  func(c *SensitivityConfig) { c.Method = "fast" },
		"no params":   func(c *SensitivityConfig) { c.Params = nil },
		"short point": func(c *SensitivityConfig) { c.Points = [][]string{{}} },
		"no metric":   func(c *SensitivityConfig) { c.Metrics = nil },
		"zero months": func(c *SensitivityConfig) { c.Months = 0 },
		"no scenario": func(c *SensitivityConfig) { c.Scenario = "" },
		"no points":   func(c *SensitivityConfig) { c.Points = nil },
	} {
		c := good
		change(&c)
		if _, err := NewSensitivity(c); err == nil {
			t.Errorf("NewSensitivity(%s) = nil error; want one", name)
		}
	}
}
