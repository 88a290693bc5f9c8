package output

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// TestRunGroupSharesAxes runs two scenarios whose downward_orientation
// differs (0.2 and 0.6, as appointed and elected akims) in one group: the
// y axis of every metric must be one for both runs' charts, and hold both,
// so that the dashboards read side by side show the difference; each
// folder gets the overlay and its manifest.
func TestRunGroupSharesAxes(t *testing.T) {
	g := NewRunGroup()
	var runs []*Run
	for i, level := range []float64{0.2, 0.6} {
		cfg := testConfig(filepath.Join(t.TempDir(), "run"), 3, 4)
		cfg.Scenario = []string{"appointed", "elected"}[i]
		cfg.Group = g
		cfg.Events = []ChartEvent{{Month: 3, Label: "maslikhat election"}}
		trials := synthetic(3, 4)
		for _, tr := range trials {
			for m := range tr.Months {
				tr.Months[m][sim.DownwardOrientation] = level + 0.001*float64(m+tr.Trial)
			}
		}
		runAll(t, cfg, trials)
		if _, err := os.Stat(filepath.Join(cfg.Dir, ManifestFile)); err == nil {
			t.Fatalf("run %d: manifest written before the group's Finish", i)
		}
		runs = append(runs, g.runs[len(g.runs)-1])
	}
	if err := g.Finish(); err != nil {
		t.Fatal(err)
	}
	for m := range runs[0].charts {
		a, b := runs[0].charts[m].yAxis(), runs[1].charts[m].yAxis()
		name := runs[0].charts[m].metricInfo().Name
		if a != b {
			t.Errorf("%s: y axes differ: %+v and %+v", name, a, b)
		}
		for _, r := range runs {
			s := &r.charts[m]
			for i, v := range s.mean {
				if v < a.min || v > a.max {
					t.Errorf("%s of %s: month %d mean %g outside the shared axis [%g, %g]", name, r.cfg.Scenario, i+1, v, a.min, a.max)
				}
			}
		}
		if name == "downward_orientation" && (a.min > 0.2 || a.max < 0.6) {
			t.Errorf("downward_orientation axis [%g, %g] does not hold 0.2 and 0.6", a.min, a.max)
		}
	}
	for _, r := range runs {
		for _, f := range []string{ManifestFile, "charts/overlay.png", "charts/dashboard.svg"} {
			if _, err := os.Stat(filepath.Join(r.cfg.Dir, f)); err != nil {
				t.Error(err)
			}
		}
	}
}

// TestYAxis checks the axis rules: noise is not magnified, the bounds
// hold, the ticks are round.
func TestYAxis(t *testing.T) {
	sq := sim.Metrics[sim.ServiceQuality]
	a := yAxisOf(sq, []float64{0.518, 0.524})
	if a.max-a.min < minSpanShare*0.524 {
		t.Errorf("service_quality 0.518-0.524: axis [%g, %g] magnifies the noise", a.min, a.max)
	}
	for _, tc := range []struct {
		mi   sim.MetricInfo
		data []float64
	}{
		{sq, []float64{0.97, 0.999}},
		{sim.Metrics[sim.UnrestActive], []float64{0, 0.0004}},
		{sim.Metrics[sim.Population], []float64{7392655, 7400000}},
		{sim.Metrics[sim.LeakageShare], []float64{0.0575, 0.0725}},
		{sq, nil},
	} {
		a := yAxisOf(tc.mi, tc.data)
		lo, hi := tc.mi.Bounds()
		if a.min < lo || a.max > hi || a.min >= a.max {
			t.Errorf("%s %v: axis [%g, %g] outside the bounds [%g, %g]", tc.mi.Name, tc.data, a.min, a.max, lo, hi)
		}
		for _, v := range tc.data {
			if v < a.min || v > a.max {
				t.Errorf("%s: %g outside its axis [%g, %g]", tc.mi.Name, v, a.min, a.max)
			}
		}
		for _, tk := range a.Ticks(a.min, a.max) {
			if r := tk.Value / a.step; r-float64(int64(r+0.5)) > 1e-6 {
				t.Errorf("%s: tick %g is not a multiple of %g", tc.mi.Name, tk.Value, a.step)
			}
		}
	}
}

// TestYTickLabels checks that tick labels are short, whatever the
// scale: a tiny share's too.
func TestYTickLabels(t *testing.T) {
	for _, data := range [][]float64{{0, 4e-6}, {0.0575, 0.0725}, {0.2, 0.6}, {7392655, 7400000}} {
		for _, mi := range []sim.MetricInfo{sim.Metrics[sim.UnrestActive], sim.Metrics[sim.Population]} {
			a := yAxisOf(mi, data)
			for _, tk := range a.Ticks(a.min, a.max) {
				if len(tk.Label) > 10 {
					t.Errorf("%s %v: tick label %q", mi.Name, data, tk.Label)
				}
			}
		}
	}
}
