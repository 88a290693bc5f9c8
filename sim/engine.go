package sim

import "context"

// RunTrial runs one trial for months months. (Placeholder while the
// engine is being written: returns empty records.)
func RunTrial(ctx context.Context, p *Params, months int, seed uint64, trial int) (*TrialResult, error) {
	r := &TrialResult{Trial: trial, Seed: TrialSeed(seed, trial), Months: make([]Record, months)}
	return r, ctx.Err()
}
