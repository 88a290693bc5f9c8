package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// shardRun writes shard index of count of a run of trials trials into
// dir, as a shard run does: the main model's synthetic trials, or the
// classic metric set's when classic is set. Only the first done trials
// are added (all if done < 0); a shard with fewer ends interrupted.
// change, if not nil, edits the configuration first.
func shardRun(t *testing.T, dir string, index, count, trials int, classic bool, done int, change func(*Config)) {
	t.Helper()
	const months = 14
	cfg := testConfig(dir, trials, months)
	if classic {
		cfg = seriesConfig(dir, trials, months)
	}
	if count > 0 {
		s, err := ShardOf(index, count, trials)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Shard = s
		cfg.NoCharts = true // only merged charts are compared
	}
	if change != nil {
		change(&cfg)
	}
	if !bytes.Contains(cfg.ScenarioTOML, []byte("[meta]")) {
		cfg.ScenarioTOML = fmt.Appendf(bytes.Clone(cfg.ScenarioTOML), "[meta]\nseed = %d\n", cfg.Seed)
	}
	first, n := 0, trials
	if cfg.Shard != nil {
		first, n = cfg.Shard.FirstTrial, cfg.Shard.Trials
	}
	if done >= 0 {
		n = done
	}
	if err := Prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	run, err := NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A shard's trials have the seeds its run seed gives them, as
	// merge checks.
	main, series := synthetic(trials, months), seriesTrials(trials, months)
	for k := range trials {
		main[k].Seed, series[k].Seed = sim.TrialSeed(cfg.Seed, k), sim.TrialSeed(cfg.Seed, k)
	}
	for k := first; k < first+n; k++ {
		if classic {
			err = run.AddSeries(series[k])
		} else {
			err = run.Add(main[k])
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var cause error
	if done >= 0 {
		cause = context.Canceled
	}
	if err := run.Finish(StatusOf(cause), testStart.Add(time.Minute), cause); err != nil {
		t.Fatal(err)
	}
}

// shardSet writes count complete shards of trials trials into base and
// returns their folders.
func shardSet(t *testing.T, base string, count, trials int, classic bool) []string {
	t.Helper()
	var dirs []string
	for i := range count {
		dir := filepath.Join(base, "shard-"+string(rune('0'+i)))
		shardRun(t, dir, i, count, trials, classic, -1, nil)
		dirs = append(dirs, dir)
	}
	return dirs
}

// TestMergeEqualsSingleRun checks that merging shards, given in any
// order, gives every file of a single run of the same trials byte for
// byte (charts included, for the main model: they are drawn from the same
// numbers; not under -short, where drawing is slow with -race), for the
// main model and the classic metric set.
func TestMergeEqualsSingleRun(t *testing.T) {
	t.Parallel()
	for _, classic := range []bool{false, true} {
		noCharts := classic || testing.Short()
		base := t.TempDir()
		single := filepath.Join(base, "single")
		shardRun(t, single, 0, 0, 7, classic, -1, func(c *Config) { c.NoCharts = noCharts })
		dirs := shardSet(t, base, 3, 7, classic)
		out := filepath.Join(base, "merged")
		m, err := Merge(MergeConfig{Shards: []string{dirs[2], dirs[0], dirs[1]}, Dir: out,
			Provenance: testProvenance("merge"), NoCharts: noCharts})
		if err != nil {
			t.Fatalf("Merge = %v", err)
		}
		if m.TrialsDone != 7 || m.Command != "merge" || len(m.Merged.Shards) != 3 || len(m.Merged.Missing) != 0 ||
			strings.Join(m.CommandLine, " ") != "decentsim merge --workers 2" {
			t.Errorf("merged manifest: %d trials, command %q (%q), %d shards, missing %v; want 7, merge (its command line), 3, none",
				m.TrialsDone, m.Command, m.CommandLine, len(m.Merged.Shards), m.Merged.Missing)
		}
		want, _ := ReadManifest(filepath.Join(single, ManifestFile))
		if strings.Join(m.Files, " ") != strings.Join(want.Files, " ") {
			t.Errorf("merged files %v; want %v", m.Files, want.Files)
		}
		for _, name := range want.Files {
			a, _ := os.ReadFile(filepath.Join(single, name))
			b, err := os.ReadFile(filepath.Join(out, name))
			if name == ReportFile { // the command lines differ: "decentsim run" and the shards'
				a, b = withoutCommand(a), withoutCommand(b)
			}
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("classic %v: merged %s differs from the single run's (%v)", classic, name, err)
			}
		}
		assertNoTemp(t, out)
	}
}

// withoutCommand returns summary.md without its line naming the command.
func withoutCommand(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("Command")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

// TestMergeRefuses checks every refusal, and that each names the shard
// folder or shard at fault, and that a refused merge writes nothing.
func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := shardSet(t, base, 3, 5, false)
	other := func(name string, change func(*Config)) string {
		dir := filepath.Join(base, name)
		shardRun(t, dir, 1, 3, 5, false, -1, change)
		return dir
	}
	seed := other("seed", func(c *Config) { c.Seed = 7 })
	scen := other("scenario", func(c *Config) { c.ScenarioTOML = []byte("name = \"other\"\n") })
	vers := other("version", func(c *Config) { c.Provenance.Version = "other" })
	trials := filepath.Join(base, "trials")
	shardRun(t, trials, 1, 3, 6, false, -1, nil)
	count := filepath.Join(base, "count")
	shardRun(t, count, 1, 2, 5, false, -1, nil)
	whole := filepath.Join(base, "whole")
	shardRun(t, whole, 0, 0, 5, false, -1, func(c *Config) { c.NoCharts = true })
	interrupted := filepath.Join(base, "interrupted")
	shardRun(t, interrupted, 1, 3, 5, false, 1, nil)
	tampered := other("tampered", nil)
	os.WriteFile(filepath.Join(tampered, ScenarioFile), []byte("changed\n"), 0o644)

	tests := []struct {
		name   string
		shards []string
		want   []string // in the message
	}{
		{"missing", dirs[:2], []string{"shard 2/3 (trials 4) is missing", "--allow-partial"}},
		{"duplicated", []string{dirs[0], dirs[1], dirs[1], dirs[2]}, []string{"shard 1/3 is given twice: " + dirs[1] + " and " + dirs[1]}},
		{"duplicated index", []string{dirs[0], dirs[1], seed, dirs[2]}, []string{seed + ": seed 7 differs from " + dirs[0] + "'s 42"}},
		{"seed", []string{dirs[0], seed, dirs[2]}, []string{seed + ": seed 7"}},
		{"scenario", []string{dirs[0], scen, dirs[2]}, []string{scen + ": resolved scenario"}},
		{"version", []string{dirs[0], vers, dirs[2]}, []string{vers + ": program version decentsim other differs"}},
		{"trial count", []string{dirs[0], trials, dirs[2]}, []string{trials + ": trial count 6 differs"}},
		{"shard count", []string{dirs[0], count, dirs[2]}, []string{count + ": shard count 2 differs"}},
		{"not a shard", []string{dirs[0], whole, dirs[2]}, []string{whole + ": not a shard"}},
		{"no manifest", []string{dirs[0], base, dirs[2]}, []string{base + ": no readable manifest.json"}},
		{"tampered", []string{dirs[0], tampered, dirs[2]}, []string{tampered + ": scenario.toml does not match"}},
		{"interrupted", []string{dirs[0], interrupted, dirs[2]}, []string{interrupted + ": shard 1/3 (trials 2–3) is interrupted with 1 of 2 trials finished", "--shard 1/3 --force"}},
	}
	for _, tt := range tests {
		out := filepath.Join(base, "out-"+strings.ReplaceAll(tt.name, " ", "-"))
		_, err := Merge(MergeConfig{Shards: tt.shards, Dir: out, Provenance: Provenance{Version: "test"}})
		var me *MergeError
		if !errors.As(err, &me) {
			t.Errorf("%s: Merge = %v; want a *MergeError", tt.name, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: Merge = %q; want it to say %q", tt.name, err, w)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: refused merge created %s", tt.name, out)
		}
	}
}

// TestMergePartial checks that --allow-partial merges what is there and
// says what is missing, in the manifest and in summary.md.
func TestMergePartial(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := shardSet(t, base, 4, 9, false) // trials 0–2, 3–4, 5–6, 7–8
	interrupted := filepath.Join(base, "interrupted")
	shardRun(t, interrupted, 1, 4, 9, false, 1, nil) // trial 3 of 3–4
	out := filepath.Join(base, "merged")
	m, err := Merge(MergeConfig{Shards: []string{dirs[0], interrupted, dirs[3]}, Dir: out, AllowPartial: true, Provenance: Provenance{Version: "test"}, NoCharts: true})
	if err != nil {
		t.Fatalf("Merge(partial) = %v", err)
	}
	want := []TrialRange{{4, 3}}
	if m.Status != StatusPartial || m.ExitStatus != 0 {
		t.Errorf("partial merge: status %q, exit %d; want partial, 0", m.Status, m.ExitStatus)
	}
	if m.TrialsDone != 6 || m.Trials != 9 || len(m.Merged.Missing) != 1 || m.Merged.Missing[0] != want[0] {
		t.Errorf("partial merge: %d of %d trials, missing %v; want 6 of 9, missing %v", m.TrialsDone, m.Trials, m.Merged.Missing, want)
	}
	report, _ := os.ReadFile(filepath.Join(out, ReportFile))
	if !bytes.Contains(report, []byte("Partial merge: trials 4–6 are missing; the numbers describe the 6 of 9 trials present.")) {
		t.Errorf("summary.md does not name the missing trials:\n%s", report)
	}
	series, _ := os.ReadFile(filepath.Join(out, SeriesFile))
	var trials []string
	for _, line := range strings.Split(string(series), "\n")[1:] {
		if f := strings.Split(strings.TrimPrefix(line, `"test, ""quoted""",`), ","); len(f) > 2 && f[2] == "1" {
			trials = append(trials, f[0])
		}
	}
	if got := strings.Join(trials, " "); got != "0 1 2 3 7 8" {
		t.Errorf("partial series.csv holds trials %s; want 0 1 2 3 7 8", got)
	}
}

// TestMergeRefusesDamagedData checks that a shard whose data disagree
// with its manifest is refused, naming it.
func TestMergeRefusesDamagedData(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := shardSet(t, base, 2, 4, false)
	path := filepath.Join(dirs[1], SeriesFile)
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	os.WriteFile(path, []byte(strings.Join(lines[:len(lines)-3], "")), 0o644) // drop a month
	_, err := Merge(MergeConfig{Shards: dirs, Dir: filepath.Join(base, "out")})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Merge(damaged) = %v; want an error naming %s", err, path)
	}
}

// withTrial9 is a file's text s with its last row again, moved from
// trial 3 to trial 9 (a trial no shard ran).
func withTrial9(s string) string {
	last := s[strings.LastIndex(s[:len(s)-1], "\n")+1:]
	return s + strings.Replace(last, ",3,", ",9,", 1)
}

// alter rewrites the file name of shard folder dir with edit; with
// rehash it also records the new file's SHA-256 in the manifest, as
// someone covering their tracks would (or an earlier version that wrote
// data without hashes could not).
func alter(t *testing.T, dir, name string, rehash bool, edit func(string) string) {
	t.Helper()
	path := filepath.Join(dir, name)
	b := readFile(t, path)
	changed := edit(string(b))
	if changed == string(b) {
		t.Fatalf("the edit leaves %s as it was", path)
	}
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if !rehash {
		return
	}
	editManifest(t, dir, func(m *Manifest) {
		m.FileSHA256[name] = sha256Hex([]byte(changed))
		if name == ScenarioFile {
			m.ScenarioSHA256 = sha256Hex([]byte(changed))
		}
	})
}

// editManifest rewrites shard folder dir's manifest.json with edit.
func editManifest(t *testing.T, dir string, edit func(*Manifest)) {
	t.Helper()
	path := filepath.Join(dir, ManifestFile)
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(m)
	if err := WriteManifest(path, m); err != nil {
		t.Fatal(err)
	}
}

// TestMergeRefusesAlteredData checks that merge finds data altered in a
// way that still reads (the file hashes, the seed of the scenario and of
// every row), naming the file at fault, and writes nothing.
func TestMergeRefusesAlteredData(t *testing.T) {
	t.Parallel()
	// oneNumber changes the first value of the last row of series.csv.
	oneNumber := func(s string) string {
		i := strings.LastIndex(s[:len(s)-1], "\n") + 1
		f := strings.Split(s[i:], ",")
		f[4] = "0.123"
		return s[:i] + strings.Join(f, ",")
	}
	tests := []struct {
		name  string
		edit  func(t *testing.T, dirs []string)
		in    int    // the shard whose file is named
		file  string // the file named
		wants []string
	}{
		{"one number in series.csv", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], SeriesFile, false, oneNumber)
		}, 1, SeriesFile, []string{"altered since its run wrote it", "rerun the shard with --shard 1/3 --force"}},
		{"a row of elections.csv", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], ElectionsFile, false, func(s string) string { return strings.Replace(s, ",akim,", ",recall,", 1) })
		}, 1, ElectionsFile, []string{"altered since its run wrote it"}},
		{"no hashes", func(t *testing.T, dirs []string) {
			editManifest(t, dirs[1], func(m *Manifest) { m.FileSHA256 = nil })
		}, 1, "", []string{"lists no SHA-256 of scenario.toml", "earlier version"}},
		{"the seed in every manifest", func(t *testing.T, dirs []string) {
			for _, d := range dirs {
				editManifest(t, d, func(m *Manifest) { m.Seed = 8 })
			}
		}, 0, ScenarioFile, []string{"meta.seed is 42, but manifest.json says seed 8"}},
		{"the seed everywhere but the rows", func(t *testing.T, dirs []string) {
			for _, d := range dirs {
				alter(t, d, ScenarioFile, true, func(s string) string { return strings.Replace(s, "seed = 42", "seed = 8", 1) })
				editManifest(t, d, func(m *Manifest) { m.Seed = 8 })
			}
		}, 0, SeriesFile, []string{"trial 0 has the seed", "the run's seed 8 gives it"}},
		{"an election of a trial not run", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], ElectionsFile, true, withTrial9)
		}, 1, ElectionsFile, []string{"elections.csv holds trial 9, which is not in series.csv"}},
		{"a row of events.csv", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], EventsFile, false, func(s string) string { return strings.Replace(s, ",protest,", ",shock,", 1) })
		}, 1, EventsFile, []string{"altered since its run wrote it"}},
		{"an event of a trial not run", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], EventsFile, true, withTrial9)
		}, 1, EventsFile, []string{"events.csv holds trial 9, which is not in series.csv"}},
		{"events.csv of an earlier version", func(t *testing.T, dirs []string) {
			alter(t, dirs[1], EventsFile, true, func(s string) string { return strings.Replace(s, "detail,", "", 1) })
		}, 1, EventsFile, []string{"not an events.csv of this version"}},
	}
	for _, tt := range tests {
		base := t.TempDir()
		dirs := shardSet(t, base, 3, 5, false) // shard 1/3 holds trials 2-3
		tt.edit(t, dirs)
		out := filepath.Join(base, "out")
		_, err := Merge(MergeConfig{Shards: dirs, Dir: out, Provenance: Provenance{Version: "test"}})
		var me *MergeError
		if !errors.As(err, &me) {
			t.Errorf("%s: Merge = %v; want a *MergeError", tt.name, err)
			continue
		}
		wants := tt.wants
		if tt.file != "" {
			wants = append(wants, filepath.Join(dirs[tt.in], tt.file))
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: Merge = %q; want it to say %q", tt.name, err, w)
			}
		}
		// What the files' hashes or the seeds show is refused before the
		// folder is made; what only the reading shows, after, leaving it
		// without data files.
		if _, err := os.Stat(filepath.Join(out, SeriesFile)); err == nil {
			t.Errorf("%s: refused merge wrote %s", tt.name, filepath.Join(out, SeriesFile))
		}
		assertNoTemp(t, out)
	}
}

// TestMergeChecksMemory checks that Merge gives its Memory function the
// estimate of what the merged run holds before touching the folder, and
// that a refusal leaves no folder.
func TestMergeChecksMemory(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dirs := shardSet(t, base, 2, 6, false)
	out := filepath.Join(base, "out")
	var asked int64
	tooMuch := errors.New("too much")
	_, err := Merge(MergeConfig{Shards: dirs, Dir: out, Memory: func(b int64) error { asked = b; return tooMuch }})
	if err != tooMuch {
		t.Errorf("Merge = %v; want the Memory function's error", err)
	}
	if values := int64(6 * 14 * sim.NumMetrics * 8); asked < values || asked > 100*values {
		t.Errorf("Merge asked Memory about %d bytes; want about the %d of the values kept", asked, values)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a merge refused for memory created %s", out)
	}
}
