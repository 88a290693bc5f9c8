package validate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// tinyTimeline is kz_reform_timeline in a one-district world, for tests.
func tinyTimeline(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Resolve("kz_reform_timeline", []string{
		"world.oblast_table=uniform", "world.oblasts=1", "world.districts_per_oblast=2", "world.towns=1", "world.rural_districts=20",
		"world.villages=2", "world.settlements=1", "world.population=60000", "world.represent=20",
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func writeTarget(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "target.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadTargetErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"[[free]]\nkey = \"behavior.civic_dut\"\nlo = 0.0\nhi = 1.0\n[[target]]\nstat = \"maslikhat_turnout_2016\"\n", "is not a parameter"},
		{"[[free]]\nkey = \"behavior.civic_duty\"\nlo = 1.0\nhi = 0.0\n[[target]]\nstat = \"maslikhat_turnout_2016\"\n", "not below hi"},
		{"[[free]]\nkey = \"institutions.selection\"\nlo = 0.0\nhi = 1.0\n[[target]]\nstat = \"maslikhat_turnout_2016\"\n", "not a real number"},
		{"[[free]]\nkey = \"behavior.civic_duty\"\nlo = 0.0\nhi = 1.0\n[[target]]\nstat = \"turnout_1999\"\n", "is not a statistic"},
		{"trails = 3\n", "unknown key"},
		{"trials = 3\n", "at least one"},
	}
	for _, tt := range tests {
		_, err := ReadTarget(writeTarget(t, tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadTarget(%q) = %v; want an error containing %q", tt.src, err, tt.want)
		}
	}
}

func TestCommittedTargetReads(t *testing.T) {
	t.Parallel()
	tgt, err := ReadTarget("../../../../docs/calibration/kz_reform_timeline.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(tgt.Free) == 0 || len(tgt.Targets) == 0 {
		t.Errorf("committed target has %d free parameters and %d targets", len(tgt.Free), len(tgt.Targets))
	}
}

// TestCalibrateImprovesAndRepeats fits initial awareness to the 2016
// "cannot name a deputy" share, starting far from it: the fit must get
// closer than the start, and a second search must give the same answer.
func TestCalibrateImprovesAndRepeats(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs the timeline many times")
	}
	t.Parallel()
	s := tinyTimeline(t)
	if err := s.Params.Set("participation.initial_awareness", sim.Float(0.1)); err != nil {
		t.Fatal(err)
	}
	tgt, err := ReadTarget(writeTarget(t, "trials = 2\nseed = 3\nmax_evaluations = 12\n[[free]]\nkey = \"participation.initial_awareness\"\nlo = 0.05\nhi = 0.8\n[[target]]\nstat = \"cannot_name_deputy_2016\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	fit, err := Calibrate(context.Background(), &s.Params, s.Months, tgt, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(fit.Distance < fit.StartDist/4) {
		t.Errorf("calibration distance %.4g from start %.4g; want at most a quarter", fit.Distance, fit.StartDist)
	}
	if got := fit.Simulated["cannot_name_deputy_2016"]; math.Abs(got-0.68) > 0.05 {
		t.Errorf("fitted cannot_name_deputy_2016 = %.3f; want within 0.05 of 0.68", got)
	}
	again, err := Calibrate(context.Background(), &s.Params, s.Months, tgt, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fit.Best, again.Best) {
		t.Errorf("calibration with 2 and 1 workers found %v and %v; want the same", fit.Best, again.Best)
	}
}

func TestStatsOnTinyTimeline(t *testing.T) {
	t.Parallel()
	s := tinyTimeline(t)
	st, err := Stats(context.Background(), &s.Params, s.Months, s.Seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Patterns {
		v, ok := st[p.Stat]
		if !ok {
			t.Errorf("Stats has no %s", p.Stat)
			continue
		}
		if p.Kind == Share && !math.IsNaN(v) && (v < 0 || v > 1) {
			t.Errorf("%s = %v; want a share in [0, 1]", p.Stat, v)
		}
	}
	if st["budget_max_to_mean_2020"] < 1 || st["budget_mean_to_min_2020"] < 1 {
		t.Errorf("budget ratios max/mean %v, mean/min %v; want both at least 1", st["budget_max_to_mean_2020"], st["budget_mean_to_min_2020"])
	}
	if _, err := Stats(context.Background(), &s.Params, 60, s.Seed, 0); err == nil {
		t.Error("Stats on a 60-month run succeeded; want an error naming the months needed")
	}
}
