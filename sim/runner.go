package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// RunConfig says which trials to run and how.
type RunConfig struct {
	// Months is the number of months each trial runs.
	Months int
	// Seed is the run seed; each trial's streams derive from (Seed, trial).
	Seed uint64
	// Trials lists the trial indices to run, in the order results are
	// delivered. Trial k's result depends only on (Params, Months, Seed, k).
	Trials []int
	// Workers is the number of goroutines the run uses; 0 means
	// GOMAXPROCS. Up to Workers trials run at once. In Run, when there
	// are fewer trials than workers, each trial's districts run on
	// Workers/len(Trials) goroutines (World.Workers), so one large trial
	// uses the machine and the run never uses more than Workers.
	Workers int
	// Progress, if not nil, is called after each trial finishes with the
	// number finished so far. Calls never overlap.
	Progress func(done int)
	// UnitMonths asks Run for each trial's unit panel
	// (TrialResult.Units): of its last UnitMonths months, or of every
	// month if negative; 0 records none.
	UnitMonths int
	// Draw, if not nil, gives each trial its own parameters from the run's
	// (a posterior draw); it must depend only on its arguments.
	Draw func(p *Params, trial int) (*Params, error)
}

// TrialList returns the trial indices 0..n-1.
func TrialList(n int) []int {
	t := make([]int, n)
	for i := range t {
		t[i] = i
	}
	return t
}

// Run runs the trials of cfg in parallel and calls emit with each result in
// the order of cfg.Trials, whatever the number of workers, so output built
// from emit is identical for any worker count. At most a few results per
// worker are held at once. Run stops early, returning ctx.Err(), when ctx
// is cancelled, and returns the first error from emit.
func Run(ctx context.Context, p *Params, cfg RunConfig, emit func(*TrialResult) error) error {
	if cfg.Months < 1 {
		return fmt.Errorf("sim: months must be at least 1, not %d", cfg.Months)
	}
	opt := &TrialOptions{Workers: trialWorkers(cfg)}
	return RunFunc(ctx, cfg, func(ctx context.Context, trial int) (*TrialResult, error) {
		q := p
		if cfg.Draw != nil {
			var err error
			if q, err = cfg.Draw(p, trial); err != nil {
				return nil, err
			}
		}
		return RunTrialUnits(ctx, q, cfg.Months, cfg.Seed, trial, opt, cfg.UnitMonths)
	}, emit)
}

// trialWorkers is the number of goroutines each trial's districts run on
// in Run: the workers the trials leave over, shared out (at least 1).
func trialWorkers(cfg RunConfig) int {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if n := len(cfg.Trials); n > 0 && n < workers {
		return workers / n
	}
	return 1
}

// RunFunc is Run for any model: it runs trial for each index of
// cfg.Trials in parallel and calls emit with each result in the order of
// cfg.Trials, exactly as Run does (which is RunFunc over RunTrial). trial
// must depend only on its index (and what it closes over), so that the
// output is the same for any number of workers. RunFunc itself ignores
// cfg.Months and cfg.Seed (trial closes over what it needs), so it also
// serves jobs that are not trials of one scenario, such as the points of
// a sweep.
func RunFunc[T any](ctx context.Context, cfg RunConfig, trial func(ctx context.Context, trial int) (T, error), emit func(T) error) error {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(cfg.Trials) {
		workers = max(1, len(cfg.Trials))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type done struct {
		pos int
		res T
		err error
	}
	// window bounds how far ahead of the next trial to emit workers may run,
	// so memory does not grow with the number of trials.
	window := 2 * workers
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	results := make(chan done, window)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pos := range jobs {
				res, err := trial(ctx, cfg.Trials[pos])
				results <- done{pos, res, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for pos := range cfg.Trials {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- pos:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	pending := make(map[int]T)
	next, finished := 0, 0
	var firstErr error
	for d := range results {
		if firstErr != nil {
			continue // drain
		}
		if d.err != nil {
			firstErr = d.err
			cancel()
			continue
		}
		finished++
		if cfg.Progress != nil {
			cfg.Progress(finished)
		}
		pending[d.pos] = d.res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if err := emit(r); err != nil {
				firstErr = err
				cancel()
				break
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if next < len(cfg.Trials) {
		if err := ctx.Err(); err != nil {
			return err
		}
		return errors.New("sim: run ended before all trials finished")
	}
	return nil
}
