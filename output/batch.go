package output

import (
	"errors"
	"fmt"
	"io"
)

// Batch is what the configurations of a comparison, a sweep and a
// sensitivity analysis share: where they write, the seed, trials and
// months of their runs, what made them, and the shard or merge they are.
// Of these only Seed, Trials and Months are part of a design
// (ShardDesignFile).
type Batch struct {
	// Dir is the output folder, made ready by the writer's Prepare
	// function (PrepareCompare, PrepareSweep, PrepareSensitivity).
	Dir string `json:"-"`
	// Seed is the run seed: trial k of every scenario or point uses it
	// and index k.
	Seed uint64
	// Trials is the number of trials of every scenario or point.
	Trials int
	// Months is the number of months of every trial.
	Months int
	// NoCharts skips the charts.
	NoCharts bool `json:"-"`
	// Provenance says what made the command: the command fills its
	// Program, Version, Command, CommandLine, Workers and Start, and
	// Finish the rest for the manifest.
	Provenance Provenance `json:"-"`
	// Shard, for a shard folder, is the block of runs it holds; the
	// folder then also gets ShardDesignFile, for Merge (and a sensitivity
	// analysis's shard trials.csv, which the whole analysis does not
	// write).
	Shard *BatchShard `json:"-"`
	// Merged, for a folder written by Merge, records the shards merged.
	Merged *BatchMerged `json:"-"`
	// Origin, for a folder written by Merge, is the first shard's
	// provenance: the command line and overrides its report names.
	Origin *Provenance `json:"-"`
	// Events are the scheduled events marked on the time charts
	// (ScheduledEvents of the reference or base scenario).
	Events []ChartEvent `json:",omitempty"`
}

// origin returns the provenance of what made b's data: Origin, or its
// own.
func (b *Batch) origin() *Provenance {
	if b.Origin != nil {
		return b.Origin
	}
	return &b.Provenance
}

// check checks what every writer needs of b.
func (b *Batch) check() error {
	return checkFolder(b.Dir, b.Months)
}

// checkFolder checks the output folder and months that every writer
// needs.
func checkFolder(dir string, months int) error {
	switch {
	case dir == "":
		return errors.New("output: no output folder")
	case months < 1:
		return fmt.Errorf("output: months must be at least 1, not %d", months)
	}
	return nil
}

// provenance returns b's Provenance for a command on scenario, whose
// resolved TOML is toml (a comparison's reference).
func (b *Batch) provenance(scenario string, toml []byte) Provenance {
	return b.Provenance.About(scenario, toml, b.Seed, b.Trials, b.Months)
}

// writeDesign writes, through out, a shard folder's ShardDesignFile: d,
// the whole command's design. Other folders have none.
func (b *Batch) writeDesign(out *sink, d shardDesign) {
	if b.Shard != nil {
		out.write(ShardDesignFile, func(w io.Writer) error { return writeDesign(w, d) })
	}
}

// BatchShard says which part of a comparison, sweep or sensitivity
// analysis a shard folder holds: a contiguous block of its runs, in the
// command's order. A run is one trial of one scenario or point; with P
// scenarios or points, run j is trial j/P of scenario or point j%P (the
// order the commands run them in, trial by trial).
type BatchShard struct {
	Index    int `json:"index"`     // this shard, 0-based
	Count    int `json:"count"`     // shards in the whole command
	FirstRun int `json:"first_run"` // the first run in this shard
	Runs     int `json:"runs"`      // runs in this shard
}

// BatchShardOf returns shard index of count over runs runs, split into
// blocks as ShardOf splits trials, each block a whole number of groups of
// size runs. A comparison's group is one trial of every scenario (size is
// the number of scenarios), so that no shard holds a trial of some
// scenarios without the others; a sweep's or sensitivity analysis's runs
// need no grouping (size 1).
func BatchShardOf(index, count, runs, size int) (*BatchShard, error) {
	unit := "runs"
	if size > 1 {
		unit = "trials"
	}
	s, err := block(index, count, runs/max(1, size), unit)
	if err != nil {
		return nil, err
	}
	size = max(1, size)
	return &BatchShard{Index: s.Index, Count: s.Count, FirstRun: s.FirstTrial * size, Runs: s.Trials * size}, nil
}

// String returns the shard as "I/N (runs A–B)".
func (s *BatchShard) String() string {
	return fmt.Sprintf("%d/%d (runs %s)", s.Index, s.Count, trialRange(s.FirstRun, s.Runs))
}

// BatchMerged records the shards Merge merged into a comparison's,
// sweep's or sensitivity analysis's folder.
type BatchMerged struct {
	Shards []MergedBatchShard `json:"shards"` // in run order
}

// MergedBatchShard is one shard merged: its folder as given and its
// identity.
type MergedBatchShard struct {
	Dir string `json:"dir"`
	BatchShard
	Status Status `json:"status"` // how its command ended
}
