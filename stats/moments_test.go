package stats

import (
	"math/rand/v2"
	"testing"
)

// TestMoments checks Welford's running statistics against R (rSamples):
// N, Mean, SD, the interval and the variance; the percentiles, which
// Moments does not keep, are NaN.
func TestMoments(t *testing.T) {
	t.Parallel()
	for _, tt := range rSamples {
		var m Moments
		for _, x := range tt.xs {
			m.Add(x)
		}
		want := tt.want
		want.P05, want.P50, want.P95 = nan, nan, nan
		if got := m.Summary(); !summaryNear(got, want, refTol) {
			t.Errorf("%s: Moments of %v: Summary() = %+v; want %+v", tt.name, tt.xs, got, want)
		}
		if got := m.Variance(); !near(got, tt.variance, refTol) {
			t.Errorf("%s: Moments of %v: Variance() = %v; want %v", tt.name, tt.xs, got, tt.variance)
		}
		if m.N() != want.N || !near(m.Mean(), want.Mean, refTol) {
			t.Errorf("%s: Moments of %v: N, Mean = %d, %v; want %d, %v", tt.name, tt.xs, m.N(), m.Mean(), want.N, want.Mean)
		}
	}
}

// TestMomentsAgreesWithDescribe checks Welford's update against
// Describe's sorted two passes on values with a large common offset:
// the means agree to the last digits, the standard deviations to about
// the digits the offset leaves.
func TestMomentsAgreesWithDescribe(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 9))
	xs := make([]float64, 50)
	var m Moments
	for i := range xs {
		xs[i] = 1e9 + r.NormFloat64()
		m.Add(xs[i])
	}
	got, want := m.Summary(), Describe(xs)
	if got.N != want.N || !near(got.Mean, want.Mean, 1e-15) || !near(got.SD, want.SD, 1e-6) ||
		!near(got.CILow, want.CILow, 1e-15) || !near(got.CIHigh, want.CIHigh, 1e-15) {
		t.Errorf("Moments = %+v; want Describe's %+v", got, want)
	}
}

// TestMean checks the plain running mean against R 4.2.2's
// mean(x, na.rm = TRUE) and its cases without values.
func TestMean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		xs   []float64
		n    int
		want float64
	}{
		{[]float64{-1.2, 3.4, 0.5, 2.2, -0.7, 1.9, 0.0, 4.1, 2.8, -2.3}, 10, 1.0700000000000001},
		{[]float64{0.2, nan, 0.4, 0.6}, 3, 0.40000000000000002},
		{[]float64{7, 7, 7}, 3, 7},
		{[]float64{2.5}, 1, 2.5},
		{[]float64{nan}, 0, nan},
		{nil, 0, nan},
	}
	for _, tt := range tests {
		var m Mean
		for _, x := range tt.xs {
			m.Add(x)
		}
		if m.N() != tt.n || !near(m.Value(), tt.want, refTol) {
			t.Errorf("Mean of %v = %v of %d values; want %v of %d", tt.xs, m.Value(), m.N(), tt.want, tt.n)
		}
	}
}
