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
