package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bigWorld is issue 20's world of 100 million citizen agents: 19.5 GB
// for two worlds running at once.
var bigWorld = []string{"--set", "world.population=100000000", "--set", "world.represent=1", "--set", "world.max_unit_population=10000000"}

// TestRefusesWhatMemoryCannotHold checks that each run estimated not to
// fit in memory (issue 20's reproductions first) is refused before it
// starts: exit status 2, one line with the estimate and a hint, and no
// output folder, let alone temporary files. Nothing large is allocated:
// a refused run allocates nothing.
func TestRefusesWhatMemoryCannotHold(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a 19.2 TB block of values", []string{"run", "classroom", "--trials", "1000000", "--months", "100000"},
			[]string{"run classroom would need about 20.8 TB of memory", "20.8 TB for the values of 1000000 trials of 100000 months",
				"hint: use fewer --trials or --months", "--max-memory 21 TB"}},
		{"19.2 GB of values", []string{"run", "classroom", "--trials", "100000", "--months", "1000", "--max-memory", "16GB"},
			[]string{"about 20.9 GB of memory", "more than the 16 GB set by --max-memory", "--max-memory 21 GB"}},
		{"a world of 100 million agents", append([]string{"run", "classroom", "--max-memory", "8GB"}, bigWorld...),
			[]string{"about 19.5 GB", "2 worlds running at once", "hint: use a larger world.represent"}},
		{"one world on one worker", append([]string{"run", "classroom", "--workers", "1", "--max-memory", "4GB"}, bigWorld...),
			[]string{"about 9.73 GB", "1 world running at once"}},
		{"a shard", []string{"run", "classroom", "--trials", "1000000", "--months", "100000", "--shard", "0/1000", "--max-memory", "16GB"},
			[]string{"23.1 GB for the values of 1000 trials of 100000 months"}},
		{"a classic grid", []string{"run", "classic_epstein", "--set", "classic.width=2000", "--set", "classic.height=2000", "--max-memory", "100MB"},
			[]string{"grids running at once", "hint: use a smaller grid"}},
		{"the second of two scenarios", []string{"run", "classroom", "classroom_qantar", "--set", "meta.trials=100000", "--months", "1000", "--max-memory", "16GB"},
			[]string{"run classroom would need"}},
		{"compare", []string{"compare", "classroom", "classroom_qantar", "--trials", "100000", "--months", "1000"},
			[]string{"compare classroom classroom_qantar would need about", "values of 2 scenarios' trials"}},
		{"sweep", append([]string{"sweep", "classroom", "--vary", "fiscal.patronage_weight=0,1", "--max-memory", "8GB"}, bigWorld...),
			[]string{"sweep classroom would need about 19.5 GB", "2 worlds running at once"}},
		{"sensitivity", append([]string{"sensitivity", "classroom", "--param", "fiscal.patronage_weight=0:1", "--max-memory", "8GB"}, bigWorld...),
			[]string{"sensitivity classroom would need about 38.9 GB", "as many burned-in worlds"}}, // repeated design points share burn-ins
	}
	for _, tt := range tests {
		out := filepath.Join(base, strings.ReplaceAll(tt.name, " ", "-"))
		args := append(tt.args, "--quiet", "--out", out)
		if !slices.Contains(args, "--workers") {
			args = append(args, "--workers", "2")
		}
		code, stdout, stderr := run(t, args...)
		if code != exitUsage || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want 2 and nothing", tt.name, code, stdout)
		}
		if lines := strings.Count(stderr, "\n"); lines != 1 || !strings.HasPrefix(stderr, "decentsim: ") {
			t.Errorf("%s: stderr is %d lines; want one, \"decentsim: ...\":\n%s", tt.name, lines, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q; want it to say %q", tt.name, stderr, w)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a refused run made %s", tt.name, out)
		}
	}
}

// TestMergeRefusesWhatMemoryCannotHold checks merge's estimate and its
// --max-memory.
func TestMergeRefusesWhatMemoryCannotHold(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	var dirs []string
	for _, shard := range []string{"0/2", "1/2"} {
		dir := filepath.Join(base, "shard-"+shard[:1])
		if code, _, stderr := run(t, "run", "classroom", "--trials", "4", "--months", "12", "--quiet", "--no-charts", "--shard", shard, "--out", dir); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", shard, code, stderr)
		}
		dirs = append(dirs, dir)
	}
	out := filepath.Join(base, "merged")
	code, _, stderr := run(t, append(append([]string{"merge"}, dirs...), "--max-memory", "10kB", "--out", out)...)
	if code != exitUsage || !strings.Contains(stderr, "merge would need about") || !strings.Contains(stderr, "more than the 10 kB set by --max-memory") {
		t.Errorf("merge --max-memory 10kB: exit %d, %q; want 2 and the estimate", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a merge refused for memory made %s", out)
	}
	if code, _, stderr := run(t, append(append([]string{"merge"}, dirs...), "--max-memory", "1GB", "--out", out)...); code != 0 {
		t.Errorf("merge --max-memory 1GB: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "run", "classroom", "--max-memory", "lots"); code != exitUsage || !strings.Contains(stderr, "not an amount of memory") {
		t.Errorf("--max-memory lots: exit %d, %q; want 2 and what an amount is", code, stderr)
	}
}
