package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRunClassic runs the classic model through the run command and
// checks its output folder: series.csv with the classic counts, no
// elections.csv, charts of the three counts, and a scenario.toml that
// reproduces the data.
func TestRunClassic(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "classic")
	code, stdout, stderr := run(t, "run", "classic_epstein", "--trials", "2", "--months", "20", "--quiet", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(stdout) != dir {
		t.Errorf("stdout = %q; want %q", stdout, dir)
	}
	series, err := os.ReadFile(filepath.Join(dir, "series.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(series), "\n"), "\n")
	if lines[0] != "scenario,trial,seed,month,quiet,active,jailed" {
		t.Errorf("series.csv header = %q; want scenario,trial,seed,month,quiet,active,jailed", lines[0])
	}
	if len(lines) != 1+2*20 {
		t.Errorf("series.csv has %d lines; want header + 2 trials x 20 steps", len(lines))
	}
	for _, f := range []string{"summary.csv", "summary.md", "manifest.json", "scenario.toml",
		"charts/quiet.png", "charts/active.png", "charts/jailed.png", "charts/dashboard.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "elections.csv")); err == nil {
		t.Errorf("a classic run wrote elections.csv; want none")
	}
	again := filepath.Join(base, "again")
	if code, _, stderr := run(t, "run", filepath.Join(dir, "scenario.toml"), "--quiet", "--out", again); code != 0 {
		t.Fatalf("rerun of scenario.toml: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(again, "series.csv")); !bytes.Equal(b, series) {
		t.Errorf("rerunning the resolved scenario.toml gave a different series.csv")
	}
}

// TestRunClassicEvents runs a legitimacy drop given as an event, and a
// bad model name.
func TestRunClassicEvents(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sudden")
	if code, _, stderr := run(t, "run", "classic_legitimacy_sudden", "--trials", "2", "--months", "30", "--quiet", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	series, _ := os.ReadFile(filepath.Join(dir, "series.csv"))
	quietBefore, activeAfter := true, false
	for _, l := range strings.Split(string(series), "\n")[1:] {
		f := strings.Split(l, ",")
		if len(f) < 7 {
			continue
		}
		if step, _ := strconv.Atoi(f[3]); step < 20 { // legitimacy 0.9: no grievance above the threshold
			quietBefore = quietBefore && f[5] == "0" && f[6] == "0"
		} else {
			activeAfter = activeAfter || f[5] != "0" || f[6] != "0"
		}
	}
	if !quietBefore || !activeAfter {
		t.Errorf("legitimacy 0.9 then 0.7 from step 20: quiet before %v, activity after %v; want both", quietBefore, activeAfter)
	}
	code, _, stderr := run(t, "run", "classic_epstein", "--set", "meta.model=clasic_epstein", "--quiet", "--out", filepath.Join(t.TempDir(), "x"))
	if code != 2 || !strings.Contains(stderr, `did you mean "classic_epstein"`) {
		t.Errorf("run with meta.model=clasic_epstein: exit %d, stderr %q; want 2 and a suggestion", code, stderr)
	}
}
