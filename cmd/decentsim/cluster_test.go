package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// envOf returns a lookup function over env, as os.LookupEnv.
func envOf(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

func TestParseShard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec        string
		env         map[string]string
		index, cnt  int
		errContains string // "" for no error
	}{
		{"0/3", nil, 0, 3, ""},
		{"2/3", nil, 2, 3, ""},
		{"0/1", nil, 0, 1, ""},
		{"3/3", nil, 0, 0, "want 0 <= I < N"},
		{"-1/3", nil, 0, 0, "want 0 <= I < N"},
		{"1/0", nil, 0, 0, "want 0 <= I < N"},
		{"1/x", nil, 0, 0, "want I/N"},
		{"1", nil, 0, 0, "want I/N"},
		{"", nil, 0, 0, "want I/N"},
		{"1/2/3", nil, 0, 0, "want I/N"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "10"}, 4, 10, ""},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "10",
			"SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "9"}, 4, 10, ""},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3"}, 2, 4, ""},
		// A task of a 50-shard run rerun alone: sbatch --array=17.
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "17", "SLURM_ARRAY_TASK_COUNT": "1",
			"SLURM_ARRAY_TASK_MIN": "17", "SLURM_ARRAY_TASK_MAX": "17", "DECENTSIM_SHARD_COUNT": "50"}, 17, 50, ""},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "17", "SLURM_ARRAY_TASK_COUNT": "1",
			"SLURM_ARRAY_TASK_MIN": "17", "SLURM_ARRAY_TASK_MAX": "17"}, 0, 0, "set DECENTSIM_SHARD_COUNT=N"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_MAX": "8"}, 0, 0, "shards count from 0"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, 0, 0, "neither SLURM_ARRAY_TASK_COUNT"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_COUNT": "10"}, 0, 0, "is not a shard of 10"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "50", "DECENTSIM_SHARD_COUNT": "50", "SLURM_ARRAY_TASK_COUNT": "51"}, 0, 0, "is not a shard of 50"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "10"}, 0, 0, `SLURM_ARRAY_TASK_ID="x" is not a whole number`},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "5",
			"SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "8"}, 0, 0, "without a step or list"},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "3", "DECENTSIM_SHARD_COUNT": "8"}, 3, 8, ""},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "3"}, 0, 0, "DECENTSIM_SHARD_COUNT is not"},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "8", "DECENTSIM_SHARD_COUNT": "8"}, 0, 0, "is not below DECENTSIM_SHARD_COUNT=8"},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "0", "DECENTSIM_SHARD_COUNT": "0"}, 0, 0, "want at least 1"},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "-1", "DECENTSIM_SHARD_COUNT": "2"}, 0, 0, "not a whole number"},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": ""}, 0, 0, "neither SLURM_ARRAY_TASK_ID"},
		{"auto", nil, 0, 0, "neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX"},
	}
	for _, tt := range tests {
		i, n, err := parseShard(tt.spec, envOf(tt.env))
		if tt.errContains == "" {
			if err != nil || i != tt.index || n != tt.cnt {
				t.Errorf("parseShard(%q, %v) = %d, %d, %v; want %d, %d", tt.spec, tt.env, i, n, err, tt.index, tt.cnt)
			}
			continue
		}
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), tt.errContains) || !errors.As(err, &ue) {
			t.Errorf("parseShard(%q, %v) = %v; want a usage error containing %q", tt.spec, tt.env, err, tt.errContains)
		}
	}
}

func TestShardFlagErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, spec := range []string{"1/x", "3/3", "-1/2", "two", "auto", "5/6"} {
		out := filepath.Join(dir, "s")
		code, _, stderr := run(t, "run", "classroom", "--trials", "5", "--months", "2", "--quiet", "--shard", spec, "--out", out)
		if code != exitUsage || !strings.Contains(stderr, "--shard") {
			t.Errorf("run --shard %s: exit %d, %q; want exit 2 and a message about --shard", spec, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("run --shard %s made %s", spec, out)
		}
	}
}

// shardedRun runs classroom for 5 trials of 12 months, whole into
// base/single and as shards 0/3, 1/3, 2/3 into base/shard-I, and returns
// the shard folders.
func shardedRun(t *testing.T, base string) []string {
	t.Helper()
	common := []string{"run", "classroom", "--trials", "5", "--months", "12", "--quiet", "--workers", "2", "--record", "units"}
	single := append(common, "--out", filepath.Join(base, "single"))
	if testing.Short() {
		single = append(single, "--no-charts") // slow under -race
	}
	if code, _, stderr := run(t, single...); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, stderr)
	}
	var dirs []string
	for i := range 3 {
		dir := filepath.Join(base, "shard-"+strconv.Itoa(i))
		if code, _, stderr := run(t, append(common, "--shard", strconv.Itoa(i)+"/3", "--no-charts", "--out", dir)...); code != 0 {
			t.Fatalf("shard %d/3: exit %d: %s", i, code, stderr)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// sameData reports, as test errors, the data files of dir that differ
// from those of want.
func sameData(t *testing.T, want, dir string) {
	t.Helper()
	for _, f := range dataFiles {
		a, errA := os.ReadFile(filepath.Join(want, f))
		b, errB := os.ReadFile(filepath.Join(dir, f))
		if errA != nil || errB != nil || !bytes.Equal(withoutCommand(a, f), withoutCommand(b, f)) {
			t.Errorf("%s of %s differs from %s's (%v, %v)", f, dir, want, errA, errB)
		}
	}
}

// withoutCommand returns the file named name, b, without the line of a
// report (.md) naming the command, which differs between a merged folder
// (the first shard's, with --shard) and a single run.
func withoutCommand(b []byte, name string) []byte {
	if !strings.HasSuffix(name, ".md") {
		return b
	}
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("Command")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

// mergeShards merges the shard folders dirs, in the order given, into
// merged (without charts under -short), and checks that merge succeeds.
func mergeShards(t *testing.T, merged string, dirs ...string) {
	t.Helper()
	args := append([]string{"merge", "--out", merged}, dirs...)
	if testing.Short() {
		args = append(args, "--no-charts")
	}
	code, stdout, stderr := run(t, args...)
	if code != 0 || strings.TrimSpace(stdout) != merged {
		t.Fatalf("merge: exit %d, stdout %q: %s", code, stdout, stderr)
	}
}

// sameFolder reports, as test errors, every file of dir that differs
// from want's, manifest.json aside, and the files only one of them has.
func sameFolder(t *testing.T, want, dir string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			// merge does not rebuild a comparison's groups.csv: its shards
			// keep no unit panels.
			if rel != "manifest.json" && rel != "groups.csv" {
				m[rel], err = os.ReadFile(path)
				m[rel] = withoutCommand(m[rel], rel)
			}
			return err
		})
		if err != nil {
			t.Fatalf("reading %s: %v", root, err)
		}
		return m
	}
	a, b := files(want), files(dir)
	for name, content := range a {
		got, ok := b[name]
		switch {
		case !ok:
			t.Errorf("%s has no %s", dir, name)
		case !bytes.Equal(got, content):
			t.Errorf("%s of %s differs from the single run's", name, dir)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s has %s, which the single run has not", dir, name)
		}
	}
	if len(a) < 3 {
		t.Errorf("%s has only %d files besides manifest.json", want, len(a))
	}
}

func TestShardedRunMergesToSingleRun(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := shardedRun(t, base)
	var m struct {
		Shard struct{ Index, Count, First_Trial, Trials int }
	}
	b, _ := os.ReadFile(filepath.Join(dirs[1], "manifest.json"))
	if err := json.Unmarshal(b, &m); err != nil || m.Shard.Index != 1 || m.Shard.Count != 3 || m.Shard.Trials != 2 {
		t.Errorf("shard 1/3's manifest.json shard = %+v, %v; want index 1, count 3, 2 trials", m.Shard, err)
	}
	merged := filepath.Join(base, "merged")
	mergeShards(t, merged, dirs[2], dirs[0], dirs[1])
	sameData(t, filepath.Join(base, "single"), merged)
	rebuilt := []string{"groups.csv"} // from the shards' groups_trials.csv
	if !testing.Short() {
		rebuilt = append(rebuilt, "charts/units.svg")
	}
	for _, f := range rebuilt {
		a, _ := os.ReadFile(filepath.Join(base, "single", f))
		if b, err := os.ReadFile(filepath.Join(merged, f)); err != nil || len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("merged %s differs from the single run's (%v)", f, err)
		}
	}
	want := readUnits(t, filepath.Join(base, "single", "units.parquet"), 5, 12)
	if got := readUnits(t, filepath.Join(merged, "units.parquet"), 5, 12); !slices.Equal(got, want) {
		t.Error("merged units.parquet differs from the single run's")
	}

	// An existing folder is refused without --force.
	if code, _, stderr := run(t, "merge", dirs[0], dirs[1], dirs[2], "--out", merged); code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("merge into a full folder: exit %d, %q; want 2 and a hint of --force", code, stderr)
	}
	if code, _, stderr := run(t, "merge", dirs[0], dirs[1], dirs[2], "--out", merged, "--force", "--no-charts"); code != 0 {
		t.Errorf("merge --force: exit %d: %s", code, stderr)
	}
}

// TestMergeCommandRefusals checks that merge exits 2 and names the shard
// at fault for each kind of bad set, and that --allow-partial merges an
// incomplete set and says what is missing.
func TestMergeCommandRefusals(t *testing.T) {
	if testing.Short() {
		t.Skip("output's TestMergeRefuses covers the refusals; this runs them end to end")
	}
	t.Parallel()
	base := t.TempDir()
	dirs := shardedRun(t, base)
	other := func(name string, extra ...string) string {
		dir := filepath.Join(base, name)
		args := append([]string{"run", "classroom", "--trials", "5", "--months", "12", "--quiet", "--no-charts", "--record", "units", "--shard", "1/3", "--out", dir}, extra...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		return dir
	}
	seed := other("seed", "--seed", "99")
	scen := other("scenario", "--set", "institutions.superior_can_dismiss=false")
	interrupted := other("interrupted")
	// Make it look as a shard interrupted after one trial does (the
	// interruption itself is TestInterruptLeavesNoPartialFiles's).
	mpath := filepath.Join(interrupted, "manifest.json")
	b, _ := os.ReadFile(mpath)
	b = bytes.Replace(b, []byte(`"status": "ok"`), []byte(`"status": "interrupted"`), 1)
	b = bytes.Replace(b, []byte(`"trials_done": 2`), []byte(`"trials_done": 1`), 1)
	os.WriteFile(mpath, b, 0o644)
	for _, f := range []string{"series.csv", "elections.csv", "events.csv"} {
		path := filepath.Join(interrupted, f)
		b, _ := os.ReadFile(path)
		var keep []string
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if !strings.HasPrefix(line, "classroom,3,") {
				keep = append(keep, line)
			}
		}
		os.WriteFile(path, []byte(strings.Join(keep, "")), 0o644)
	}
	rehash(t, interrupted, "series.csv", "elections.csv", "events.csv")
	apath, reseeded := alteredShards(t, base, dirs)

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"one number altered", []string{dirs[0], filepath.Dir(apath), dirs[2]}, []string{apath + ": altered since its run wrote it", "--shard 1/3 --force"}},
		{"seed edited in every manifest", reseeded, []string{filepath.Join(reseeded[0], "scenario.toml") + ": meta.seed is 1, but manifest.json says seed 8"}},
		{"missing", []string{dirs[0], dirs[2]}, []string{"shard 1/3 (trials 2–3) is missing", "--allow-partial"}},
		{"duplicated", []string{dirs[0], dirs[1], dirs[2], dirs[1]}, []string{"shard 1/3 is given twice: " + dirs[1]}},
		{"seed", []string{dirs[0], seed, dirs[2]}, []string{seed + ": seed 99 differs from " + dirs[0] + "'s 1"}},
		{"scenario", []string{dirs[0], scen, dirs[2]}, []string{scen + ": resolved scenario (scenario_sha256)"}},
		{"interrupted", []string{dirs[0], interrupted, dirs[2]}, []string{interrupted + ": shard 1/3 (trials 2–3) is interrupted with 1 of 2"}},
		{"no shards", nil, []string{"merge needs the shard folders"}},
		{"out is a shard", []string{dirs[0], dirs[1], dirs[2], "--out", dirs[0]}, []string{"is one of the shard folders"}},
	}
	for _, tt := range tests {
		out := filepath.Join(base, "out-"+strings.ReplaceAll(tt.name, " ", "-"))
		args := append(append([]string{"merge"}, tt.args...), "--out", out)
		if tt.name == "out is a shard" {
			args = append([]string{"merge"}, tt.args...)
		}
		code, _, stderr := run(t, args...)
		if code != exitUsage {
			t.Errorf("%s: merge exit %d; want 2: %s", tt.name, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: merge said %q; want it to say %q", tt.name, stderr, w)
			}
		}
	}

	out := filepath.Join(base, "partial")
	code, _, stderr := run(t, "merge", dirs[0], interrupted, "--out", out, "--allow-partial")
	if code != 0 || !strings.Contains(stderr, "partial merge: 3 of 5 trials") {
		t.Fatalf("merge --allow-partial: exit %d, %q; want 0 and a note of the trials merged", code, stderr)
	}
	if rows := readCSVFile(t, filepath.Join(out, "groups.csv")); len(rows) < 2 || rows[1][4] != "3" {
		t.Errorf("partial merge's groups.csv: first row %v; want the 3 trials merged", rows[1])
	}
	report, _ := os.ReadFile(filepath.Join(out, "summary.md"))
	if !bytes.Contains(report, []byte("Partial merge: trials 3–4 are missing")) {
		t.Errorf("partial summary.md does not name the missing trials:\n%s", report)
	}
	man, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !bytes.Contains(man, []byte(`"missing": [`)) {
		t.Errorf("partial manifest.json has no missing list:\n%s", man)
	}
}

// alteredShards makes, from the shards dirs of a classroom run with seed
// 1, issue 20's alterations in copies under base: one number changed in
// shard 1's series.csv, which still reads (its path is returned), and
// the seed edited in every shard's manifest (the shards returned).
func alteredShards(t *testing.T, base string, dirs []string) (altered string, reseeded []string) {
	t.Helper()
	copyShard := func(from, name string) string {
		dir := filepath.Join(base, name)
		if err := os.CopyFS(dir, os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	altered = filepath.Join(copyShard(dirs[1], "altered"), "series.csv")
	b, _ := os.ReadFile(altered)
	i := bytes.Index(b, []byte("\nclassroom,2,"))
	fields := bytes.SplitN(b[i+1:], []byte(","), 6) // scenario, trial, seed, month, the first value, the rest
	fields[4] = []byte("0.5")
	os.WriteFile(altered, append(b[:i+1:i+1], bytes.Join(fields, []byte(","))...), 0o644)
	for i, d := range dirs {
		dir := copyShard(d, "seed8-"+strconv.Itoa(i))
		mpath := filepath.Join(dir, "manifest.json")
		b, _ := os.ReadFile(mpath)
		os.WriteFile(mpath, bytes.Replace(b, []byte(`"seed": 1,`), []byte(`"seed": 8,`), 1), 0o644)
		reseeded = append(reseeded, dir)
	}
	return altered, reseeded
}

// rehash records in shard folder dir's manifest.json the SHA-256 of its
// files names as they now are, as the run that wrote them so would have.
func rehash(t *testing.T, dir string, names ...string) {
	t.Helper()
	path := filepath.Join(dir, "manifest.json")
	b, err := os.ReadFile(path)
	var m map[string]any
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	sums, ok := m["file_sha256"].(map[string]any)
	if err != nil || !ok {
		t.Fatalf("%s: no file hashes: %v", path, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		sums[name] = hex.EncodeToString(sum[:])
	}
	if b, err = json.MarshalIndent(m, "", "  "); err == nil {
		err = os.WriteFile(path, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// scriptEnv is the environment the deploy scripts' command lines are run
// with in TestDeployScripts: a small run.
func scriptEnv(dir string) map[string]string {
	return map[string]string{
		"DECENTSIM": "decentsim", "COMMAND": "run", "SCENARIO": "classroom", "TRIALS": "5", "SEED": "1",
		"WORKERS": "1", "DIR": dir, "EXTRA_ARGS": "--months 12", "MERGE_ARGS": "", "RUN": "classroom",
	}
}

// scriptLine returns the line of file that runs `decentsim SUB`, or
// fails; sub is a regular expression.
func scriptLine(t *testing.T, file, sub string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*(?:- )?(?:exec )?("\$DECENTSIM"|decentsim) ` + sub + ` .*$`)
	line := re.FindString(string(b))
	if line == "" {
		t.Fatalf("%s: no decentsim %s command line", file, sub)
	}
	return line
}

// runScriptLine runs a deploy script's decentsim command line in-process,
// with env for the shell's variables and for --shard auto, and globbing
// as the shell would. It returns the exit status and stderr.
func runScriptLine(t *testing.T, line string, env map[string]string) (int, string) {
	t.Helper()
	line = os.Expand(line, func(k string) string { return env[k] })
	var args []string
	for _, w := range strings.Fields(line) {
		w = strings.ReplaceAll(w, `"`, "")
		if strings.ContainsRune(w, '*') {
			m, _ := filepath.Glob(w)
			args = append(args, m...)
			continue
		}
		args = append(args, w)
	}
	for len(args) > 0 && (args[0] == "-" || args[0] == "exec") {
		args = args[1:]
	}
	if len(args) < 2 || args[0] != "decentsim" {
		t.Fatalf("%q does not run decentsim", line)
	}
	var stdout, stderr bytes.Buffer
	var err error
	if args[1] == "run" {
		err = runCmdEnv(context.Background(), &stdout, &stderr, args[2:], envOf(env))
	} else {
		return decentsim(context.Background(), &stdout, &stderr, args[1:]), stderr.String()
	}
	return report(io.Discard, &stderr, err), stderr.String()
}

// TestDeployScripts checks what can be checked of the cluster scripts
// without a cluster: the shell scripts parse (bash -n), and their
// decentsim command lines, run in-process with the variables Slurm or
// Kubernetes would set, make shards whose merge equals a single run.
func TestDeployScripts(t *testing.T) {
	t.Parallel()
	slurm, k8s := filepath.Join("..", "..", "deploy", "slurm"), filepath.Join("..", "..", "deploy", "k8s")
	if bash, err := exec.LookPath("bash"); err == nil {
		for _, f := range []string{"run-array.sbatch", "merge.sbatch", "submit.sh"} {
			if out, err := exec.Command(bash, "-n", filepath.Join(slurm, f)).CombinedOutput(); err != nil {
				t.Errorf("bash -n %s: %v\n%s", f, err, out)
			}
		}
	} else {
		t.Log("no bash; shell syntax not checked")
	}

	if testing.Short() {
		t.Skip("runs the scripts' command lines; bash -n and TestShardedRunMergesToSingleRun run under -short")
	}
	base := t.TempDir()
	single := filepath.Join(base, "single")
	if code, _, stderr := run(t, "run", "classroom", "--trials", "5", "--months", "12", "--quiet", "--out", single); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, stderr)
	}

	t.Run("slurm", func(t *testing.T) {
		dir := filepath.Join(base, "slurm")
		runLine := scriptLine(t, filepath.Join(slurm, "run-array.sbatch"), `"\$COMMAND"`)
		for i := range 3 {
			env := scriptEnv(dir)
			env["SLURM_ARRAY_TASK_ID"] = strconv.Itoa(i)
			switch i {
			case 1: // older Slurm: no count, only the range
				env["SLURM_ARRAY_TASK_MIN"], env["SLURM_ARRAY_TASK_MAX"] = "0", "2"
			case 2: // rerun alone (sbatch --array=2), the count given
				env["SLURM_ARRAY_TASK_COUNT"], env["SLURM_ARRAY_TASK_MIN"], env["SLURM_ARRAY_TASK_MAX"] = "1", "2", "2"
				env["DECENTSIM_SHARD_COUNT"] = "3"
			default:
				env["SLURM_ARRAY_TASK_COUNT"] = "3"
			}
			if code, stderr := runScriptLine(t, runLine, env); code != 0 {
				t.Fatalf("array task %d: %s: exit %d: %s", i, runLine, code, stderr)
			}
		}
		mergeLine := scriptLine(t, filepath.Join(slurm, "merge.sbatch"), "merge")
		if code, stderr := runScriptLine(t, mergeLine, scriptEnv(dir)); code != 0 {
			t.Fatalf("%s: exit %d: %s", mergeLine, code, stderr)
		}
		sameData(t, single, filepath.Join(dir, "merged"))
	})

	t.Run("kubernetes", func(t *testing.T) {
		file := filepath.Join(k8s, "indexed-job.yaml")
		b, _ := os.ReadFile(file)
		completions := regexp.MustCompile(`(?m)^\s*completions: (\d+)`).FindSubmatch(b)
		count := regexp.MustCompile(`(?m)name: DECENTSIM_SHARD_COUNT\s+value: "(\d+)"`).FindSubmatch(b)
		if completions == nil || count == nil || string(completions[1]) != string(count[1]) {
			t.Errorf("%s: completions %q and DECENTSIM_SHARD_COUNT %q must be given and equal", file, completions, count)
		}
		if !bytes.Contains(b, []byte("completionMode: Indexed")) {
			t.Errorf("%s: not an Indexed Job", file)
		}
		dir := filepath.Join(base, "k8s")
		// The pods mount the shared volume at /data; here it is dir.
		runLine := strings.ReplaceAll(scriptLine(t, file, "run"), "/data/", dir+"/")
		for i := range 3 {
			env := scriptEnv(dir)
			env["JOB_COMPLETION_INDEX"], env["DECENTSIM_SHARD_COUNT"] = strconv.Itoa(i), "3"
			if code, stderr := runScriptLine(t, runLine+" --months 12", env); code != 0 {
				t.Fatalf("pod %d: %s: exit %d: %s", i, runLine, code, stderr)
			}
		}
		mergeLine := strings.ReplaceAll(scriptLine(t, filepath.Join(k8s, "merge-job.yaml"), "merge"), "/data/", dir+"/")
		if code, stderr := runScriptLine(t, mergeLine, scriptEnv(dir)); code != 0 {
			t.Fatalf("%s: exit %d: %s", mergeLine, code, stderr)
		}
		sameData(t, single, filepath.Join(dir, "classroom", "merged"))
	})
}
