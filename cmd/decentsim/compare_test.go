package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// quickCompare is a small, fast comparison of the classroom scenario
// with the given scenarios.
func quickCompare(dir string, scens []string, extra ...string) []string {
	args := append([]string{"compare"}, scens...)
	return append(append(args, "--trials", "6", "--months", "24", "--quiet", "--out", dir), extra...)
}

// readRows reads a CSV file into rows keyed by its header.
func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	recs := readCSVFile(t, path)
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

// parseNum parses a CSV number, NA as NaN.
func parseNum(t *testing.T, s string) float64 {
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

// appointedClassroom writes a scenario file: classroom with appointed
// rural akims.
func appointedClassroom(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "appointed.toml")
	src := "extends = \"classroom\"\n\n[meta]\nname = \"classroom_appointed\"\n\n[institutions]\nselection = \"appointed\"\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompareWithItself compares classroom with itself for several
// seeds. Under common random numbers the two arms are the same trials, so
// every difference is exactly 0 with p = 1: no false alarm at any seed
// (TestIndependentArmsNull and output's TestPairedTNullRate check the
// rate when the arms do not share their random numbers).
func TestCompareWithItself(t *testing.T) {
	t.Parallel()
	for _, seed := range []string{"1", "2", "3"} {
		dir := filepath.Join(t.TempDir(), "self")
		code, stdout, stderr := run(t, quickCompare(dir, []string{"classroom", "classroom"}, "--seed", seed, "--no-charts")...)
		if code != 0 || strings.TrimSpace(stdout) != dir {
			t.Fatalf("compare classroom classroom --seed %s: exit %d, stdout %q, stderr %s", seed, code, stdout, stderr)
		}
		for _, r := range readRows(t, filepath.Join(dir, output.CompareFile)) {
			if r["scenario"] == "classroom" {
				continue
			}
			if r["scenario"] != "classroom_2" {
				t.Fatalf("second arm named %q; want classroom_2", r["scenario"])
			}
			if r["ci95_low"] == "NA" {
				// Fewer than two trials have a value (an election metric
				// before any election): no test, but no difference either.
				if r["diff"] != "0" && r["diff"] != "NA" {
					t.Errorf("seed %s: %s %s %s: %v; want no difference", seed, r["metric"], r["window"], r["first_month"], r)
				}
				continue
			}
			if r["diff"] != "0" || r["diff_ci95_low"] != "0" || r["diff_ci95_high"] != "0" || r["p_value"] != "1" ||
				(r["window"] == "final_year" && r["p_holm"] != "1") {
				t.Errorf("seed %s: %s %s %s: %v; want a zero difference with p = 1", seed, r["metric"], r["window"], r["first_month"], r)
			}
		}
		md, _ := os.ReadFile(filepath.Join(dir, output.CompareReport))
		if bytes.Contains(md, []byte(`\* |`)) || bytes.Contains(md, []byte(`** \*`)) {
			t.Errorf("seed %s: compare.md marks a significant difference of a scenario with itself", seed)
		}
	}
}

// TestIndependentArmsNull compares classroom with itself without common
// random numbers (different run seeds per arm) through the same
// statistics compare uses: with Holm's adjustment over all metrics no
// difference may be significant (at most 5% of seeds would show one).
func TestIndependentArmsNull(t *testing.T) {
	t.Parallel()
	p := classroomParams(t)
	const trials, months = 8, 24
	arm := func(seed uint64) []sim.Record {
		var fy []sim.Record
		cfg := sim.RunConfig{Months: months, Seed: seed, Trials: sim.TrialList(trials)}
		err := sim.Run(context.Background(), p, cfg, func(r *sim.TrialResult) error {
			fy = append(fy, output.FinalYear(r))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return fy
	}
	a, b := arm(11), arm(12)
	var ps []float64
	for m := range sim.NumMetrics {
		xa, xb := make([]float64, trials), make([]float64, trials)
		for k := range trials {
			xa[k], xb[k] = a[k][m], b[k][m]
		}
		ps = append(ps, stats.PairedT(xa, xb).P)
	}
	for m, p := range stats.Holm(ps) {
		if p < output.Alpha {
			t.Errorf("classroom seed 11 vs seed 12: %s differs, Holm p = %v; want no significant difference", sim.Metric(m), p)
		}
	}
}

// classroomParams returns the classroom scenario's parameters.
func classroomParams(t *testing.T) *sim.Params {
	t.Helper()
	s, err := scenarios.Resolve("classroom", nil)
	if err != nil {
		t.Fatal(err)
	}
	return &s.Params
}

// TestCompareDetectsDirection compares appointed with directly elected
// rural akims: direct election raises downward_orientation, and compare
// must find it, significant after Holm's adjustment, in compare.csv and
// compare.md.
func TestCompareDetectsDirection(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cmp")
	code, _, stderr := run(t, quickCompare(dir, []string{appointedClassroom(t), "classroom"})...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var found bool
	for _, r := range readRows(t, filepath.Join(dir, output.CompareFile)) {
		if r["window"] != "final_year" || r["metric"] != "downward_orientation" || r["scenario"] != "classroom" {
			continue
		}
		found = true
		if r["reference"] != "classroom_appointed" || parseNum(t, r["diff"]) <= 0 || parseNum(t, r["diff_ci95_low"]) <= 0 ||
			parseNum(t, r["p_holm"]) >= output.Alpha || parseNum(t, r["effect_size"]) < 0.8 {
			t.Errorf("downward_orientation, direct − appointed: %v; want a positive, significant, large difference", r)
		}
	}
	if !found {
		t.Fatal("compare.csv has no final-year downward_orientation row for classroom")
	}
	md, _ := os.ReadFile(filepath.Join(dir, output.CompareReport))
	if !bytes.Contains(md, []byte("| **downward_orientation** | index 0–1 | **+")) {
		t.Errorf("compare.md does not mark the downward_orientation difference:\n%s", md)
	}
	m, err := output.ReadCompareManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != output.StatusOK || len(m.Scenarios) != 2 || !m.Scenarios[1].SameWorld ||
		!strings.HasSuffix(m.Scenarios[0].Source, "appointed.toml") || m.Scenarios[1].Source != "classroom" {
		t.Errorf("manifest = %+v; want ok, two scenarios sharing the world, sources as given", m)
	}
	for _, s := range m.Scenarios {
		code, _, stderr := run(t, "check", filepath.Join(dir, s.File))
		if code != 0 {
			t.Errorf("check %s: exit %d: %s", s.File, code, stderr)
		}
	}
}

func TestCompareIsDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	app := appointedClassroom(t)
	dirs := []string{filepath.Join(base, "w1"), filepath.Join(base, "w2"), filepath.Join(base, "w3")}
	for i, w := range []string{"1", "2", "3"} {
		args := []string{"compare", "classroom", app, "--trials", "3", "--months", "12", "--quiet", "--no-charts", "--out", dirs[i], "--workers", w}
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dirs[0], "charts")); len(entries) > 0 {
		t.Errorf("--no-charts wrote %d charts", len(entries))
	}
	for _, f := range []string{"compare.csv", "compare.md", "trials.csv", "series.csv", "elections.csv", "events.csv",
		"scenarios/classroom.toml", "scenarios/classroom_appointed.toml"} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs[1:] {
			if b, _ := os.ReadFile(filepath.Join(d, f)); !bytes.Equal(withoutCommand(a, f), withoutCommand(b, f)) {
				t.Errorf("%s differs between %s and %s", f, dirs[0], d)
			}
		}
	}
}

func TestCompareBadInput(t *testing.T) {
	t.Parallel()
	nonEmpty := t.TempDir()
	os.WriteFile(filepath.Join(nonEmpty, "keep.txt"), []byte("x"), 0o644)
	checkUsage(t, "", []usageCase{
		{[]string{"compare"}, "at least two scenarios"},
		{[]string{"compare", "classroom"}, "at least two scenarios"},
		{[]string{"compare", "classroom", "no_such_scenario"}, "no_such_scenario"},
		{[]string{"compare", "classroom", "classroom", "--trials", "0"}, "--trials must be at least 1"},
		{[]string{"compare", "classroom", "classroom", "--set", "fiscal.patronage_weight=2"}, "fiscal.patronage_weight"},
		{[]string{"compare", "classroom", "classroom", "--out", nonEmpty}, "--force"},
		{[]string{"compare", "classroom", "classroom", "--trails", "3"}, "flag provided but not defined"},
	})
}

func TestCompareAndSweepHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"compare", "sweep"} {
		code, errOut, _ := run(t, cmd, "--help") // help goes to stdout
		if code != 0 || !strings.Contains(errOut, "Example:") || !strings.Contains(errOut, "decentsim "+cmd+" ") {
			t.Errorf("%s --help = %d, %q; want exit 0 with an example", cmd, code, errOut)
		}
	}
	code, out, _ := run(t, "help")
	if code != 0 || !strings.Contains(out, "decentsim compare") || !strings.Contains(out, "decentsim sweep") {
		t.Errorf("help = %d, %q; want compare and sweep listed", code, out)
	}
}

// TestCompareInterrupted runs a comparison whose context is cancelled
// before it starts, as a signal does: exit 130, a manifest saying so, no
// temporary files.
func TestCompareInterrupted(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cmp")
	runInterrupted(t, quickCompare(dir, []string{"classroom", "classroom"})...)
	m, err := output.ReadCompareManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != output.StatusInterrupted || m.ExitStatus != 130 {
		t.Errorf("manifest status %s, exit %d; want interrupted, 130", m.Status, m.ExitStatus)
	}
	assertNoTempFiles(t, dir)
}

// assertNoTempFiles fails if dir holds a temporary (half-written) file.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("partial file left behind: %s", p)
		}
		return nil
	})
}
