package experiment

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// TestRunOrdered checks the runner: results in job order whatever the
// workers and timing, progress counting every job, and errors and
// cancellation stopping it.
func TestRunOrdered(t *testing.T) {
	t.Parallel()
	const n = 40
	all := Block{Runs: n}
	for _, workers := range []int{1, 2, 3, 8} {
		var got []int
		var done atomic.Int64
		do := func(_ context.Context, i int) (int, error) {
			time.Sleep(time.Duration((i*7919)%5) * 100 * time.Microsecond)
			return i * i, nil
		}
		emit := func(i, r int) error {
			if r != i*i {
				t.Errorf("emit(%d, %d); want result %d", i, r, i*i)
			}
			got = append(got, i)
			return nil
		}
		if err := runOrdered(context.Background(), all, workers, do, emit, func(d int) { done.Store(int64(d)) }); err != nil {
			t.Fatal(err)
		}
		if len(got) != n || !slices.IsSorted(got) || done.Load() != n {
			t.Errorf("workers %d: emitted %v, progress %d; want 0..%d in order", workers, got, done.Load(), n-1)
		}
	}
	boom := errors.New("boom")
	err := runOrdered(context.Background(), all, 2, func(_ context.Context, i int) (int, error) {
		if i == 5 {
			return 0, boom
		}
		return i, nil
	}, func(int, int) error { return nil }, nil)
	if !errors.Is(err, boom) {
		t.Errorf("runOrdered with a failing job = %v; want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	emitted := 0
	err = runOrdered(ctx, all, 2, func(ctx context.Context, i int) (int, error) { return i, ctx.Err() },
		func(i, _ int) error {
			if emitted++; emitted == 3 {
				cancel()
			}
			return nil
		}, nil)
	if !errors.Is(err, context.Canceled) || emitted >= n {
		t.Errorf("runOrdered cancelled after 3 = %v after %d emitted; want context.Canceled early", err, emitted)
	}
}

// tinyParams returns a small world's parameters, quick to run, with
// fiscal.extraction w.
func tinyParams(t *testing.T, w float64) *sim.Params {
	t.Helper()
	p := sim.Default()
	p.World.Population = 20_000
	p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 1, 2, 4, 4
	p.World.MinUnitPopulation, p.World.MaxUnitPopulation = 200, 10_000
	p.Fiscal.Extraction = w
	p.Events = nil
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return &p
}

// ran is one run a batch emitted.
type ran struct {
	arm, trial int
	seed       uint64
	final      float64
}

// runAll runs b and returns what it emitted.
func runAll(t *testing.T, b *Batch) []ran {
	t.Helper()
	var out []ran
	err := b.Run(context.Background(), func(arm, trial int, r *sim.TrialResult) error {
		out = append(out, ran{arm, trial, r.Seed, r.Months[len(r.Months)-1][sim.LeakageShare]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testBatch is a batch of three arms (district extraction) of a tiny world.
func testBatch(t *testing.T, workers int) *Batch {
	arms := []*sim.Params{tinyParams(t, 0), tinyParams(t, 0.25), tinyParams(t, 0.5)}
	return &Batch{Arms: len(arms), Trials: 4, Months: 6, Seed: 7, Workers: workers,
		Params: func(a int) (*sim.Params, error) { return arms[a], nil }}
}

// TestBatchOrderAndCommonRandomNumbers checks that a batch runs trial by
// trial across the arms, that trial k of every arm has trial k's seed
// (common random numbers: an arm run alone gives the same results), and
// that the results do not depend on the number of workers.
func TestBatchOrderAndCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	b := testBatch(t, 1)
	want := runAll(t, b)
	if len(want) != b.Runs() {
		t.Fatalf("Run emitted %d runs; want %d", len(want), b.Runs())
	}
	for j, r := range want {
		if r.arm != j%3 || r.trial != j/3 || r.seed != sim.TrialSeed(7, r.trial) {
			t.Errorf("run %d = arm %d, trial %d, seed %d; want arm %d, trial %d, seed %d",
				j, r.arm, r.trial, r.seed, j%3, j/3, sim.TrialSeed(7, j/3))
		}
		alone, err := sim.RunTrial(context.Background(), tinyParams(t, []float64{0, 0.25, 0.5}[r.arm]), 6, 7, r.trial)
		if err != nil {
			t.Fatal(err)
		}
		if got := alone.Months[5][sim.LeakageShare]; got != r.final {
			t.Errorf("arm %d trial %d = %v in the batch, %v alone", r.arm, r.trial, r.final, got)
		}
	}
	if want[0].final == want[2].final {
		t.Errorf("arms 0 and 2 give the same result %v; want the parameters to matter", want[0].final)
	}
	for _, workers := range []int{2, 5} {
		if got := runAll(t, testBatch(t, workers)); !reflect.DeepEqual(got, want) {
			t.Errorf("Run with %d workers = %v; want %v (1 worker)", workers, got, want)
		}
	}
}

// TestBatchShards checks that blocks which partition a batch's runs
// (whole trials or not) run every run exactly once, with the results of
// the whole batch.
func TestBatchShards(t *testing.T) {
	t.Parallel()
	want := runAll(t, testBatch(t, 2))
	for _, cuts := range [][]int{{0, 12}, {0, 3, 6, 9, 12}, {0, 1, 7, 12}, {0, 5, 5, 11, 12}} {
		var got []ran
		for i := 1; i < len(cuts); i++ {
			b := testBatch(t, 2)
			b.Block = &Block{First: cuts[i-1], Runs: cuts[i] - cuts[i-1]}
			got = append(got, runAll(t, b)...)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("blocks cut at %v ran %v; want every run once, as the whole batch: %v", cuts, got, want)
		}
	}
	b := testBatch(t, 1)
	b.Params = func(int) (*sim.Params, error) { return nil, errors.New("no such arm") }
	if err := b.Run(context.Background(), func(int, int, *sim.TrialResult) error { return nil }); err == nil {
		t.Error("Run with failing Params = nil; want its error")
	}
}
