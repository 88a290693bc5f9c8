package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorldRoundTrip checks the units file round trip: the units `world`
// writes for a seed, run with world.units_file, give byte for byte the
// data of a run that generates them.
func TestWorldRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	units := filepath.Join(dir, "units.csv")
	if code, _, stderr := run(t, "world", "classroom", "--seed", "5", "--out", units); code != 0 {
		t.Fatalf("world: exit %d: %s", code, stderr)
	}
	gen, file := filepath.Join(dir, "gen"), filepath.Join(dir, "file")
	args := []string{"run", "classroom", "--trials", "1", "--seed", "5", "--months", "12", "--no-charts", "--quiet", "--out"}
	if code, _, stderr := run(t, append(args, gen)...); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, append(args, file, "--set", "world.units_file="+units)...); code != 0 {
		t.Fatalf("run with the units file: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"series.csv", "elections.csv"} {
		a, _ := os.ReadFile(filepath.Join(gen, f))
		b, _ := os.ReadFile(filepath.Join(file, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the generated world and its units file", f)
		}
	}
}

func TestWorldCommandErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "u.csv")
	writeTestFile(t, existing, []byte("x"))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"world"}, "needs --out"},
		{[]string{"world", "--out", existing}, "exists; give --force"},
		{[]string{"world", "classic_epstein", "--out", "-"}, "no rural units"},
		{[]string{"world", "a", "b", "--out", "-"}, "one scenario"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("decentsim %v: exit %d, %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	code, stdout, _ := run(t, "world", "classroom", "--out", "-")
	if code != 0 || !strings.HasPrefix(stdout, "oblast,district,name,type,population") || strings.Count(stdout, "\n") != 18 {
		t.Errorf("world classroom --out -: exit %d, %d lines; want the header and 17 units", code, strings.Count(stdout, "\n"))
	}
}
