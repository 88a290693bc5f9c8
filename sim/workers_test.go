package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
)

// workerParams returns worlds of several districts under each selection
// mode, with an event that calls every election at once, so that the
// comparison covers elections, dismissals, recalls and events.
func workerParams() map[string]Params {
	out := map[string]Params{}
	for _, mode := range []string{"appointed", "indirect", "direct"} {
		p := smallParams()
		p.Institutions.Selection = mode
		p.Institutions.Recall = mode == "direct"
		p.Events = []Event{{Month: 7, Hardship: 0.3, MaslikhatElection: true, AkimElections: true}}
		out[mode] = p
	}
	return out
}

// TestWorkersSameResults checks that a trial's result is identical, bit
// for bit, whatever the number of goroutines its districts run on.
func TestWorkersSameResults(t *testing.T) {
	t.Parallel()
	for name, p := range workerParams() {
		want, err := RunTrialWith(context.Background(), &p, 24, 3, 1, &TrialOptions{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{2, 3, 64} {
			got, err := RunTrialWith(context.Background(), &p, 24, 3, 1, &TrialOptions{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			if diff := trialDiff(want, got); diff != "" {
				t.Errorf("%s: RunTrialWith(Workers: %d) differs from Workers: 1: %s", name, workers, diff)
			}
		}
	}
}

// trialDiff describes the first difference between two trial results,
// comparing floats bit for bit (so NaN equals NaN), or returns "".
func trialDiff(a, b *TrialResult) string {
	if a.Trial != b.Trial || a.Seed != b.Seed {
		return fmt.Sprintf("trial %d seed %d, not %d seed %d", b.Trial, b.Seed, a.Trial, a.Seed)
	}
	if len(a.Months) != len(b.Months) {
		return fmt.Sprintf("%d months, not %d", len(b.Months), len(a.Months))
	}
	for i := range a.Months {
		for m := range a.Months[i] {
			if math.Float64bits(a.Months[i][m]) != math.Float64bits(b.Months[i][m]) {
				return fmt.Sprintf("month %d %v = %v, not %v", i+1, Metric(m), b.Months[i][m], a.Months[i][m])
			}
		}
	}
	if len(a.Elections) != len(b.Elections) {
		return fmt.Sprintf("%d elections, not %d", len(b.Elections), len(a.Elections))
	}
	for i := range a.Elections {
		x, y := a.Elections[i], b.Elections[i]
		if math.Float64bits(x.Turnout) != math.Float64bits(y.Turnout) || math.Float64bits(x.Margin) != math.Float64bits(y.Margin) {
			return fmt.Sprintf("election %d: %+v, not %+v", i, y, x)
		}
		x.Turnout, x.Margin, y.Turnout, y.Margin = 0, 0, 0, 0
		if x != y {
			return fmt.Sprintf("election %d: %+v, not %+v", i, y, x)
		}
	}
	if !slices.Equal(a.Events, b.Events) {
		return fmt.Sprintf("event logs differ: %d events, not %d", len(b.Events), len(a.Events))
	}
	return ""
}

// TestStepAllocatesNothing checks that a month in the steady state
// allocates nothing, elections included: after a warm-up longer than an
// akim's term and the maslikhat's, every buffer has grown.
func TestStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ten simulated years")
	}
	for _, workers := range []int{1, 2} {
		p := smallParams()
		w := newTestWorld(t, &p, TrialSeed(5, 0))
		w.Workers = workers
		for m := 0; m < 60; m++ {
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(60, func() {
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
		})
		w.stopWorkers()
		if allocs != 0 {
			t.Errorf("World.Step with %d workers: %v allocations per month; want 0", workers, allocs)
		}
	}
}

// TestTrialWorkers checks how Run shares workers between trials and
// districts: never more goroutines than workers in all.
func TestTrialWorkers(t *testing.T) {
	t.Parallel()
	tests := []struct{ workers, trials, want int }{
		{1, 1, 1}, {2, 1, 2}, {8, 3, 2}, {4, 4, 1}, {2, 20, 1}, {3, 2, 1},
	}
	for _, tt := range tests {
		cfg := RunConfig{Workers: tt.workers, Trials: TrialList(tt.trials)}
		if got := trialWorkers(cfg); got != tt.want {
			t.Errorf("trialWorkers(Workers %d, %d trials) = %d; want %d", tt.workers, tt.trials, got, tt.want)
		}
	}
}

// TestRunOneTrialManyWorkers checks that a single trial run on several
// workers (its districts in parallel) gives what one worker gives.
func TestRunOneTrialManyWorkers(t *testing.T) {
	t.Parallel()
	p := workerParams()["direct"]
	run := func(workers int) *TrialResult {
		var out *TrialResult
		err := Run(context.Background(), &p, RunConfig{Months: 12, Seed: 4, Trials: []int{2}, Workers: workers},
			func(r *TrialResult) error { out = r; return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if diff := trialDiff(run(1), run(4)); diff != "" {
		t.Errorf("Run of one trial on 4 workers differs from 1 worker: %s", diff)
	}
}
