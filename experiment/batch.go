package experiment

import (
	"context"
	"errors"

	"github.com/decentsim/decentsim/sim"
)

// A Batch is the runs of a comparison, sweep or sensitivity analysis:
// Trials trials of each of Arms arms (the scenarios compared, the points
// of a design), with common random numbers: trial k of every arm runs
// with the same seed and trial index, so arms differ by their parameters,
// not by their luck. Run j is trial j/Arms of arm j%Arms: the runs go
// trial by trial across the arms, so a batch cut short has as many
// trials, give or take one, in every arm.
type Batch struct {
	Arms   int
	Trials int // trials per arm
	// Params returns arm's parameters. It is called for every run, from
	// the workers, and must not change what it returns.
	Params func(arm int) (*sim.Params, error)
	// Draw, if not nil, gives each trial of each arm its own parameters
	// from the arm's (a posterior draw, the same for every arm's trial k).
	Draw   func(p *sim.Params, trial int) (*sim.Params, error)
	Months int
	Seed   uint64
	// Workers is the number of runs at once; 0 means GOMAXPROCS.
	Workers int
	// Block, if not nil, is the runs to run (a shard's); nil means all.
	Block *Block
	// Progress, if not nil, is called after each run finishes with the
	// number finished so far. Calls never overlap.
	Progress func(done int)
	// UnitMonths asks for each run's unit panel (sim.RunConfig.UnitMonths).
	UnitMonths int
}

// A Block is a contiguous block of a batch's runs: Runs runs from run
// First.
type Block struct {
	First, Runs int
}

// Runs returns the number of runs of the whole batch, Arms × Trials.
func (b *Batch) Runs() int { return b.Arms * b.Trials }

// Run runs the batch's runs (those of b.Block, if set) in parallel and
// calls emit with each run's arm, trial and result in the order of the
// runs, from one goroutine, whatever the number of workers; so output
// built in emit is the same for any worker count. It stops early,
// returning ctx.Err(), when ctx is cancelled, and returns the first error
// from Params, the model or emit.
func (b *Batch) Run(ctx context.Context, emit func(arm, trial int, t *sim.TrialResult) error) error {
	if b.Arms < 1 {
		return errors.New("experiment: a batch of no arm")
	}
	blk := Block{Runs: b.Runs()}
	if b.Block != nil {
		blk = *b.Block
	}
	do := func(ctx context.Context, j int) (*sim.TrialResult, error) {
		p, err := b.Params(j % b.Arms)
		if err == nil && b.Draw != nil {
			p, err = b.Draw(p, j/b.Arms)
		}
		if err != nil {
			return nil, err
		}
		return sim.RunTrialUnits(ctx, p, b.Months, b.Seed, j/b.Arms, nil, b.UnitMonths)
	}
	return runOrdered(ctx, blk, b.Workers, do,
		func(j int, t *sim.TrialResult) error { return emit(j%b.Arms, j/b.Arms, t) }, b.Progress)
}

// runOrdered runs do(ctx, j) for the jobs j of blk on workers goroutines
// (0 means GOMAXPROCS) and calls emit with each result in the order of
// j, from one goroutine, whatever the number of workers. It is
// sim.RunFunc (which bounds how far workers run ahead of the next result
// to emit) over jobs that are not all trials of one scenario. progress,
// if not nil, is called after each job finishes with the number finished
// so far; calls never overlap. It stops early, returning ctx.Err(), when
// ctx is cancelled, and returns the first error from do or emit.
func runOrdered[R any](ctx context.Context, blk Block, workers int, do func(context.Context, int) (R, error),
	emit func(int, R) error, progress func(done int)) error {
	type indexed struct {
		j   int
		res R
	}
	jobs := make([]int, blk.Runs)
	for i := range jobs {
		jobs[i] = blk.First + i
	}
	cfg := sim.RunConfig{Trials: jobs, Workers: workers, Progress: progress}
	return sim.RunFunc(ctx, cfg,
		func(ctx context.Context, j int) (indexed, error) {
			r, err := do(ctx, j)
			return indexed{j, r}, err
		},
		func(x indexed) error { return emit(x.j, x.res) })
}
