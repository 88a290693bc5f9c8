package main

import (
	"context"
	"errors"
	"runtime"
	"sync"
)

// runOrdered runs do(ctx, i) for i in 0..n-1 on workers goroutines (0
// means GOMAXPROCS) and calls emit with each result in the order of i,
// from one goroutine, whatever the number of workers; so output built in
// emit is identical for any worker count. Workers run at most a window of
// 2×workers jobs ahead of the next to emit, so at most that many results
// are held at once. progress, if not nil, is called after each job
// finishes with the number finished so far; calls never overlap. It is
// sim.Run for jobs that are not all trials of one scenario (a comparison
// interleaves scenarios, a sweep points). It stops early, returning
// ctx.Err(), when ctx is cancelled, and returns the first error from do
// or emit.
func runOrdered[R any](ctx context.Context, n, workers int, do func(context.Context, int) (R, error),
	emit func(int, R) error, progress func(done int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type done struct {
		i   int
		res R
		err error
	}
	window := 2 * workers
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	results := make(chan done, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, err := do(ctx, i)
				results <- done{i, res, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	pending := make(map[int]R)
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
		if progress != nil {
			progress(finished)
		}
		pending[d.i] = d.res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if err := emit(next-1, r); err != nil {
				firstErr = err
				cancel()
				break
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if next < n {
		if err := ctx.Err(); err != nil {
			return err
		}
		return errors.New("decentsim: jobs ended before all finished")
	}
	return nil
}
