package stats

import (
	"math"
	"testing"
)

// TestBoundedInterval checks that the interval stays within the bounds
// where the t interval leaves them, holds the mean, and is close to the
// t interval far from the bounds.
func TestBoundedInterval(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		mean, sd float64
		n        int
		lo, hi   float64
	}{
		{0.013, 0.06, 20, 0, inf}, // protest events: t gives [-0.014, 0.039]
		{0.95, 0.2, 20, 0, 1},     // rubber_stamp_share: t gives [0.85, 1.05]
		{0.00064, 0.001, 5, 0, 1},
		{0.5, 0.1, 30, 0, 1},
		{7392655, 1000, 10, 0, inf},
	} {
		lo, hi := BoundedInterval(tc.mean, tc.sd, tc.n, tc.lo, tc.hi)
		if !(lo >= tc.lo && hi <= tc.hi && lo <= tc.mean && tc.mean <= hi && lo < hi) {
			t.Errorf("%+v: interval [%g, %g]; want within [%g, %g] around the mean", tc, lo, hi, tc.lo, tc.hi)
		}
	}
	tlo, thi := TInterval(0.5, 0.1, 30)
	lo, hi := BoundedInterval(0.5, 0.1, 30, 0, 1)
	if math.Abs(lo-tlo) > 0.002 || math.Abs(hi-thi) > 0.002 {
		t.Errorf("far from the bounds: [%g, %g]; want near the t interval [%g, %g]", lo, hi, tlo, thi)
	}
	// A small, spiky count over 3 trials (protesters in Epstein's model):
	// skewed up, but not many times the t interval's width.
	tlo, thi = TInterval(2, 3.5, 3)
	if lo, hi := BoundedInterval(2, 3.5, 3, 0, inf); lo != 0 || hi-lo > 2*(thi-tlo) {
		t.Errorf("spiky count: [%g, %g]; want from 0, at most twice the t interval [%g, %g]'s width", lo, hi, tlo, thi)
	}
	if lo, hi := BoundedInterval(0, 0, 10, 0, 1); lo != 0 || hi != 0 {
		t.Errorf("all zero: [%g, %g]; want [0, 0]", lo, hi)
	}
	if lo, _ := BoundedInterval(0.5, 0.1, 1, 0, 1); !math.IsNaN(lo) {
		t.Errorf("one value: %g; want NaN", lo)
	}
}
