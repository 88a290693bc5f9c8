package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// mean returns the mean of xs (Describe's), a statistic to bootstrap.
func mean(xs []float64) float64 { return Describe(xs).Mean }

// TestBootstrapResampleDraws checks that the resamples are the draws
// IntN(n) of the caller's generator, in order, and that a source seeded
// alike gives the same resamples.
func TestBootstrapResampleDraws(t *testing.T) {
	t.Parallel()
	b := Bootstrap{Resamples: 3, Rand: rand.New(rand.NewPCG(5, 6))}
	want := rand.New(rand.NewPCG(5, 6))
	calls := 0
	b.Resample(4, func(idx []int) {
		calls++
		for j, i := range idx {
			if w := want.IntN(4); i != w {
				t.Fatalf("resample %d: idx[%d] = %d; want %d", calls, j, i, w)
			}
		}
	})
	if calls != 3 {
		t.Errorf("Resample called f %d times; want 3", calls)
	}
	b.Resamples = 5
	b.Resample(0, func([]int) { t.Error("Resample(0) called f") })
}

// TestBootstrapInterval checks the interval on a sample whose resampled
// means have a known distribution: from {0, 1} a mean is 0 or 1 with
// probability 1/4 each and 0.5 with 1/2, so with 2000 resamples the
// 2.5th and 97.5th percentiles are 0 and 1; and the degenerate cases.
func TestBootstrapInterval(t *testing.T) {
	t.Parallel()
	b := Bootstrap{Resamples: 2000, Rand: rand.New(rand.NewPCG(1, 2))}
	if lo, hi := b.Interval([]float64{0, 1}, mean); lo != 0 || hi != 1 {
		t.Errorf("Interval({0, 1}, mean) = [%v, %v]; want [0, 1]", lo, hi)
	}
	if lo, hi := b.Interval([]float64{3, 3, 3}, mean); lo != 3 || hi != 3 {
		t.Errorf("Interval({3, 3, 3}, mean) = [%v, %v]; want [3, 3]", lo, hi)
	}
	for _, tt := range []struct {
		name string
		b    Bootstrap
		xs   []float64
		stat func([]float64) float64
	}{
		{"no values", b, nil, mean},
		{"no resamples", Bootstrap{Rand: rand.New(rand.NewPCG(1, 2))}, []float64{1, 2}, mean},
		{"statistic never defined", b, []float64{1, 2}, func([]float64) float64 { return math.NaN() }},
	} {
		if lo, hi := tt.b.Interval(tt.xs, tt.stat); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%s: Interval = [%v, %v]; want NaN", tt.name, lo, hi)
		}
	}
}

// TestBootstrapIntervalRange checks that the interval of a share stays in
// [0, 1] where the t interval does not: 2 successes in 20.
func TestBootstrapIntervalRange(t *testing.T) {
	t.Parallel()
	xs := make([]float64, 20)
	xs[3], xs[11] = 1, 1
	b := Bootstrap{Resamples: 1000, Rand: rand.New(rand.NewPCG(7, 7))}
	lo, hi := b.Interval(xs, mean)
	if s := Describe(xs); !(s.CILow < 0) {
		t.Fatalf("t interval of 2 in 20 = [%v, %v]; want it below 0 (the case this test is for)", s.CILow, s.CIHigh)
	}
	if !(lo >= 0 && lo <= 0.1 && hi >= 0.1 && hi <= 1) {
		t.Errorf("Interval(2 in 20, mean) = [%v, %v]; want within [0, 1] around 0.1", lo, hi)
	}
}

// TestBootstrapCoverage checks by simulation that the percentile interval
// of the mean of 30 normal values covers the true mean in 91% to 97% of
// 1000 replications (the percentile bootstrap covers a little less than
// 95% at this size; the binomial standard error is about 0.007).
func TestBootstrapCoverage(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a statistical experiment; the plain run checks it")
	}
	r := rand.New(rand.NewPCG(3, 4))
	b := Bootstrap{Resamples: 500, Rand: r}
	xs := make([]float64, 30)
	covered := 0
	const reps = 1000
	for range reps {
		for i := range xs {
			xs[i] = 2 + r.NormFloat64()
		}
		if lo, hi := b.Interval(xs, mean); lo <= 2 && 2 <= hi {
			covered++
		}
	}
	if c := float64(covered) / reps; c < 0.91 || c > 0.97 {
		t.Errorf("coverage of the bootstrap interval of the mean = %.3f; want 0.91-0.97", c)
	}
}
