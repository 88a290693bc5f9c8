package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// finalYearOf returns each trial's final-year means from a run's
// series.csv, computed as output.FinalYear computes them from the
// numbers written (which read back exactly).
func finalYearOf(t *testing.T, path string) []sim.Record {
	t.Helper()
	var trials []*sim.TrialResult
	for _, r := range readRows(t, path) {
		k, _ := strconv.Atoi(r["trial"])
		if k == len(trials) {
			trials = append(trials, &sim.TrialResult{Trial: k})
		}
		var rec sim.Record
		for m, mi := range sim.Metrics {
			rec[m] = parseNum(t, r[mi.Name])
		}
		trials[k].Months = append(trials[k].Months, rec)
	}
	out := make([]sim.Record, len(trials))
	for k, tr := range trials {
		out[k] = output.FinalYear(tr)
	}
	return out
}

// TestSweepMatchesSeparateRuns checks that each point of a sweep gives
// exactly the trials of a separate run with the point's values as --set
// overrides and the same seed: per trial, the same final-year means, and
// per point the same mean across trials.
func TestSweepMatchesSeparateRuns(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "sweep")
	values := []string{"0.2", "0.8"}
	code, _, stderr := run(t, "sweep", "classroom", "--vary", "fiscal.patronage_weight="+strings.Join(values, ","),
		"--vary", "institutions.recall=false,true", "--trials", "3", "--months", "12", "--seed", "4", "--quiet", "--no-charts", "--out", dir)
	if code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	trialRows := readRows(t, filepath.Join(dir, output.TrialsFile))
	sweepRows := readRows(t, filepath.Join(dir, output.SweepFile))
	point := 0
	for _, v := range values {
		for _, recall := range []string{"false", "true"} {
			// The separate run: the first with the run command itself, the
			// others as it runs them, without its charts (slow under -race).
			sets := []string{"fiscal.patronage_weight=" + v, "institutions.recall=" + recall}
			sep := filepath.Join(base, "run"+strconv.Itoa(point))
			if point == 0 {
				code, _, stderr := run(t, "run", "classroom", "--set", sets[0], "--set", sets[1],
					"--trials", "3", "--months", "12", "--seed", "4", "--quiet", "--out", sep)
				if code != 0 {
					t.Fatalf("run: exit %d: %s", code, stderr)
				}
			} else {
				s, err := scenarios.Resolve("classroom", append(sets, "meta.trials=3", "meta.months=12", "meta.seed=4"))
				if err != nil {
					t.Fatal(err)
				}
				writeRun(t, s, sep)
			}
			want := finalYearOf(t, filepath.Join(sep, output.SeriesFile))
			for _, r := range trialRows {
				if r["point"] != strconv.Itoa(point) {
					continue
				}
				if r["fiscal.patronage_weight"] != v || r["institutions.recall"] != recall {
					t.Fatalf("trials.csv point %d has values %s, %s; want %s, %s", point, r["fiscal.patronage_weight"], r["institutions.recall"], v, recall)
				}
				k, _ := strconv.Atoi(r["trial"])
				if r["seed"] != strconv.FormatUint(sim.TrialSeed(4, k), 10) {
					t.Errorf("trials.csv point %d trial %d seed %s; want the run's trial seed", point, k, r["seed"])
				}
				for m, mi := range sim.Metrics {
					got, w := parseNum(t, r[mi.Name]), want[k][m]
					if got != w && !(math.IsNaN(got) && math.IsNaN(w)) {
						t.Errorf("point %d (patronage %s, recall %s) trial %d %s = %v; separate run gives %v", point, v, recall, k, mi.Name, got, w)
					}
				}
			}
			for _, r := range sweepRows {
				if r["point"] != strconv.Itoa(point) {
					continue
				}
				m, _ := sim.MetricByName(r["metric"])
				xs := make([]float64, len(want))
				for k := range want {
					xs[k] = want[k][m]
				}
				w := stats.Describe(xs)
				got := parseNum(t, r["mean"])
				if !(math.Abs(got-w.Mean) <= 1e-12*math.Max(1, math.Abs(w.Mean))) && !(math.IsNaN(got) && math.IsNaN(w.Mean)) {
					t.Errorf("sweep.csv point %d %s mean = %v; separate run's = %v", point, r["metric"], got, w.Mean)
				}
			}
			point++
		}
	}
}

// writeRun runs s as `decentsim run` does, without charts, into dir.
func writeRun(t *testing.T, s *scenarios.Scenario, dir string) {
	t.Helper()
	if err := output.Prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	job, err := rundir.Start(s, rundir.Config{Dir: dir, NoCharts: true, Provenance: output.Provenance{Command: "run", Start: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	if end := job.Run(context.Background(), nil); end.RunErr != nil || end.FinishErr != nil {
		t.Fatalf("run %s: %+v", s.Name, end)
	}
}

// testGrid resolves the scenario ref and returns it with the grid of the
// --vary flags specs.
func testGrid(t *testing.T, ref string, specs ...string) (*scenarios.Scenario, *experiment.Design) {
	t.Helper()
	base, err := scenarios.Resolve(ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := experiment.Parser{Option: "--vary"}.Parse(specs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := experiment.Grid(vs)
	if err != nil {
		t.Fatal(err)
	}
	return base, d
}

// pointSets returns point i of d's levels as --set overrides.
func pointSets(d *experiment.Design, i int) []string {
	sets := make([]string, len(d.Vary))
	for j, v := range d.Vary {
		sets[j] = v.Key.Name + "=" + d.Points[i][j].Text
	}
	return sets
}

// TestPointParamsEqualResolved checks that a point's parameters (the
// base scenario's with Params.Set) are those the scenario loader gives
// with the same values as --set overrides.
func TestPointParamsEqualResolved(t *testing.T) {
	t.Parallel()
	base, d := testGrid(t, "classroom", "fiscal.patronage_weight=0:1:3", "institutions.selection=indirect,direct", "institutions.term_months=24,60")
	for i := range d.Points {
		sets := pointSets(d, i)
		want, err := scenarios.Resolve("classroom", sets)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.Params(&base.Params, i)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want.Params) {
			t.Errorf("Design.Params(%v) differs from Resolve with --set %v", sets, sets)
		}
	}
}

// TestCheckPointsAgreesWithResolve checks that Design.Check finds the
// points the scenario loader rejects with the same values as --set
// overrides, contradictions at the start and those the events bring
// about alike, and that the message names the --vary key or the event.
func TestCheckPointsAgreesWithResolve(t *testing.T) {
	t.Parallel()
	const ref = "kz_reform_timeline"
	base, d := testGrid(t, ref, "institutions.recall=false,true", "behavior.hardship_shift=0,0.8", "world.min_unit_population=60,10000")
	bad := 0
	for i := range d.Points {
		_, resolveErr := scenarios.Resolve(ref, pointSets(d, i))
		one := &experiment.Design{Vary: d.Vary, Points: d.Points[i : i+1]}
		checkErr := one.Check(&base.Params)
		if (resolveErr == nil) != (checkErr == nil) {
			t.Errorf("point %v: Check = %v; Resolve = %v", pointSets(d, i), checkErr, resolveErr)
		}
		if resolveErr != nil {
			bad++
		}
	}
	if bad == 0 || bad == len(d.Points) {
		t.Errorf("%d of %d points are bad; want some of each", bad, len(d.Points))
	}
	err := d.Check(&base.Params)
	for _, want := range []string{
		"7 of 8 points are not valid",
		"point 1 (institutions.recall=false, behavior.hardship_shift=0, world.min_unit_population=10000): world.min_unit_population: population",
		`point 2 (institutions.recall=false, behavior.hardship_shift=0.8, world.min_unit_population=60): the event of month 145 ("2022-01: Qantar unrest (price shock)"), hardship: from month 145: the shocks so far add up to behavior.hardship_shift = 1.1`,
		"and 4 more",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check = %v; want %q in it", err, want)
		}
	}
}

func TestSweepIsDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	for _, design := range [][]string{
		{"--vary", "fiscal.patronage_weight=0:1:3", "--vary", "institutions.selection=appointed,direct"},
		{"--design", "lhs", "--points", "5", "--vary", "fiscal.extraction=0:0.5", "--vary", "institutions.recall=false,true"},
	} {
		base := t.TempDir()
		var dirs []string
		for _, w := range []string{"1", "3"} {
			dir := filepath.Join(base, "w"+w)
			dirs = append(dirs, dir)
			args := append([]string{"sweep", "classroom", "--trials", "2", "--months", "12", "--quiet", "--no-charts", "--out", dir, "--workers", w}, design...)
			if code, _, stderr := run(t, args...); code != 0 {
				t.Fatalf("sweep %v --workers %s: exit %d: %s", design, w, code, stderr)
			}
		}
		for _, f := range []string{output.SweepFile, output.TrialsFile, output.ScenarioFile} {
			a, err := os.ReadFile(filepath.Join(dirs[0], f))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range dirs[1:] {
				if b, _ := os.ReadFile(filepath.Join(d, f)); !bytes.Equal(a, b) {
					t.Errorf("%v: %s differs between %s and %s", design, f, dirs[0], d)
				}
			}
		}
	}
}

func TestSweepWritesEveryOutput(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sweep")
	code, stdout, stderr := run(t, "sweep", "classroom", "--vary", "fiscal.patronage_weight=0:1:3",
		"--trials", "2", "--months", "12", "--quiet", "--out", dir)
	if code != 0 || strings.TrimSpace(stdout) != dir || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0, the folder, nothing", code, stdout, stderr)
	}
	m, err := output.ReadSweepManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != output.StatusOK || m.Command != "sweep" || m.Design != "grid" || m.Points != 3 || m.Runs != 6 ||
		m.RunsDone != 6 || m.Trials != 2 || m.Months != 12 || len(m.Vary) != 1 ||
		!slices.Equal(m.Vary[0].Levels, []string{"0", "0.5", "1"}) {
		t.Errorf("manifest = %+v", m)
	}
	for _, f := range []string{"charts/service_quality.png", "charts/service_quality.svg", output.ScenarioFile} {
		if !slices.Contains(m.Files, f) {
			t.Errorf("manifest lists %v; want %s among them", m.Files, f)
		}
	}
	// The base scenario reproduces: it is the scenario without the varied
	// key, so checking it must pass.
	if code, _, stderr := run(t, "check", filepath.Join(dir, output.ScenarioFile)); code != 0 {
		t.Errorf("check scenario.toml: exit %d: %s", code, stderr)
	}
}

func TestSweepBadInput(t *testing.T) {
	t.Parallel()
	checkUsage(t, "sweep", []usageCase{
		{[]string{}, "needs a scenario"},
		{[]string{"classroom"}, "at least one --vary"},
		{[]string{"classroom", "classroom", "--vary", "fiscal.patronage_weight=0,1"}, "one scenario"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight"}, "want section.key=VALUES"},
		{[]string{"classroom", "--vary", "fiscal.patronge_weight=0,1"}, "did you mean fiscal.patronage_weight"},
		{[]string{"classroom", "--vary", "meta.months=12,24"}, "meta settings cannot be varied"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0:2:3"}, "fiscal.patronage_weight = 2 is out of range [0, 1]"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0,x"}, `"x" is not one`},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0.1,0.1"}, "listed twice"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0,,1"}, "value 2 is empty"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0:1"}, "lo:hi:steps"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0:1:1"}, "steps must be"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=1:0:3"}, "low end must be below"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=a:1:3"}, "must both be numbers"},
		{[]string{"classroom", "--vary", "institutions.term_months=12:61:3"}, "not a whole number"},
		{[]string{"classroom", "--vary", "institutions.term_months=12.5,24"}, "whole numbers"},
		{[]string{"classroom", "--vary", "institutions.selection=appointed,elected"}, `"elected" is not one of`},
		{[]string{"classroom", "--vary", "institutions.recall=yes,no"}, "true or false"},
		{[]string{"classroom", "--vary", "institutions.recall=0:1:2"}, "not a range"},
		{[]string{"classroom", "--vary", "fiscal.patronage_weight=0,1", "--vary", "fiscal.patronage_weight=0.5"}, "given twice"},
		{[]string{"classroom", "--vary", "institutions.selection=appointed,direct", "--set", "institutions.recall=true"},
			"point 0 (institutions.selection=appointed)"},
		{[]string{"classroom", "--design", "cube", "--vary", "fiscal.patronage_weight=0,1"}, "grid or lhs"},
		{[]string{"classroom", "--points", "5", "--vary", "fiscal.patronage_weight=0,1"}, "--points is for --design lhs"},
		{[]string{"classroom", "--design", "lhs", "--vary", "fiscal.patronage_weight=0:1"}, "needs --points"},
		{[]string{"classroom", "--design", "lhs", "--points", "4", "--vary", "fiscal.patronage_weight=0:1:3"}, "lo:hi"},
		{[]string{"classroom", "--trials", "0", "--vary", "fiscal.patronage_weight=0,1"}, "--trials must be at least 1"},
		{[]string{"no_such_scenario", "--vary", "fiscal.patronage_weight=0,1"}, "no_such_scenario"},
	})
}

// TestSweepInterruptLeavesNoPartialFiles sends SIGINT to the built binary
// in the middle of a sweep: exit 130, a manifest saying "interrupted",
// the runs finished in trials.csv and sweep.csv, no temporary files.
func TestSweepInterruptLeavesNoPartialFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	interruptBinary(t, dir, 500*time.Millisecond, "sweep", "classroom", "--vary", "fiscal.patronage_weight=0:1:5",
		"--trials", "200", "--workers", "1")
	m, err := output.ReadSweepManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != output.StatusInterrupted || m.RunsDone >= m.Runs {
		t.Errorf("manifest status %s, %d of %d runs; want interrupted part way", m.Status, m.RunsDone, m.Runs)
	}
	if rows := readRows(t, filepath.Join(dir, output.TrialsFile)); len(rows) != m.RunsDone {
		t.Errorf("trials.csv has %d rows; the manifest says %d runs done", len(rows), m.RunsDone)
	}
	if _, err := os.Stat(filepath.Join(dir, output.SweepFile)); err != nil {
		t.Errorf("no sweep.csv after the interruption: %v", err)
	}
	assertNoTempFiles(t, dir)
}

// TestSweepInterruptedBeforeStart runs a sweep whose context is
// cancelled before any run, in process.
func TestSweepInterruptedBeforeStart(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sweep")
	runInterrupted(t, "sweep", "classroom", "--vary", "fiscal.patronage_weight=0,1",
		"--trials", "2", "--months", "12", "--quiet", "--out", dir)
	m, err := output.ReadSweepManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil || m.Status != output.StatusInterrupted || m.RunsDone != 0 {
		t.Errorf("manifest %+v, %v; want interrupted with no runs", m, err)
	}
	assertNoTempFiles(t, dir)
}
