package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/decentsim/decentsim/sim"
)

// MergeConfig says which shard folders Merge merges, and where.
type MergeConfig struct {
	// Shards are the shard folders, in any order: each a run's output
	// folder whose manifest.json has a shard.
	Shards []string
	// Dir is the output folder; Merge makes it ready with Prepare(Dir,
	// Force) once the shards are found mergeable.
	Dir   string
	Force bool
	// AllowPartial merges an incomplete set (shards missing, or
	// interrupted with some of their trials finished); the manifest and
	// summary.md name the missing trials. Without it such a set is
	// refused.
	AllowPartial bool
	// Provenance says what made the merge (Program, Version,
	// CommandLine, Start); its Command is "merge", and the merged
	// folder's writer fills the rest.
	Provenance Provenance
	// Traces and NoCharts are as in Config.
	Traces   int
	NoCharts bool
	// SensitivityIndices, needed to merge the shards of a sensitivity
	// analysis, estimates the merged analysis's indices and notes from its
	// outcomes (s.Outcomes) as the command does, the estimators being the
	// command's. Merge calls it once every point has its runs.
	SensitivityIndices func(cfg *SensitivityConfig, s *Sensitivity) ([]SensitivityIndex, []string, error)
	// Memory, if not nil, is given about how many bytes the merge will
	// hold (the merged writer's, as Config.Memory estimates a run's)
	// once the shards are found mergeable, before the output folder is
	// touched; an error from it refuses the merge and is returned as is.
	Memory func(bytes int64) error
	// Events, if not nil, returns the scheduled events to mark on a
	// merged run's charts from its resolved scenario (scenario.toml), as
	// the run had them; nil or an error marks none.
	Events func(scenarioTOML []byte, months int) ([]ChartEvent, error)
}

// checkMemory gives cfg.Memory, if set, the estimate bytes.
func (cfg *MergeConfig) checkMemory(bytes int64) error {
	if cfg.Memory == nil {
		return nil
	}
	return cfg.Memory(bytes)
}

// provenance returns the merged folder's Provenance, as cfg gives it.
func (cfg *MergeConfig) provenance() Provenance {
	p := cfg.Provenance
	p.Command = "merge"
	return p
}

// A MergeError says why a set of shards cannot be merged: every problem
// found, each naming the shard folder or shard concerned.
type MergeError struct {
	Problems []string
}

func (e *MergeError) Error() string {
	if len(e.Problems) == 1 {
		return "output: cannot merge: " + e.Problems[0]
	}
	return "output: cannot merge:\n  " + strings.Join(e.Problems, "\n  ")
}

// A shardIn is one shard folder read for merging.
type shardIn struct {
	dir      string
	m        *Manifest
	block    Shard  // its trials; for a comparison's, sweep's or sensitivity analysis's shard, its runs (BatchShard)
	scenario []byte // a run's scenario.toml
	design   []byte // a comparison's, sweep's or sensitivity analysis's ShardDesignFile
	complete bool   // status ok and every trial of the shard in its data
	data     bool   // its data files were written (complete or not)
}

// Merge merges the shards of a run into cfg.Dir, as if the run had been
// made on one machine: series.csv and elections.csv are the shards' rows
// in trial order, and summary.csv, summary.md and the charts are computed
// from them, so every data file is byte-identical to a single run's of the
// same trials. It first checks that the shards come from the same program
// version, scenario (by the SHA-256 of the resolved scenario), seed,
// trial count, months and shard count, that none is duplicated, and that
// none is missing or interrupted (unless cfg.AllowPartial); it reports
// every problem found as a *MergeError. The merged manifest records the
// shards in Merged. Merge returns the merged manifest.
//
// The shards of a comparison, a sweep or a sensitivity analysis (told by
// their manifests' command) are merged the same way, into the folder the
// unsharded command would write: their shards are blocks of runs
// (BatchShard), must also share their design (ShardDesignFile), and must
// all be there and complete, AllowPartial or not. The manifest returned
// then has the fields common to every command.
func Merge(cfg MergeConfig) (*Manifest, error) {
	if len(cfg.Shards) == 0 {
		return nil, &MergeError{[]string{"no shard folders given"}}
	}
	shards, problems := readShards(cfg.Shards)
	if len(shards) == 0 {
		return nil, &MergeError{problems}
	}
	ref := shards[0]
	if problems = append(problems, mismatches(ref, shards[1:])...); len(problems) > 0 {
		return nil, &MergeError{problems}
	}
	count, unit, total, group := ref.block.Count, "trials", ref.m.Trials, 1
	var design *shardDesign
	if isBatch(ref.m.Command) {
		var err error
		if design, err = readDesign(ref); err != nil {
			return nil, &MergeError{[]string{err.Error()}}
		}
		unit, total, group = "runs", design.runs(), design.group()
	}
	byIndex, partial, problems := place(shards, count, total, group, unit)
	switch {
	case len(problems) > 0:
		return nil, &MergeError{problems}
	case design != nil:
		return mergeBatch(cfg, design, byIndex, partial)
	case len(partial) > 0 && !cfg.AllowPartial:
		return nil, &MergeError{append(partial, "(merge an incomplete set with --allow-partial)")}
	}
	return mergeRun(cfg, ref, byIndex)
}

// readShards reads the shard folders dirs; problems are those that do
// not read as shards.
func readShards(dirs []string) (shards []*shardIn, problems []string) {
	for _, dir := range dirs {
		s, err := readShard(dir)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		shards = append(shards, s)
	}
	return shards, problems
}

// mismatches returns how each of shards differs from ref in what the
// shards of one run or command share.
func mismatches(ref *shardIn, shards []*shardIn) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, s := range shards {
		differ := func(what string, got, want any) {
			bad("%s: %s %v differs from %s's %v", s.dir, what, got, ref.dir, want)
		}
		a, b := s.m, ref.m
		if a.Command != b.Command {
			bad("%s: a shard of a %s differs from %s, a shard of a %s; merge each command's shards on their own",
				s.dir, commandNoun(a.Command), ref.dir, commandNoun(b.Command))
			continue
		}
		if a.Program != b.Program || a.Version != b.Version {
			differ("program version", a.Program+" "+a.Version, b.Program+" "+b.Version)
		}
		if a.Scenario != b.Scenario {
			differ("scenario", a.Scenario, b.Scenario)
		}
		if a.ScenarioSHA256 != b.ScenarioSHA256 {
			differ("resolved scenario (scenario_sha256)", short(a.ScenarioSHA256), short(b.ScenarioSHA256))
		}
		if a.Seed != b.Seed {
			differ("seed", a.Seed, b.Seed)
		}
		if a.Trials != b.Trials {
			differ("trial count", a.Trials, b.Trials)
		}
		if a.Months != b.Months {
			differ("months", a.Months, b.Months)
		}
		if s.block.Count != ref.block.Count {
			differ("shard count", s.block.Count, ref.block.Count)
		}
		if isBatch(a.Command) && !bytes.Equal(s.design, ref.design) {
			bad("%s: its design (%s: the scenarios or points, and the flags that make them) differs from %s's", s.dir, ShardDesignFile, ref.dir)
		}
	}
	return problems
}

// mergeRun writes the merge of a run's shards, byIndex in order (nil
// where one is missing), whose first shard read is ref, into cfg.Dir.
func mergeRun(cfg MergeConfig, ref *shardIn, byIndex []*shardIn) (*Manifest, error) {
	merged, present := mergedTrials(byIndex, ref.m.Trials)
	if present == 0 {
		return nil, &MergeError{[]string{"no shard holds any finished trial"}}
	}
	header, err := readHeader(filepath.Join(ref.dir, SeriesFile))
	if err != nil {
		return nil, &MergeError{[]string{err.Error()}}
	}
	metrics, unit, ok := metricsOfHeader(header)
	if !ok {
		return nil, &MergeError{[]string{ref.dir + ": series.csv's columns are not this version's"}}
	}
	for _, ms := range merged.Shards {
		if h, err := readHeader(filepath.Join(ms.Dir, SeriesFile)); err != nil || h != header {
			return nil, &MergeError{[]string{ms.Dir + ": series.csv's columns differ from " + ref.dir + "'s"}}
		}
	}
	rc := Config{
		Dir: cfg.Dir, Scenario: ref.m.Scenario, ScenarioTOML: ref.scenario,
		Seed: ref.m.Seed, Trials: ref.m.Trials, Months: ref.m.Months,
		Traces: cfg.Traces, NoCharts: cfg.NoCharts, Metrics: metrics, TimeUnit: unit,
		Provenance: cfg.provenance(), Merged: merged, Origin: &ref.m.Provenance,
	}
	rc.Provenance.Overrides = ref.m.Overrides
	rc.RecordUnits = slices.Contains(ref.m.Files, UnitsFile)
	groups := slices.Contains(ref.m.Files, GroupTrialsFile)
	if cfg.Events != nil && metrics == nil {
		rc.Events, _ = cfg.Events(ref.scenario, ref.m.Months) // charts without events rather than no merge
	}
	if err := cfg.checkMemory(rc.Memory()); err != nil {
		return nil, err
	}
	if err := Prepare(cfg.Dir, cfg.Force); err != nil {
		return nil, err
	}
	run, err := NewRun(rc)
	if err != nil {
		return nil, err
	}
	for _, ms := range merged.Shards {
		err := mergeShard(run, ms, metrics == nil, ref.m)
		if err == nil && run.units != nil {
			err = run.units.copyFrom(filepath.Join(ms.Dir, UnitsFile), ms.TrialsDone)
		}
		if err == nil && groups {
			err = run.groups.readTrials(filepath.Join(ms.Dir, GroupTrialsFile), ms.FirstTrial, ms.TrialsDone)
		}
		if err != nil {
			run.Abort()
			return nil, err
		}
	}
	status := StatusOK
	if len(merged.Missing) > 0 {
		status = StatusPartial
	}
	if err := run.Finish(status, time.Now(), nil); err != nil {
		return nil, err
	}
	return ReadManifest(filepath.Join(cfg.Dir, ManifestFile))
}

// mergedTrials returns what a merge of a run's shards, byIndex in order
// (nil where one is missing) of a run of trials trials, holds: the shards
// with data and the trials missing, and the number of trials present.
func mergedTrials(byIndex []*shardIn, trials int) (merged *Merged, present int) {
	merged = &Merged{}
	missing := func(first, n int) {
		m := merged.Missing
		switch l := len(m); {
		case n == 0:
		case l > 0 && m[l-1].First+m[l-1].Count == first:
			m[l-1].Count += n
		default:
			merged.Missing = append(m, TrialRange{first, n})
		}
	}
	for i, s := range byIndex {
		if s == nil {
			sh, _ := ShardOf(i, len(byIndex), trials)
			missing(sh.FirstTrial, sh.Trials)
			continue
		}
		sh := s.block
		done := 0
		if s.data {
			done = s.m.TrialsDone
			merged.Shards = append(merged.Shards, MergedShard{Dir: s.dir, Shard: sh, TrialsDone: done, Status: s.m.Status})
		}
		present += done
		missing(sh.FirstTrial+done, sh.Trials-done)
	}
	return merged, present
}

// mergeShard adds the trials of shard ms to run, checking each trial's
// seed against the run's seed (m's).
func mergeShard(run *Run, ms MergedShard, main bool, m *Manifest) error {
	var elections, events *electionsReader
	if main {
		var err error
		if elections, err = openElections(filepath.Join(ms.Dir, ElectionsFile), []string{m.Scenario}); err != nil {
			return &MergeError{[]string{err.Error()}}
		}
		if events, err = openRows(filepath.Join(ms.Dir, EventsFile), eventsHeader, []string{m.Scenario}); err != nil {
			elections.close()
			return &MergeError{[]string{err.Error()}}
		}
	}
	path := filepath.Join(ms.Dir, SeriesFile)
	next := ms.FirstTrial
	err := readSeries(path, m.Scenario, len(run.metrics), m.Months,
		func(trial int, seed uint64, values []float64) error {
			switch {
			case trial >= ms.FirstTrial+ms.TrialsDone:
				return mergeErrorf("%s: series.csv holds trial %d, but its manifest.json says trials %s are done",
					ms.Dir, trial, trialRange(ms.FirstTrial, ms.TrialsDone))
			case trial != next:
				return mergeErrorf("%s: series.csv holds trial %d where trial %d was due", ms.Dir, trial, next)
			}
			if err := checkTrialSeed(path, trial, seed, m.Seed); err != nil {
				return err
			}
			next++
			var e, ev []byte
			if elections != nil {
				var err error
				if e, err = elections.rowsOf(0, trial); err != nil {
					return err
				}
				if ev, err = events.rowsOf(0, trial); err != nil {
					return err
				}
			}
			return run.addTrial(trial, seed, values, e, ev)
		})
	if elections != nil {
		for _, rd := range []*electionsReader{elections, events} {
			if cerr := rd.close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		return asMergeError(err)
	}
	if next != ms.FirstTrial+ms.TrialsDone {
		return mergeErrorf("%s: series.csv holds %d trials; its manifest says %d", ms.Dir, next-ms.FirstTrial, ms.TrialsDone)
	}
	return nil
}

// checkTrialSeed checks that the data file at path gives trial the seed
// that the run seed gives it (sim.TrialSeed): a row's seed is what made
// it, so a run seed edited in the manifests is found out.
func checkTrialSeed(path string, trial int, seed, runSeed uint64) error {
	if want := sim.TrialSeed(runSeed, trial); seed != want {
		return mergeErrorf("%s: trial %d has the seed %d, but the run's seed %d gives it %d; the file or the manifest was altered",
			path, trial, seed, runSeed, want)
	}
	return nil
}

// place checks the shards' blocks against count blocks of total units
// (trials or runs, as unit says), each block whole groups of group units,
// and returns the shards by index. problems are blocks that are not the
// shard's and shards given twice; partial the shards not complete and
// those missing.
func place(shards []*shardIn, count, total, group int, unit string) (byIndex []*shardIn, partial, problems []string) {
	blockOf := func(index int) (*Shard, error) {
		b, err := block(index, count, total/group, unit)
		if err == nil {
			b.FirstTrial, b.Trials = b.FirstTrial*group, b.Trials*group
		}
		return b, err
	}
	byIndex = make([]*shardIn, count)
	name := func(sh *Shard) string {
		return fmt.Sprintf("%d/%d (%s %s)", sh.Index, sh.Count, unit, trialRange(sh.FirstTrial, sh.Trials))
	}
	for _, s := range shards {
		sh := &s.block
		want, err := blockOf(sh.Index)
		if err != nil || want.FirstTrial != sh.FirstTrial || want.Trials != sh.Trials {
			problems = append(problems, fmt.Sprintf("%s: shard %d/%d holds %s %s; shard %d/%d of %d %s is %s",
				s.dir, sh.Index, sh.Count, unit, trialRange(sh.FirstTrial, sh.Trials), sh.Index, sh.Count, total, unit, wantRange(want)))
			continue
		}
		if prev := byIndex[sh.Index]; prev != nil {
			problems = append(problems, fmt.Sprintf("shard %d/%d is given twice: %s and %s", sh.Index, sh.Count, prev.dir, s.dir))
			continue
		}
		byIndex[sh.Index] = s
		switch {
		case s.complete:
		case unit == "trials":
			partial = append(partial, fmt.Sprintf("%s: shard %s is %s with %d of %d trials finished; rerun it alone with --shard %d/%d --force",
				s.dir, name(sh), s.m.Status, s.m.TrialsDone, sh.Trials, sh.Index, sh.Count))
		default:
			partial = append(partial, fmt.Sprintf("%s: shard %s is %s; rerun it alone with --shard %d/%d --force",
				s.dir, name(sh), s.m.Status, sh.Index, sh.Count))
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	for i, s := range byIndex {
		if s == nil {
			sh, _ := blockOf(i)
			partial = append(partial, fmt.Sprintf("shard %s is missing; run it with --shard %d/%d", name(sh), i, count))
		}
	}
	return byIndex, partial, nil
}

// readShard reads the manifest and scenario (or design) of shard folder
// dir and checks that it is a shard.
func readShard(dir string) (*shardIn, error) {
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("%s: no readable manifest.json (not an output folder, or its run never ended): %v", dir, err)
	}
	if isBatch(m.Command) {
		return readBatchShard(dir, m)
	}
	if m.Shard == nil {
		return nil, fmt.Errorf("%s: not a shard (its manifest.json has no shard; run with --shard I/N)", dir)
	}
	s := &shardIn{dir: dir, m: m, block: *m.Shard}
	if s.scenario, err = os.ReadFile(filepath.Join(dir, ScenarioFile)); err != nil {
		return nil, fmt.Errorf("%s: %v", dir, err)
	}
	if sha256Hex(s.scenario) != m.ScenarioSHA256 {
		return nil, fmt.Errorf("%s: scenario.toml does not match the scenario_sha256 of its manifest.json", dir)
	}
	if err := checkSeed(filepath.Join(dir, ScenarioFile), s.scenario, m.Seed); err != nil {
		return nil, err
	}
	if err := s.checkFiles(); err != nil {
		return nil, err
	}
	s.data = slices.Contains(m.Files, SeriesFile)
	s.complete = s.data && m.Status == StatusOK && m.TrialsDone == m.Shard.Trials
	return s, nil
}

// mergedFiles are the files of a shard folder that Merge reads, besides
// the manifest: those a shard lists are checked against their SHA-256.
var mergedFiles = []string{ScenarioFile, ShardDesignFile, SeriesFile, ElectionsFile, EventsFile, TrialsFile}

// checkFiles checks the files of shard s that Merge reads against the
// SHA-256 its manifest lists for them, so that data altered after the
// shard's run wrote them (one number changed in series.csv, say) is
// refused even when it still reads.
func (s *shardIn) checkFiles() error {
	rerun := fmt.Sprintf("rerun the shard with --shard %d/%d --force", s.block.Index, s.block.Count)
	for _, name := range mergedFiles {
		if !slices.Contains(s.m.Files, name) {
			continue
		}
		path := filepath.Join(s.dir, filepath.FromSlash(name))
		want, ok := s.m.FileSHA256[name]
		if !ok {
			return fmt.Errorf("%s: its manifest.json lists no SHA-256 of %s to check it against (made by an earlier version?); %s", s.dir, name, rerun)
		}
		got, err := fileSHA256(path)
		if err != nil {
			return fmt.Errorf("%s: %v", s.dir, err)
		}
		if got != want {
			return fmt.Errorf("%s: altered since its run wrote it: its SHA-256 (%s) is not the one manifest.json lists (%s); %s",
				path, short(got), short(want), rerun)
		}
	}
	return nil
}

// fileSHA256 returns the hex SHA-256 of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkSeed checks that the scenario toml, read from the file named
// where, has meta.seed seed, the seed its manifest.json records.
func checkSeed(where string, toml []byte, seed uint64) error {
	got, err := scenarioSeed(toml)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %v", where, err)
	case got != seed:
		return fmt.Errorf("%s: meta.seed is %d, but manifest.json says seed %d; one of them was altered", where, got, seed)
	}
	return nil
}

// scenarioSeed returns the meta.seed of the resolved scenario b, which
// states it.
func scenarioSeed(b []byte) (uint64, error) {
	var f struct {
		Meta struct {
			Seed *int64 `toml:"seed"`
		} `toml:"meta"`
	}
	if _, err := toml.Decode(string(b), &f); err != nil {
		return 0, fmt.Errorf("does not read as a scenario: %v", err)
	}
	if f.Meta.Seed == nil || *f.Meta.Seed < 0 {
		return 0, errors.New("no meta.seed (not a resolved scenario)")
	}
	return uint64(*f.Meta.Seed), nil
}

// wantRange returns the trials of shard s, or "none" for no shard.
func wantRange(s *Shard) string {
	if s == nil {
		return "no shard"
	}
	return trialRange(s.FirstTrial, s.Trials)
}

// short returns the first 12 characters of a hash.
func short(h string) string { return h[:min(len(h), 12)] }
