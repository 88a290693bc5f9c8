package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// This file merges the shards of a comparison, a sweep or a sensitivity
// analysis (Merge's checks are merge.go's, shared with a run's shards).
// Such a shard holds a block of the command's runs in their order; its
// folder is the command's usual output for those runs plus
// ShardDesignFile, the command's whole configuration. Merge rebuilds the
// writer from that file and adds every shard's runs, read back from its
// data files, in order, as the command would have added them: so every
// data file comes out byte-identical to the unsharded command's.

// ShardDesignFile is the file a comparison's, sweep's or sensitivity
// analysis's shard folder holds besides the command's usual output: the
// command's configuration (every scenario or point, the seed, trials and
// months, not only the shard's), from which Merge rebuilds the whole
// output. Shards of one command have identical design files.
const ShardDesignFile = "shard.json"

// The commands whose shard folders Merge recognises besides a run's, as
// their manifests name them.
const (
	commandCompare     = "compare"
	commandSweep       = "sweep"
	commandSensitivity = "sensitivity"
)

// isBatch reports whether command shards over runs (a comparison, a
// sweep or a sensitivity analysis) rather than over trials.
func isBatch(command string) bool {
	return command == commandCompare || command == commandSweep || command == commandSensitivity
}

// commandNoun names what command makes, for messages: "comparison" for
// compare, "sensitivity analysis" for sensitivity.
func commandNoun(command string) string {
	switch command {
	case commandCompare:
		return "comparison"
	case commandSensitivity:
		return "sensitivity analysis"
	}
	return command
}

// shardDesign is ShardDesignFile: one of the three configurations, less
// its json:"-" fields (where, when and by what program it ran).
type shardDesign struct {
	Compare     *CompareConfig     `json:"compare,omitempty"`
	Sweep       *SweepConfig       `json:"sweep,omitempty"`
	Sensitivity *SensitivityConfig `json:"sensitivity,omitempty"`
}

// writeDesign writes d as indented JSON.
func writeDesign(w io.Writer, d shardDesign) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// readDesign decodes shard s's design and checks it against its
// manifest.
func readDesign(s *shardIn) (*shardDesign, error) {
	d := new(shardDesign)
	if err := json.Unmarshal(s.design, d); err != nil {
		return nil, fmt.Errorf("%s: %s does not read: %v", s.dir, ShardDesignFile, err)
	}
	var command string
	var toml []byte
	var seed uint64
	var trials, months, points int
	n := 0
	if c := d.Compare; c != nil {
		n++
		command, seed, trials, months, points = commandCompare, c.Seed, c.Trials, c.Months, len(c.Scenarios)
		if len(c.Scenarios) > 0 {
			toml = c.Scenarios[0].TOML
		}
	}
	if c := d.Sweep; c != nil {
		n++
		command, toml, seed, trials, months, points = commandSweep, c.ScenarioTOML, c.Seed, c.Trials, c.Months, len(c.Points)
	}
	if c := d.Sensitivity; c != nil {
		n++
		command, toml, seed, trials, months, points = commandSensitivity, c.ScenarioTOML, c.Seed, c.Trials, c.Months, len(c.Points)
	}
	h := sha256.Sum256(toml)
	m := s.m
	switch {
	case n != 1 || command != m.Command:
		return nil, fmt.Errorf("%s: %s is not the design of a %s", s.dir, ShardDesignFile, commandNoun(m.Command))
	case hex.EncodeToString(h[:]) != m.ScenarioSHA256:
		return nil, fmt.Errorf("%s: the scenario in %s does not match the scenario_sha256 of its manifest.json", s.dir, ShardDesignFile)
	case seed != m.Seed || trials != m.Trials || months != m.Months || points < 1 || trials < 1:
		return nil, fmt.Errorf("%s: %s's seed, trials or months differ from its manifest.json's", s.dir, ShardDesignFile)
	}
	if err := checkSeed(filepath.Join(s.dir, ShardDesignFile)+"'s scenario", toml, m.Seed); err != nil {
		return nil, err
	}
	return d, nil
}

// group returns the runs that shards keep together (BatchShardOf): a
// comparison's scenarios, one run otherwise.
func (d *shardDesign) group() int {
	if d.Compare != nil {
		return len(d.Compare.Scenarios)
	}
	return 1
}

// memory returns about how many bytes the design's writer holds
// (CompareConfig.Memory, PointsMemory).
func (d *shardDesign) memory() int64 {
	switch {
	case d.Compare != nil:
		return d.Compare.Memory()
	case d.Sweep != nil:
		return PointsMemory(len(d.Sweep.Points))
	}
	return PointsMemory(len(d.Sensitivity.Points))
}

// runs returns the number of runs of the design: trials times scenarios
// or points.
func (d *shardDesign) runs() int {
	switch {
	case d.Compare != nil:
		return len(d.Compare.Scenarios) * d.Compare.Trials
	case d.Sweep != nil:
		return len(d.Sweep.Points) * d.Sweep.Trials
	}
	return len(d.Sensitivity.Points) * d.Sensitivity.Trials
}

// readBatchShard reads what Merge needs of the shard folder dir of a
// comparison, sweep or sensitivity analysis, whose manifest is m.
func readBatchShard(dir string, m *Manifest) (*shardIn, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", dir, err)
	}
	var bm struct {
		Shard *BatchShard `json:"shard"`
	}
	if err := json.Unmarshal(b, &bm); err != nil || bm.Shard == nil {
		return nil, fmt.Errorf("%s: not a shard (its manifest.json, a %s's, has no shard; run %s with --shard I/N)", dir, commandNoun(m.Command), m.Command)
	}
	s := &shardIn{dir: dir, m: m, block: Shard{Index: bm.Shard.Index, Count: bm.Shard.Count, FirstTrial: bm.Shard.FirstRun, Trials: bm.Shard.Runs}}
	if s.design, err = os.ReadFile(filepath.Join(dir, ShardDesignFile)); err != nil {
		return nil, fmt.Errorf("%s: a %s's shard without its %s: %v", dir, commandNoun(m.Command), ShardDesignFile, err)
	}
	if err := s.checkFiles(); err != nil {
		return nil, err
	}
	s.complete = m.Status == StatusOK
	s.data = s.complete
	return s, nil
}

// mergeBatch writes the merge of the shards of a comparison, sweep or
// sensitivity analysis of design d, byIndex in order, into cfg.Dir;
// partial names the shards missing or unfinished, which it refuses.
func mergeBatch(cfg MergeConfig, d *shardDesign, byIndex []*shardIn, partial []string) (*Manifest, error) {
	what := commandNoun(byIndex[slices.IndexFunc(byIndex, func(s *shardIn) bool { return s != nil })].m.Command)
	if len(partial) > 0 {
		hint := "(a " + what + "'s shards merge only as a whole set: run or rerun the shards named, then merge again)"
		if cfg.AllowPartial {
			hint = "(--allow-partial merges the shards of a run only; a " + what + "'s shards merge only as a whole set: run or rerun the shards named)"
		}
		return nil, &MergeError{append(partial, hint)}
	}
	if d.Sensitivity != nil && cfg.SensitivityIndices == nil {
		return nil, errors.New("output: merging a sensitivity analysis needs MergeConfig.SensitivityIndices")
	}
	if err := cfg.checkMemory(d.memory()); err != nil {
		return nil, err
	}
	merged := &BatchMerged{}
	for _, s := range byIndex {
		merged.Shards = append(merged.Shards, MergedBatchShard{Dir: s.dir, Status: s.m.Status, BatchShard: BatchShard{
			Index: s.block.Index, Count: s.block.Count, FirstRun: s.block.FirstTrial, Runs: s.block.Trials}})
	}
	merging := func(b *Batch) {
		b.Dir, b.NoCharts, b.Merged, b.Provenance = cfg.Dir, cfg.NoCharts, merged, cfg.provenance()
		b.Origin = &byIndex[0].m.Provenance
		b.Provenance.Overrides = b.Origin.Overrides
	}
	var err error
	switch {
	case d.Compare != nil:
		c := *d.Compare
		merging(&c.Batch)
		err = mergeCompare(c, cfg.Force, byIndex)
	case d.Sweep != nil:
		c := *d.Sweep
		merging(&c.Batch)
		err = mergeSweep(c, cfg.Force, byIndex)
	default:
		c := *d.Sensitivity
		merging(&c.Batch)
		err = mergeSensitivity(c, cfg.Force, byIndex, cfg.SensitivityIndices)
	}
	if err != nil {
		return nil, err
	}
	m, err := ReadManifest(filepath.Join(cfg.Dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	m.Shard, m.Merged = nil, nil // a run's types; the manifest's are BatchShard and BatchMerged
	return m, nil
}

// asMergeError returns err as a *MergeError: bad data in a shard folder.
func asMergeError(err error) error {
	var me *MergeError
	if err == nil || errors.As(err, &me) {
		return err
	}
	return &MergeError{[]string{err.Error()}}
}

// mergeErrorf returns a *MergeError of one problem.
func mergeErrorf(format string, args ...any) error {
	return &MergeError{[]string{fmt.Sprintf(format, args...)}}
}

// mergeCompare writes the comparison c from its shards.
func mergeCompare(c CompareConfig, force bool, shards []*shardIn) error {
	names := make([]string, len(c.Scenarios))
	for i, s := range c.Scenarios {
		names[i] = s.Name
	}
	for _, s := range shards {
		if h, err := readHeader(filepath.Join(s.dir, SeriesFile)); err != nil || h != seriesHeader() {
			return mergeErrorf("%s: series.csv's columns are not this version's", s.dir)
		}
	}
	cmp, err := replayShards(c.Dir, force, PrepareCompare, func() (*Comparison, error) { return NewComparison(c) },
		shards, func(cmp *Comparison, s *shardIn) error { return replayCompare(cmp, s, names, c.Months, c.Seed) })
	if err != nil {
		return err
	}
	return cmp.Finish(StatusOK, time.Now(), nil)
}

// replayShards makes the folder dir ready with prepare, starts a writer
// with start and adds every shard's runs to it with replay, in order. On
// an error it aborts the writer; else the caller finishes it.
func replayShards[W interface{ Abort() error }](dir string, force bool, prepare func(dir string, force bool) error,
	start func() (W, error), shards []*shardIn, replay func(W, *shardIn) error) (W, error) {
	var none W
	if err := prepare(dir, force); err != nil {
		return none, err
	}
	w, err := start()
	if err != nil {
		return none, err
	}
	for _, s := range shards {
		if err := replay(w, s); err != nil {
			w.Abort()
			return none, err
		}
	}
	return w, nil
}

// replayCompare adds the runs of shard s to cmp: run j is trial j/k of
// scenario j%k, k scenarios named names, run with seed.
func replayCompare(cmp *Comparison, s *shardIn, names []string, months int, seed uint64) error {
	elections, err := openElections(filepath.Join(s.dir, ElectionsFile), names)
	if err != nil {
		return asMergeError(err)
	}
	events, err := openRows(filepath.Join(s.dir, EventsFile), eventsHeader, names)
	if err != nil {
		elections.close()
		return asMergeError(err)
	}
	k := len(names)
	path := filepath.Join(s.dir, SeriesFile)
	next, end := s.block.FirstTrial, s.block.FirstTrial+s.block.Trials
	err = readSeriesOf(path, names, int(sim.NumMetrics), months,
		func(sc, trial int, trialSeed uint64, values []float64) error {
			switch {
			case next >= end:
				return mergeErrorf("%s: series.csv holds more than the %d runs its manifest.json says", s.dir, s.block.Trials)
			case sc != next%k || trial != next/k:
				return mergeErrorf("%s: series.csv holds trial %d of %s where trial %d of %s (run %d) was due",
					s.dir, trial, names[sc], next/k, names[next%k], next)
			}
			if err := checkTrialSeed(path, trial, trialSeed, seed); err != nil {
				return err
			}
			next++
			e, err := elections.rowsOf(sc, trial)
			if err != nil {
				return err
			}
			ev, err := events.rowsOf(sc, trial)
			if err != nil {
				return err
			}
			return cmp.addTrial(sc, trial, trialSeed, values, e, ev)
		})
	for _, rd := range []*electionsReader{elections, events} {
		if cerr := rd.close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return asMergeError(err)
	}
	if next != end {
		return mergeErrorf("%s: series.csv holds %d runs; its manifest.json says %d", s.dir, next-s.block.FirstTrial, s.block.Trials)
	}
	return nil
}

// mergeSweep writes the sweep c from its shards.
func mergeSweep(c SweepConfig, force bool, shards []*shardIn) error {
	sw, err := replayShards(c.Dir, force, PrepareSweep, func() (*Sweep, error) { return NewSweep(c) },
		shards, func(sw *Sweep, s *shardIn) error {
			return replayTrials(s, sw.header, c.Scenario, c.values(), c.Seed, sw.Add)
		})
	if err != nil {
		return err
	}
	return sw.Finish(StatusOK, time.Now(), nil)
}

// mergeSensitivity writes the sensitivity analysis c from its shards,
// with the indices that indices estimates.
func mergeSensitivity(c SensitivityConfig, force bool, shards []*shardIn,
	indices func(*SensitivityConfig, *Sensitivity) ([]SensitivityIndex, []string, error)) error {
	sens, err := replayShards(c.Dir, force, PrepareSensitivity, func() (*Sensitivity, error) { return NewSensitivity(c) },
		shards, func(sens *Sensitivity, s *shardIn) error {
			return replayTrials(s, sens.header, c.Scenario, c.Points, c.Seed, sens.Add)
		})
	if err != nil {
		return err
	}
	if sens.Complete() {
		idx, notes, err := indices(&c, sens)
		if err != nil {
			sens.Abort()
			return err
		}
		sens.SetIndices(idx, notes)
	}
	return sens.Finish(StatusOK, time.Now(), nil)
}

// replayTrials adds the runs in shard s's trials.csv (a sweep's, or a
// sensitivity shard's) with add: run j is trial j/P of point j%P, P
// points whose values are points, run with runSeed.
func replayTrials(s *shardIn, header, scenario string, points [][]string, runSeed uint64,
	add func(point, trial int, seed uint64, fy *sim.Record) error) error {
	np := len(points)
	nv := len(points[0])
	path := filepath.Join(s.dir, TrialsFile)
	next, end := s.block.FirstTrial, s.block.FirstTrial+s.block.Trials
	err := readTrials(path, header, nv,
		func(scen string, point, trial int, seed uint64, values []string, fy *sim.Record) error {
			switch {
			case next >= end:
				return mergeErrorf("%s: trials.csv holds more than the %d runs its manifest.json says", s.dir, s.block.Trials)
			case scen != scenario:
				return mergeErrorf("%s: trials.csv holds a run of scenario %q; want %q", s.dir, scen, scenario)
			case point != next%np || trial != next/np:
				return mergeErrorf("%s: trials.csv holds trial %d of point %d where trial %d of point %d (run %d) was due",
					s.dir, trial, point, next/np, next%np, next)
			case !slices.Equal(values, points[point]):
				return mergeErrorf("%s: trials.csv gives point %d the values %v; its design says %v", s.dir, point, values, points[point])
			}
			if err := checkTrialSeed(path, trial, seed, runSeed); err != nil {
				return err
			}
			next++
			return add(point, trial, seed, fy)
		})
	if err != nil {
		return asMergeError(err)
	}
	if next != end {
		return mergeErrorf("%s: trials.csv holds %d runs; its manifest.json says %d", s.dir, next-s.block.FirstTrial, s.block.Trials)
	}
	return nil
}
