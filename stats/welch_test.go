package stats

import (
	"math"
	"testing"
)

// Samples of Welch's test from the Wikipedia article "Welch's t-test"
// (example 3).
var (
	welchA = []float64{19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0}
	welchB = []float64{28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3}
)

// TestWelchT checks WelchT(a, b) against R 4.2.2's t.test(b, a), printed
// with sprintf("%.17g"): mean(b) - mean(a), $stderr, $parameter (the
// degrees of freedom), $conf.int, $statistic and $p.value. SciPy 1.10's
// stats.ttest_ind(b, a, equal_var=False) gives the same statistic and
// p-value for the second case (2.225512039969852, 0.035484530830010325).
func TestWelchT(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	tests := []struct {
		name string
		a, b []float64
		want Welch
	}{
		{"small", []float64{1, 2, 3, 4}, []float64{2, 4, 6, 8, 10},
			Welch{NA: 4, NB: 5, Diff: 3.5, SE: 1.5545631755148026, DF: 5.5207877461706785,
				CILow: -0.3853680805140432, CIHigh: 7.3853680805140423, T: 2.251436323159369, P: 0.069133593192392359}},
		{"wikipedia", welchA, welchB,
			Welch{NA: 10, NB: 20, Diff: 2.2199999999999989, SE: 0.99752324864082609, DF: 24.524634944257347,
				CILow: 0.1635413498794433, CIHigh: 4.2764586501205546, T: 2.225512039969852, P: 0.035484530830010325}},
		// One side constant: its variance is 0 and the other's decides.
		{"one side constant", []float64{5, 5, 5}, []float64{1, 2, 3, 4},
			Welch{NA: 3, NB: 4, Diff: -2.5, SE: 0.6454972243679028, DF: 3,
				CILow: -4.5542602567605206, CIHigh: -0.44573974323947924, T: -3.872983346207417, P: 0.030466291662170977}},
		// Neither side varies: the limits of the test as SE shrinks (R
		// stops with "data are essentially constant").
		{"both constant, equal", []float64{0, 0}, []float64{0, 0, 0},
			Welch{NA: 2, NB: 3, Diff: 0, SE: 0, DF: nan, CILow: 0, CIHigh: 0, T: 0, P: 1}},
		{"both constant, shifted", []float64{1, 1}, []float64{3, 3, 3},
			Welch{NA: 2, NB: 3, Diff: 2, SE: 0, DF: nan, CILow: 2, CIHigh: 2, T: inf, P: 0}},
		{"NaN skipped", []float64{1, nan, 2, 3, 4}, []float64{2, 4, 6, nan, 8, 10},
			Welch{NA: 4, NB: 5, Diff: 3.5, SE: 1.5545631755148026, DF: 5.5207877461706785,
				CILow: -0.3853680805140432, CIHigh: 7.3853680805140423, T: 2.251436323159369, P: 0.069133593192392359}},
		{"one value a side", []float64{1}, []float64{2, 3},
			Welch{NA: 1, NB: 2, Diff: 1.5, SE: nan, DF: nan, CILow: nan, CIHigh: nan, T: nan, P: nan}},
		{"no values", nil, []float64{2, 3},
			Welch{NA: 0, NB: 2, Diff: nan, SE: nan, DF: nan, CILow: nan, CIHigh: nan, T: nan, P: nan}},
	}
	for _, tt := range tests {
		got := WelchT(tt.a, tt.b)
		ok := got.NA == tt.want.NA && got.NB == tt.want.NB
		for _, p := range [][2]float64{{got.Diff, tt.want.Diff}, {got.SE, tt.want.SE}, {got.DF, tt.want.DF},
			{got.CILow, tt.want.CILow}, {got.CIHigh, tt.want.CIHigh}, {got.T, tt.want.T}, {got.P, tt.want.P}} {
			ok = ok && near(p[0], p[1], refTol)
		}
		if !ok {
			t.Errorf("%s: WelchT(%v, %v) = %+v; want %+v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}
