package main

import (
	"context"

	"github.com/decentsim/decentsim/sim"
)

// runOrdered runs do(ctx, i) for i in 0..n-1 on workers goroutines (0
// means GOMAXPROCS) and calls emit with each result in the order of i,
// from one goroutine, whatever the number of workers; so output built in
// emit is identical for any worker count. It is sim.RunFunc (which bounds
// how far workers run ahead of the next result to emit) over jobs that are
// not all trials of one scenario: a comparison interleaves scenarios, a
// sweep points. progress, if not nil, is called after each job finishes
// with the number finished so far; calls never overlap. It stops early,
// returning ctx.Err(), when ctx is cancelled, and returns the first error
// from do or emit.
func runOrdered[R any](ctx context.Context, n, workers int, do func(context.Context, int) (R, error),
	emit func(int, R) error, progress func(done int)) error {
	type indexed struct {
		i   int
		res R
	}
	cfg := sim.RunConfig{Trials: sim.TrialList(n), Workers: workers, Progress: progress}
	return sim.RunFunc(ctx, cfg,
		func(ctx context.Context, i int) (indexed, error) {
			r, err := do(ctx, i)
			return indexed{i, r}, err
		},
		func(x indexed) error { return emit(x.i, x.res) })
}

// runBlock is runOrdered over jobs first to first+n-1 (a shard's block),
// passing do and emit the job's own index.
func runBlock[R any](ctx context.Context, first, n, workers int, do func(context.Context, int) (R, error),
	emit func(int, R) error, progress func(done int)) error {
	return runOrdered(ctx, n, workers,
		func(ctx context.Context, i int) (R, error) { return do(ctx, first+i) },
		func(i int, r R) error { return emit(first+i, r) },
		progress)
}
