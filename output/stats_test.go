package output

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// tol is the tolerance for hand-computed statistics.
const tol = 1e-9

// near reports whether got is within tol of want, or both are NaN.
func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	// t(0.975, 4) = 2.7764451051977987 and t(0.975, 1) = 12.706204736174698
	// (R: qt(0.975, 4), qt(0.975, 1)).
	const t4, t1 = 2.7764451051977987, 12.706204736174698
	for _, tt := range []struct {
		xs   []float64
		want Stats
	}{
		{
			// mean 3, sd √2.5; type 7: h = 4p, so p05 = 1 + 0.2, p95 = 4 + 0.8.
			xs: []float64{5, 1, 4, 2, 3},
			want: Stats{N: 5, Mean: 3, SD: math.Sqrt(2.5),
				CILow: 3 - t4*math.Sqrt(2.5)/math.Sqrt(5), CIHigh: 3 + t4*math.Sqrt(2.5)/math.Sqrt(5),
				P05: 1.2, P50: 3, P95: 4.8},
		},
		{
			// NaN skipped: {2, 1}; sd = 1/√2, half-width t1·sd/√2 = t1/2.
			xs: []float64{nan, 2, 1},
			want: Stats{N: 2, Mean: 1.5, SD: 1 / math.Sqrt2,
				CILow: 1.5 - t1/2, CIHigh: 1.5 + t1/2,
				P05: 1.05, P50: 1.5, P95: 1.95},
		},
		{
			xs:   []float64{0.25},
			want: Stats{N: 1, Mean: 0.25, SD: nan, CILow: nan, CIHigh: nan, P05: 0.25, P50: 0.25, P95: 0.25},
		},
		{
			xs:   []float64{nan, nan},
			want: Stats{N: 0, Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan},
		},
		{
			xs:   []float64{7, 7, 7},
			want: Stats{N: 3, Mean: 7, SD: 0, CILow: 7, CIHigh: 7, P05: 7, P50: 7, P95: 7},
		},
	} {
		got := Describe(tt.xs)
		ok := got.N == tt.want.N
		for _, p := range [][2]float64{
			{got.Mean, tt.want.Mean}, {got.SD, tt.want.SD}, {got.CILow, tt.want.CILow},
			{got.CIHigh, tt.want.CIHigh}, {got.P05, tt.want.P05}, {got.P50, tt.want.P50}, {got.P95, tt.want.P95},
		} {
			ok = ok && near(p[0], p[1])
		}
		if !ok {
			t.Errorf("Describe(%v) = %+v; want %+v", tt.xs, got, tt.want)
		}
	}
}

func TestDescribeKeepsInput(t *testing.T) {
	t.Parallel()
	xs := []float64{3, 1, 2}
	Describe(xs)
	if xs[0] != 3 || xs[1] != 1 || xs[2] != 2 {
		t.Errorf("Describe changed its input to %v", xs)
	}
}

func TestQuantile(t *testing.T) {
	t.Parallel()
	// R: quantile(c(10, 20, 30, 40), c(0, .05, .25, .5, .95, 1)) (type 7).
	xs := []float64{10, 20, 30, 40}
	for _, tt := range []struct{ p, want float64 }{
		{0, 10}, {0.05, 11.5}, {0.25, 17.5}, {0.5, 25}, {0.95, 38.5}, {1, 40},
	} {
		if got := Quantile(xs, tt.p); !near(got, tt.want) {
			t.Errorf("Quantile(%v, %v) = %v; want %v", xs, tt.p, got, tt.want)
		}
	}
	if got := Quantile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("Quantile(nil, 0.5) = %v; want NaN", got)
	}
}

func TestTQuantileLargeSample(t *testing.T) {
	t.Parallel()
	// As df grows, t(0.975, df) tends to the normal 1.959963984540054.
	if got := tQuantile975(100000); math.Abs(got-1.959963984540054) > 1e-4 {
		t.Errorf("tQuantile975(100000) = %v; want about 1.96", got)
	}
}

func ExampleDescribe() {
	s := Describe([]float64{0.2, 0.4, math.NaN(), 0.6})
	fmt.Printf("n=%d mean=%.2f sd=%.2f ci95=[%.3f, %.3f] median=%.2f\n",
		s.N, s.Mean, s.SD, s.CILow, s.CIHigh, s.P50)
	// Output:
	// n=3 mean=0.40 sd=0.20 ci95=[-0.097, 0.897] median=0.40
}

func BenchmarkDescribe(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = rng.Float64()
	}
	var d describer
	for b.Loop() {
		d.describe(xs)
	}
}
