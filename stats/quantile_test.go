package stats

import (
	"math"
	"testing"
)

// TestQuantile checks Quantile against R 4.2.2's quantile(x, p, type = 7)
// printed with sprintf("%.17g"); numpy.percentile(x, 100*p,
// method="linear") gives the same.
func TestQuantile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sorted []float64
		p      float64
		want   float64
	}{
		// quantile(c(10, 20, 30, 40), c(0, 0.05, 0.25, 0.5, 0.95, 1))
		{[]float64{10, 20, 30, 40}, 0, 10},
		{[]float64{10, 20, 30, 40}, 0.05, 11.499999999999998},
		{[]float64{10, 20, 30, 40}, 0.25, 17.5},
		{[]float64{10, 20, 30, 40}, 0.5, 25},
		{[]float64{10, 20, 30, 40}, 0.95, 38.5},
		{[]float64{10, 20, 30, 40}, 1, 40},
		// quantile(c(3.1, -0.4, 2.7, 8.8, 1.0, 5.5, 0.3), c(0.025, 0.1, 0.333, 0.975))
		{[]float64{-0.4, 0.3, 1.0, 2.7, 3.1, 5.5, 8.8}, 0.025, -0.2950000000000001},
		{[]float64{-0.4, 0.3, 1.0, 2.7, 3.1, 5.5, 8.8}, 0.1, 0.020000000000000046},
		{[]float64{-0.4, 0.3, 1.0, 2.7, 3.1, 5.5, 8.8}, 0.333, 0.99860000000000015},
		{[]float64{-0.4, 0.3, 1.0, 2.7, 3.1, 5.5, 8.8}, 0.975, 8.3049999999999997},
		// One value, a constant sample, and p outside [0, 1].
		{[]float64{0.25}, 0.1, 0.25},
		{[]float64{7, 7, 7}, 0.3, 7},
		{[]float64{1, 2}, -0.5, 1},
		{[]float64{1, 2}, 1.5, 2},
		{nil, 0.5, math.NaN()},
	}
	for _, tt := range tests {
		if got := Quantile(tt.sorted, tt.p); !near(got, tt.want, refTol) {
			t.Errorf("Quantile(%v, %v) = %v; want %v", tt.sorted, tt.p, got, tt.want)
		}
	}
}

// TestQuantileExactAtOrderStatistics checks that where (n−1)p is a whole
// number the quantile is that order statistic to the bit, with no
// interpolation arithmetic (which would turn −0 into +0, and give NaN
// next to an infinity).
func TestQuantileExactAtOrderStatistics(t *testing.T) {
	t.Parallel()
	negZero := math.Copysign(0, -1)
	xs := []float64{-1, negZero, math.Inf(1)}
	if got := Quantile(xs, 0.5); math.Float64bits(got) != math.Float64bits(negZero) {
		t.Errorf("Quantile(%v, 0.5) = %v; want -0", xs, got)
	}
	if got := Quantile(xs, 0.25); got != -0.5 {
		t.Errorf("Quantile(%v, 0.25) = %v; want -0.5", xs, got)
	}
}

// TestPercentiles95 checks the interval against R 4.2.2's
// quantile(c(3.1, -0.4, 2.7, 8.8, 1.0, 5.5, 0.3), c(0.025, 0.975)), and
// that it sorts its argument.
func TestPercentiles95(t *testing.T) {
	t.Parallel()
	xs := []float64{3.1, -0.4, 2.7, 8.8, 1.0, 5.5, 0.3}
	lo, hi := Percentiles95(xs)
	if !near(lo, -0.2950000000000001, refTol) || !near(hi, 8.3049999999999997, refTol) {
		t.Errorf("Percentiles95 = [%v, %v]; want [-0.295, 8.305]", lo, hi)
	}
	if xs[0] != -0.4 || xs[6] != 8.8 {
		t.Errorf("Percentiles95 left its argument as %v; want it sorted", xs)
	}
	if lo, hi := Percentiles95(nil); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("Percentiles95(nil) = [%v, %v]; want NaN", lo, hi)
	}
}
