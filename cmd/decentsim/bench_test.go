package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchTiny runs the bench command with tiny settings and checks that
// every figure is there and plausible.
func TestBenchTiny(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "bench", "--represent", "400", "--months", "2", "--trials", "2", "--workers", "2", "--json")
	if code != 0 {
		t.Fatalf("bench: exit %d: %s", code, stderr)
	}
	var r benchReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("bench --json output does not decode: %v\n%s", err, stdout)
	}
	n, c := r.National, r.Classroom
	if n == nil || c == nil {
		t.Fatalf("bench --json = %s; want national and classroom figures", stdout)
	}
	if n.Represent != 400 || n.Months != 2 || n.Workers != 2 || n.Citizens <= 0 ||
		n.CitizenMonths < float64(n.Citizens*(n.Months+n.BurnInMonths))/2 ||
		n.WallSeconds <= 0 || n.NsPerCitizenMonth <= 0 || n.PeakMemoryBytes == 0 || n.BytesPerCitizen <= 0 {
		t.Errorf("national figures %+v; want positive, at 1:400 over 2 months on 2 workers", *n)
	}
	// The citizen fields' storage is the same in every world; the
	// network's takes at least the mask byte a slot.
	if n.SlotBytes != 57 || n.SlotNetworkBytes < 1 || n.SlotsPerCitizen < 1 {
		t.Errorf("slot storage %.1f bytes, network %.2f bytes, %.3f slots a citizen; want 57, at least 1, at least 1",
			n.SlotBytes, n.SlotNetworkBytes, n.SlotsPerCitizen)
	}
	if c.Trials != 2 || c.Months != 2 || c.SerialSeconds <= 0 || c.ParallelSeconds <= 0 || c.Speedup <= 0 {
		t.Errorf("classroom figures %+v; want 2 trials of 2 months, positive times", *c)
	}
}

func TestBenchTable(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "bench", "--national=false", "--months", "1", "--trials", "2")
	if code != 0 {
		t.Fatalf("bench: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"classroom: 2 trials of 1 months", "1 worker", "speedup"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench table lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "national") {
		t.Errorf("bench --national=false printed the national section:\n%s", stdout)
	}
}

func TestBenchBadInput(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"bench", "--represent", "0"},
		{"bench", "--months", "0"},
		{"bench", "--workers", "-1"},
		{"bench", "extra"},
	} {
		if code, _, _ := run(t, args...); code != exitUsage {
			t.Errorf("decentsim %s: exit %d; want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
}
