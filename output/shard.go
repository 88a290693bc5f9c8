package output

import "fmt"

// ShardOf returns shard index of count over a run of trials trials. The
// trials are split into contiguous blocks in order, the first trials%count
// shards one trial larger than the rest: shard 0 holds the first trials,
// the last shard the last. Contiguous blocks keep each shard's rows in the
// order of a single run's, so merged files are the shards' files one after
// another. index must be in [0, count) and count in [1, trials].
func ShardOf(index, count, trials int) (*Shard, error) {
	return block(index, count, trials, "trials")
}

// block is ShardOf over n units (trials or runs), named unit in errors.
func block(index, count, n int, unit string) (*Shard, error) {
	switch {
	case count < 1:
		return nil, fmt.Errorf("output: shard count must be at least 1, not %d", count)
	case index < 0 || index >= count:
		return nil, fmt.Errorf("output: shard index %d is not in 0..%d", index, count-1)
	case count > n:
		return nil, fmt.Errorf("output: %d shards for %d %s would leave shards empty; use at most %d shards", count, n, unit, n)
	}
	base, rem := n/count, n%count
	s := &Shard{Index: index, Count: count, FirstTrial: index*base + min(index, rem), Trials: base}
	if index < rem {
		s.Trials++
	}
	return s, nil
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

// TrialList returns the shard's trial indices, in order.
func (s *Shard) TrialList() []int {
	t := make([]int, s.Trials)
	for i := range t {
		t[i] = s.FirstTrial + i
	}
	return t
}

// String returns the shard as "I/N (trials A–B)".
func (s *Shard) String() string {
	return fmt.Sprintf("%d/%d (trials %s)", s.Index, s.Count, trialRange(s.FirstTrial, s.Trials))
}

// trialRange writes count trials from first as "A–B", or "A" for one.
func trialRange(first, count int) string {
	switch count {
	case 0:
		return "none"
	case 1:
		return fmt.Sprint(first)
	}
	return fmt.Sprintf("%d–%d", first, first+count-1)
}
