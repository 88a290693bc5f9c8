package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMoments checks Welford's running statistics against R 4.2.2
// (mean(x), sd(x), t.test(x)$conf.int, var(x), printed with
// sprintf("%.17g")); the percentiles, which Moments does not keep, are
// NaN.
func TestMoments(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name     string
		xs       []float64
		want     Summary
		variance float64
	}{
		{"five values", []float64{5, 1, 4, 2, 3},
			Summary{N: 5, Mean: 3, SD: 1.5811388300841898, CILow: 1.0367568385224428, CIHigh: 4.963243161477557,
				P05: nan, P50: nan, P95: nan}, 2.5},
		{"ten values, some negative", []float64{-1.2, 3.4, 0.5, 2.2, -0.7, 1.9, 0.0, 4.1, 2.8, -2.3},
			Summary{N: 10, Mean: 1.0700000000000001, SD: 2.1260552935215751, CILow: -0.4508883366961472, CIHigh: 2.5908883366961475,
				P05: nan, P50: nan, P95: nan}, 4.5201111111111105},
		// A large common offset, where the naive sum of squares loses
		// every digit: x <- 1e9 + c(4, 7, 13, 16).
		{"large offset", []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16},
			Summary{N: 4, Mean: 1000000010, SD: math.Sqrt(30), CILow: 1000000001.2845119, CIHigh: 1000000018.7154882,
				P05: nan, P50: nan, P95: nan}, 30},
		{"NaN skipped", []float64{nan, 2, 1},
			Summary{N: 2, Mean: 1.5, SD: 0.70710678118654757, CILow: -4.8531023680873471, CIHigh: 7.8531023680873471,
				P05: nan, P50: nan, P95: nan}, 0.5},
		{"one value", []float64{2},
			Summary{N: 1, Mean: 2, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}, nan},
		{"no values", nil,
			Summary{N: 0, Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}, nan},
		{"constant", []float64{7, 7, 7},
			Summary{N: 3, Mean: 7, SD: 0, CILow: 7, CIHigh: 7, P05: nan, P50: nan, P95: nan}, 0},
	}
	for _, tt := range tests {
		var m Moments
		for _, x := range tt.xs {
			m.Add(x)
		}
		if got := m.Summary(); !summaryNear(got, tt.want, refTol) {
			t.Errorf("%s: Moments of %v: Summary() = %+v; want %+v", tt.name, tt.xs, got, tt.want)
		}
		if got := m.Variance(); !near(got, tt.variance, refTol) {
			t.Errorf("%s: Moments of %v: Variance() = %v; want %v", tt.name, tt.xs, got, tt.variance)
		}
		if m.N() != tt.want.N || !near(m.Mean(), tt.want.Mean, refTol) {
			t.Errorf("%s: Moments of %v: N, Mean = %d, %v; want %d, %v", tt.name, tt.xs, m.N(), m.Mean(), tt.want.N, tt.want.Mean)
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
	nan := math.NaN()
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
