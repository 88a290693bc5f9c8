package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// batchCommands are small compare, sweep and sensitivity commands (flags
// but --out), each with a shard count that cuts through a trial's runs
// (but compare's, whose shards hold whole trials).
func batchCommands(t *testing.T) []struct {
	name   string
	args   []string
	shards int
} {
	app := appointedClassroom(t)
	return []struct {
		name   string
		args   []string
		shards int
	}{
		// 3 scenarios × 5 trials: blocks of whole trials, 2, 2 and 1
		// (runs 0-5, 6-11, 12-14), so no shard starts mid-trial.
		{"compare", []string{"compare", "classroom", app, "classroom_qantar", "--trials", "5", "--months", "14"}, 3},
		// 3 points × 3 trials: 9 runs in blocks of 3, 2, 2, 2.
		{"sweep", []string{"sweep", "classroom", "--vary", "fiscal.patronage_weight=0:1:3", "--trials", "3", "--months", "14"}, 4},
		// 2 trajectories of 3 points × 2 trials: 12 runs in blocks of 4.
		{"sensitivity morris", []string{"sensitivity", "classroom", "--method", "morris", "--samples", "2", "--trials", "2", "--months", "14",
			"--param", "fiscal.patronage_weight=0:1", "--param", "fiscal.extraction=0:0.5"}, 3},
		// 2 base samples of 4 points × 2 trials: 16 runs in blocks of 3 and 2.
		{"sensitivity sobol", []string{"sensitivity", "classroom", "--method", "sobol", "--samples", "2", "--trials", "2", "--months", "14",
			"--param", "fiscal.patronage_weight=0:1", "--param", "oversight.transparency=0:1"}, 7},
	}
}

// shardedBatch runs args whole into base/single and as shards 0..n-1
// into base/shard-I, and returns the shard folders.
func shardedBatch(t *testing.T, base string, args []string, n int) []string {
	t.Helper()
	single := append(append([]string(nil), args...), "--quiet", "--workers", "2", "--out", filepath.Join(base, "single"))
	if testing.Short() {
		single = append(single, "--no-charts")
	}
	if code, _, stderr := run(t, single...); code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(single, " "), code, stderr)
	}
	var dirs []string
	for i := range n {
		dir := filepath.Join(base, "shard-"+strconv.Itoa(i))
		shard := append(append([]string(nil), args...), "--quiet", "--workers", "2", "--shard", strconv.Itoa(i)+"/"+strconv.Itoa(n), "--out", dir)
		if code, _, stderr := run(t, shard...); code != 0 {
			t.Fatalf("%s: exit %d: %s", strings.Join(shard, " "), code, stderr)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// TestBatchShardsMergeToUnsharded checks that the shards of a comparison,
// a sweep and a sensitivity analysis (Morris and Sobol'), merged, give
// every file of the unsharded command's folder byte for byte, charts
// included (manifest.json aside).
func TestBatchShardsMergeToUnsharded(t *testing.T) {
	t.Parallel()
	for _, tt := range batchCommands(t) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			dirs := shardedBatch(t, base, tt.args, tt.shards)

			var m struct {
				Command string
				Shard   struct{ Index, Count, First_Run, Runs int }
			}
			b, _ := os.ReadFile(filepath.Join(dirs[1], "manifest.json"))
			if err := json.Unmarshal(b, &m); err != nil || m.Command != tt.args[0] || m.Shard.Index != 1 || m.Shard.Count != tt.shards || m.Shard.Runs < 1 {
				t.Errorf("shard 1/%d's manifest.json: command %q, shard %+v, %v; want %s, index 1, count %d", tt.shards, m.Command, m.Shard, err, tt.args[0], tt.shards)
			}
			if _, err := os.Stat(filepath.Join(dirs[1], "shard.json")); err != nil {
				t.Errorf("shard 1/%d has no shard.json: %v", tt.shards, err)
			}

			merged := filepath.Join(base, "merged")
			var reversed []string // in any order
			for i := len(dirs) - 1; i >= 0; i-- {
				reversed = append(reversed, dirs[i])
			}
			mergeShards(t, merged, reversed...)
			sameFolder(t, filepath.Join(base, "single"), merged)
			b, _ = os.ReadFile(filepath.Join(merged, "manifest.json"))
			if !bytes.Contains(b, []byte(`"command": "merge"`)) || !bytes.Contains(b, []byte(`"first_run": 0`)) {
				t.Errorf("merged manifest.json does not record the merge and its shards:\n%s", b)
			}
		})
	}
}

// TestBatchMergeRefusals checks that merge refuses, with exit status 2
// and a message naming the folder at fault, an incomplete or mixed set of
// a sweep's shards, and that sweep refuses bad --shard values.
func TestBatchMergeRefusals(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	sweep := []string{"sweep", "classroom", "--vary", "fiscal.patronage_weight=0:1:3", "--trials", "2", "--months", "12", "--no-charts"}
	dirs := shardedBatch(t, base, sweep, 3) // 6 runs: 0–1, 2–3, 4–5
	other := func(name string, args []string, extra ...string) string {
		dir := filepath.Join(base, name)
		a := append(append(append([]string(nil), args...), "--quiet", "--out", dir), extra...)
		if code, _, stderr := run(t, a...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		return dir
	}
	values := other("values", []string{"sweep", "classroom", "--vary", "fiscal.patronage_weight=0:0.5:3", "--trials", "2", "--months", "12"}, "--shard", "1/3")
	runShard := other("run", []string{"run", "classroom", "--trials", "6", "--months", "12", "--no-charts"}, "--shard", "1/3")
	interrupted := other("interrupted", sweep, "--shard", "1/3")
	mpath := filepath.Join(interrupted, "manifest.json")
	b, _ := os.ReadFile(mpath)
	os.WriteFile(mpath, bytes.Replace(b, []byte(`"status": "ok"`), []byte(`"status": "interrupted"`), 1), 0o644)
	truncated := other("truncated", sweep, "--shard", "1/3")
	tpath := filepath.Join(truncated, "trials.csv")
	b, _ = os.ReadFile(tpath)
	os.WriteFile(tpath, b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1], 0o644) // the last run's row gone

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing", []string{dirs[0], dirs[2]}, []string{"shard 1/3 (runs 2–3) is missing; run it with --shard 1/3", "merge only as a whole set"}},
		{"allow-partial", []string{dirs[0], dirs[2], "--allow-partial"}, []string{"shard 1/3 (runs 2–3) is missing", "--allow-partial merges the shards of a run only"}},
		{"duplicated", []string{dirs[0], dirs[1], dirs[2], dirs[1]}, []string{"shard 1/3 is given twice: " + dirs[1]}},
		{"design", []string{dirs[0], values, dirs[2]}, []string{values + ": its design (shard.json"}},
		{"command", []string{dirs[0], runShard, dirs[2]}, []string{runShard + ": a shard of a run differs from " + dirs[0] + ", a shard of a sweep"}},
		{"interrupted", []string{dirs[0], interrupted, dirs[2]}, []string{interrupted + ": shard 1/3 (runs 2–3) is interrupted; rerun it alone with --shard 1/3 --force"}},
		{"truncated", []string{dirs[0], truncated, dirs[2]}, []string{truncated + ": trials.csv holds 1 runs; its manifest.json says 2"}},
		{"not a shard", []string{dirs[0], filepath.Join(base, "single"), dirs[2]}, []string{"single: not a shard"}},
	}
	for _, tt := range tests {
		out := filepath.Join(base, "out-"+tt.name)
		code, _, stderr := run(t, append(append([]string{"merge"}, tt.args...), "--out", out)...)
		if code != exitUsage {
			t.Errorf("%s: merge exit %d; want 2: %s", tt.name, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: merge said %q; want it to say %q", tt.name, stderr, w)
			}
		}
		if tt.name != "truncated" {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s: merge made %s", tt.name, out)
			}
		}
	}

	for _, spec := range []string{"6/7", "3/3", "x", "auto"} {
		code, _, stderr := run(t, append(append([]string(nil), sweep...), "--quiet", "--shard", spec, "--out", filepath.Join(base, "bad"))...)
		if code != exitUsage || !strings.Contains(stderr, "--shard") {
			t.Errorf("sweep --shard %s: exit %d, %q; want 2 and a message about --shard", spec, code, stderr)
		}
	}
}
