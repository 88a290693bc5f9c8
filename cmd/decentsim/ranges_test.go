package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// TestIntervalsInRange runs every embedded scenario briefly (3 trials of
// 13 months or to its last event, the national ones with coarse agents,
// and not under -short) and checks that no
// 95% interval of summary.csv (every month) or of summary.md's final-year
// table leaves its metric's range.
func TestIntervalsInRange(t *testing.T) {
	for _, info := range scenarios.List() {
		t.Run(info.Name, func(t *testing.T) {
			overrides := []string{"meta.trials=3"}
			if strings.HasPrefix(info.Name, "kz_") && testing.Short() {
				t.Skip("a national world: in the full run only")
			}
			if strings.HasPrefix(info.Name, "kz_") {
				overrides = append(overrides, "world.represent=400")
			}
			s, err := scenarios.Resolve(info.Name, overrides)
			if err != nil {
				t.Fatal(err)
			}
			months := 13
			for _, e := range s.Params.Events {
				months = max(months, e.Month)
			}
			s, err = scenarios.Resolve(info.Name, append(overrides, "meta.months="+strconv.Itoa(months)))
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "out")
			if err := output.Prepare(dir, false); err != nil {
				t.Fatal(err)
			}
			job, err := rundir.Start(s, rundir.Config{Dir: dir, Provenance: output.Provenance{Workers: 2}, NoCharts: true})
			if err != nil {
				t.Fatal(err)
			}
			if end := job.Run(context.Background(), nil); end.RunErr != nil || end.FinishErr != nil {
				t.Fatal(end.RunErr, end.FinishErr)
			}
			metrics := map[string]sim.MetricInfo{}
			for _, mi := range append(sim.Metrics[:], sim.ClassicMetrics...) {
				metrics[mi.Name] = mi
			}
			checkSummaryCSV(t, filepath.Join(dir, output.SummaryFile), metrics)
			checkSummaryMD(t, filepath.Join(dir, output.ReportFile), metrics)
		})
	}
}

// checkSummaryCSV checks that every ci95 of summary.csv lies within its
// metric's bounds.
func checkSummaryCSV(t *testing.T, path string, metrics map[string]sim.MetricInfo) {
	rows := readCSVFile(t, path)
	for _, row := range rows[1:] { // month,metric,mean,sd,ci95_low,ci95_high,...
		lo, hi := metrics[row[1]].Bounds()
		for _, cell := range row[4:6] {
			if v, err := strconv.ParseFloat(cell, 64); err == nil && (v < lo || v > hi) {
				t.Errorf("summary.csv month %s %s: interval end %g outside [%g, %g]", row[0], row[1], v, lo, hi)
			}
		}
	}
}

// readCSVFile returns the rows of the CSV file at path, header first.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// checkSummaryMD checks the 95% CI column of summary.md's table.
func checkSummaryMD(t *testing.T, path string, metrics map[string]sim.MetricInfo) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 6 {
			continue
		}
		mi, ok := metrics[strings.Trim(strings.TrimSpace(cells[1]), "*")]
		if !ok {
			continue
		}
		rows++
		lo, hi := mi.Bounds()
		for _, end := range strings.Split(cells[4], "–") {
			s := strings.ReplaceAll(strings.TrimSpace(end), ",", "")
			scale := 1.0
			if strings.HasSuffix(s, "%") {
				s, scale = strings.TrimSuffix(s, "%"), 100
			}
			if v, err := strconv.ParseFloat(s, 64); err == nil && (v/scale < lo || v/scale > hi) {
				t.Errorf("summary.md %s: interval end %s outside [%g, %g]", mi.Name, end, lo, hi)
			}
		}
	}
	if rows == 0 {
		t.Error("summary.md: no table rows read")
	}
}
