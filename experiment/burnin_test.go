package experiment

import (
	"context"
	"fmt"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// sharedBatch is a batch of four arms of a tiny world, three of which
// differ only by events (one burn-in), and one by a parameter.
func sharedBatch(t *testing.T, workers int) (*Batch, []*sim.Params) {
	base := tinyParams(t, 0.25)
	shock, reform := *base, *base
	shock.Events = []sim.Event{{Month: 2, Hardship: 0.3}}
	reform.Events = []sim.Event{{Month: 3, Set: map[string]sim.Value{"fiscal.extraction": sim.Float(0.5)}}, {Month: 4, AkimElections: true}}
	arms := []*sim.Params{base, &shock, tinyParams(t, 0.5), &reform}
	return &Batch{Arms: len(arms), Trials: 4, Months: 8, Seed: 7, Workers: workers, UnitMonths: 3,
		Params: func(a int) (*sim.Params, error) { return arms[a], nil }}, arms
}

// TestBatchSharedBurnIn checks that a batch whose arms share burn-ins
// (SharesBurnIn) emits, run by run and in order, exactly the trials each
// arm gives alone, for any workers and any block of runs, and counts
// every run in its progress.
func TestBatchSharedBurnIn(t *testing.T) {
	t.Parallel()
	b, arms := sharedBatch(t, 1)
	if !b.SharesBurnIn() {
		t.Fatal("SharesBurnIn = false for arms that differ only by events")
	}
	want := make([]string, b.Runs())
	for j := range want {
		res, err := sim.RunTrialUnits(context.Background(), arms[j%b.Arms], b.Months, b.Seed, j/b.Arms, nil, b.UnitMonths)
		if err != nil {
			t.Fatal(err)
		}
		want[j] = runString(j%b.Arms, j/b.Arms, res)
	}
	for _, c := range []struct {
		workers int
		cuts    []int
	}{{1, []int{0, 16}}, {2, []int{0, 16}}, {2, []int{0, 1, 7, 16}}, {1, []int{0, 5, 5, 14, 16}}} {
		var got []string
		for i := 1; i < len(c.cuts); i++ {
			b, _ := sharedBatch(t, c.workers)
			b.Block = &Block{First: c.cuts[i-1], Runs: c.cuts[i] - c.cuts[i-1]}
			done := 0
			b.Progress = func(d int) { done = d }
			err := b.Run(context.Background(), func(arm, trial int, r *sim.TrialResult) error {
				got = append(got, runString(arm, trial, r))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if done != b.Block.Runs {
				t.Errorf("workers %d, block %v: progress reached %d; want %d", c.workers, *b.Block, done, b.Block.Runs)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("workers %d, cuts %v: %d runs emitted; want %d", c.workers, c.cuts, len(got), len(want))
		}
		for j := range want {
			if got[j] != want[j] {
				t.Errorf("workers %d, cuts %v: run %d differs from its arm's trial alone", c.workers, c.cuts, j)
			}
		}
	}
}

// runString prints a run's arm, trial and every value of its result, the
// unit panel's included.
func runString(arm, trial int, res *sim.TrialResult) string {
	r := *res
	r.Units = nil
	if res.Units == nil {
		return fmt.Sprintf("arm %d trial %d %v no units", arm, trial, r)
	}
	return fmt.Sprintf("arm %d trial %d %v %v", arm, trial, r, *res.Units)
}

// TestBatchSharedBurnInUnits checks that arms sharing a burn-in record
// the same unit panel (for groups.csv) as each arm's trial run alone.
func TestBatchSharedBurnInUnits(t *testing.T) {
	t.Parallel()
	b, arms := sharedBatch(t, 2)
	b.UnitMonths = 3
	err := b.Run(context.Background(), func(arm, trial int, r *sim.TrialResult) error {
		alone, err := sim.RunTrialUnits(context.Background(), arms[arm], b.Months, b.Seed, trial, nil, b.UnitMonths)
		if err != nil {
			return err
		}
		if r.Units == nil || len(r.Units.Rows) == 0 {
			t.Fatalf("arm %d trial %d: no unit panel", arm, trial)
		}
		// Compared as printed: a unit with no vote yet has a NaN turnout.
		if got, want := fmt.Sprintf("%v %v", r.Units.Units, r.Units.Rows), fmt.Sprintf("%v %v", alone.Units.Units, alone.Units.Rows); got != want {
			t.Errorf("arm %d trial %d: unit panel differs from its arm's trial alone", arm, trial)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
