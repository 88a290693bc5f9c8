package experiment

import (
	"context"
	"errors"
	"runtime"
	"sync"

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
	if rep := b.burnInShares(); rep != nil && trialsIn(blk, b.Arms) >= workersOf(b.Workers) {
		return b.runShared(ctx, blk, rep, emit)
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

// SharesBurnIn reports whether two or more arms of the batch share their
// burn-in (sim.SameBurnIn: they differ only by events), so that Run burns
// in each trial once for them. A worker then holds a burned-in world
// besides the one it runs (memory estimates count two).
func (b *Batch) SharesBurnIn() bool { return b.burnInShares() != nil }

// burnInShares returns, for each arm, the first arm whose burn-in it
// shares (itself if none before it), or nil if no two arms share one,
// trials draw their parameters (Draw), or an arm's parameters cannot be
// had (the run then reports the error).
func (b *Batch) burnInShares() []int {
	if b.Draw != nil { // each trial draws its own parameters: burn-ins differ
		return nil
	}
	params := make([]*sim.Params, b.Arms)
	rep := make([]int, b.Arms)
	shared := false
	for a := range rep {
		p, err := b.Params(a)
		if err != nil {
			return nil
		}
		params[a], rep[a] = p, a
		for r := range a {
			if rep[r] == r && sim.SameBurnIn(params[r], p) {
				rep[a], shared = r, true
				break
			}
		}
	}
	if !shared {
		return nil
	}
	return rep
}

// workersOf is the number of goroutines workers means (0: GOMAXPROCS).
func workersOf(workers int) int {
	if workers > 0 {
		return workers
	}
	return runtime.GOMAXPROCS(0)
}

// trialsIn is the number of trials blk's runs touch, arms runs a trial.
func trialsIn(blk Block, arms int) int {
	if blk.Runs == 0 {
		return 0
	}
	return (blk.First+blk.Runs-1)/arms - blk.First/arms + 1
}

// runShared is Run for a batch whose arms share burn-ins (rep, from
// burnInShares): a job is a trial's runs in blk, which burn in once for
// each group of arms that share a burn-in and run each arm from it, the
// last of a group on the burned-in world itself. Results and their order
// are Run's.
func (b *Batch) runShared(ctx context.Context, blk Block, rep []int, emit func(arm, trial int, t *sim.TrialResult) error) error {
	first := blk.First / b.Arms
	jobs := Block{First: first, Runs: trialsIn(blk, b.Arms)}
	var mu sync.Mutex
	done := 0
	progress := func() {
		if b.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		b.Progress(done)
	}
	do := func(ctx context.Context, trial int) ([]*sim.TrialResult, error) {
		lo, hi := max(trial*b.Arms, blk.First), min((trial+1)*b.Arms, blk.First+blk.Runs)
		uses := make([]int, b.Arms)
		for j := lo; j < hi; j++ {
			uses[rep[j%b.Arms]]++
		}
		burned := make([]*sim.BurnedIn, b.Arms)
		var out []*sim.TrialResult
		for j := lo; j < hi; j++ {
			arm := j % b.Arms
			p, err := b.Params(arm)
			if err != nil {
				return nil, err
			}
			r := rep[arm]
			if burned[r] == nil {
				if burned[r], err = sim.BurnIn(ctx, p, b.Seed, trial, 1); err != nil {
					return nil, err
				}
			}
			uses[r]--
			res, err := burned[r].RunUnits(ctx, p, b.Months, uses[r] > 0, b.UnitMonths)
			if err != nil {
				return nil, err
			}
			out = append(out, res)
			progress()
		}
		return out, nil
	}
	return runOrdered(ctx, jobs, b.Workers, do, func(trial int, rs []*sim.TrialResult) error {
		for k, t := range rs {
			j := max(trial*b.Arms, blk.First) + k
			if err := emit(j%b.Arms, trial, t); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
