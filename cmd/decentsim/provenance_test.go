package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/output"
)

// TestOverridesNamed checks that a run with --set names every override
// in manifest.json, in summary.md's heading and in the charts' captions.
func TestOverridesNamed(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	sets := []string{"institutions.superior_can_dismiss=false", "meta.seed=7"}
	code, _, stderr := run(t, "run", "classroom", "--trials", "2", "--months", "13", "--quiet", "--out", dir,
		"--set", sets[0], "--set="+sets[1])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, err := output.ReadManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Overrides, sets) {
		t.Errorf("manifest overrides = %q; want %q", m.Overrides, sets)
	}
	md, _ := os.ReadFile(filepath.Join(dir, output.ReportFile))
	head, _, _ := strings.Cut(string(md), "| Metric")
	for _, want := range []string{"--set institutions.superior_can_dismiss=false", "`" + sets[0] + "`, `" + sets[1] + "`"} {
		if !strings.Contains(head, want) {
			t.Errorf("summary.md heading lacks %q:\n%s", want, head)
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dir, output.ChartsDir, "dashboard.svg"))
	if !strings.Contains(string(svg), "--set institutions.superior_can_dismiss=false") {
		t.Error("charts/dashboard.svg does not name the override")
	}
}

// TestSetsOf checks that the overrides are read from the command line
// however --set is written.
func TestSetsOf(t *testing.T) {
	got := setsOf([]string{"decentsim", "run", "x", "--set", "a.b=1", "-set=c.d=2", "--out", "o", "--", "--set", "e=3"})
	if want := []string{"a.b=1", "c.d=2"}; !slices.Equal(got, want) {
		t.Errorf("setsOf = %q; want %q", got, want)
	}
}
