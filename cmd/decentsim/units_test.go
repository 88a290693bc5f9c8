package main

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"

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

// unitRow is the part of a units.parquet row the tests read.
type unitRow struct {
	Scenario   string  `parquet:"scenario"`
	Trial      int32   `parquet:"trial"`
	Month      int32   `parquet:"month"`
	Unit       int32   `parquet:"unit"`
	OblastName string  `parquet:"oblast_name"`
	UnitType   string  `parquet:"unit_type"`
	Population float64 `parquet:"population"`
	Budget     float64 `parquet:"budget"`
	OwnRevenue float64 `parquet:"own_revenue"`
	Transfers  float64 `parquet:"transfers"`
	Services   float64 `parquet:"services"`
	AkimOrigin string  `parquet:"akim_origin"`
	AkimTenure int32   `parquet:"akim_tenure"`
}

// readUnits reads the units.parquet at path of a classroom run of trials
// trials of months months back and checks it: a row per trial, month and
// unit in that order, with plausible values.
func readUnits(t *testing.T, path string, trials, months int) []unitRow {
	t.Helper()
	rows, err := parquet.ReadFile[unitRow](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != trials*months*17 {
		t.Fatalf("%s: %d rows; want %d trials x %d months x 17 units", path, len(rows), trials, months)
	}
	for i, r := range rows {
		k, m, u := i/(months*17), i/17%months+1, i%17
		if r.Scenario != "classroom" || int(r.Trial) != k || int(r.Month) != m || int(r.Unit) != u || r.OblastName == "" ||
			r.UnitType == "" || r.AkimOrigin == "" || !(r.Population > 0) || !(r.Services >= 0 && r.Services <= 1) ||
			math.Abs(r.Budget-r.OwnRevenue-r.Transfers) > 1e-6*r.Budget {
			t.Fatalf("%s row %d = %+v; want classroom, trial %d, month %d, unit %d, and plausible values", path, i, r, k, m, u)
		}
	}
	return rows
}
