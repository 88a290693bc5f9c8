package stats

import (
	"math"
	"testing"
)

// TestMannWhitney checks MannWhitney(a, b) against R 4.2.2's
// wilcox.test(a, b, exact = FALSE, correct = TRUE), printed with
// sprintf("%.17g"): $statistic (U of a) and $p.value; Z is
// qnorm(p/2) with U's side (U below na·nb/2 gives a negative Z). SciPy
// 1.10's stats.mannwhitneyu(a, b, method="asymptotic") gives the same U
// and p-values to the last digit or two.
func TestMannWhitney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b []float64
		want MannWhitneyResult
	}{
		{"separated", []float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10},
			MannWhitneyResult{U: 0, Z: -2.5067182457620487, P: 0.012185780355344811}},
		// 2 thrice, 3 thrice and 4 twice: the tie correction. U = 8 is
		// 12.5 − 4.5, so |U − 12.5| − 0.5 = 4 and p = erfc(4/σ/√2).
		{"ties", []float64{1, 2, 2, 3, 5}, []float64{2, 3, 3, 4, 4},
			MannWhitneyResult{U: 8, Z: -4 / math.Sqrt(25.0/12*(11-54.0/90)), P: 0.3901541483019263}},
		{"wikipedia Welch samples", welchA, welchB,
			MannWhitneyResult{U: 55.5, Z: -1.9366037802650304, P: 0.052793795522045897}},
		{"unequal sizes with ties", []float64{0.5, 1.5, 1.5, 7}, []float64{1.5, 2, 9, 9, 0.1, 3},
			MannWhitneyResult{U: 8, Z: -0.75777222831138435, P: 0.44858735068028188}},
		{"NaN skipped", []float64{1, nan, 2, 3, 4, 5}, []float64{6, 7, nan, 8, 9, 10},
			MannWhitneyResult{U: 0, Z: -2.5067182457620487, P: 0.012185780355344811}},
		// Every value the same: U's variance is 0, nothing differs.
		{"constant", []float64{4, 4, 4}, []float64{4, 4, 4},
			MannWhitneyResult{U: 4.5, Z: 0, P: 1}},
		{"no values on one side", []float64{nan}, []float64{1, 2},
			MannWhitneyResult{U: nan, Z: nan, P: nan}},
	}
	for _, tt := range tests {
		got := MannWhitney(tt.a, tt.b)
		if !near(got.U, tt.want.U, refTol) || !near(got.Z, tt.want.Z, 1e-9) || !near(got.P, tt.want.P, refTol) {
			t.Errorf("%s: MannWhitney(%v, %v) = %+v; want %+v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}
