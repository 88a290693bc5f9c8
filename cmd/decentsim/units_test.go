package main

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/decentsim/decentsim/output"
)

// TestGroupsOfClassroom reads groups.csv of a classroom run back: every
// grouping is there, each grouping's groups hold all the units, and every
// value is in its metric's range where it has one.
func TestGroupsOfClassroom(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "run", "classroom", "--trials", "3", "--months", "13", "--quiet", "--no-charts", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSVFile(t, filepath.Join(dir, output.GroupsFile))
	units := map[string]float64{} // grouping -> mean units per trial over its groups, of service_quality rows
	for _, r := range rows[1:] {
		if r[3] != "service_quality" {
			continue
		}
		n, _ := strconv.ParseFloat(r[2], 64)
		units[r[0]] += n
		mean, err := strconv.ParseFloat(r[5], 64)
		if trials, _ := strconv.Atoi(r[4]); err != nil || mean < 0 || mean > 1 || trials < 1 || trials > 3 {
			t.Errorf("row %v: service_quality mean %v over %s trials; want in [0, 1] over 1 to 3", r, mean, r[4])
		}
	}
	for _, g := range []string{"all", "oblast", "district", "unit_type", "size_class", "remoteness"} {
		if math.Abs(units[g]-17) > 1e-9 {
			t.Errorf("grouping %s covers %g units a trial; want the classroom's 17", g, units[g])
		}
	}
}
