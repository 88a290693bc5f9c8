package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refTol is the relative tolerance for values checked against R or SciPy
// printed to 17 significant digits: their algorithms (and gonum's t
// quantile) agree with these to a few units in the 14th digit.
const refTol = 1e-12

// near reports whether got is want within the relative tolerance tol
// (absolute below 1); NaN matches NaN and an infinity only itself.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// summaryNear reports whether got is want, every statistic within tol.
func summaryNear(got, want Summary, tol float64) bool {
	ok := got.N == want.N
	for _, p := range [][2]float64{
		{got.Mean, want.Mean}, {got.SD, want.SD}, {got.CILow, want.CILow}, {got.CIHigh, want.CIHigh},
		{got.P05, want.P05}, {got.P50, want.P50}, {got.P95, want.P95},
	} {
		ok = ok && near(p[0], p[1], tol)
	}
	return ok
}

// rSamples are samples with their statistics from R 4.2.2. For each
// sample x (NaN as NA, removed first) the values are, printed with
// sprintf("%.17g"), length(x), mean(x), sd(x), t.test(x)$conf.int,
// quantile(x, c(0.05, 0.5, 0.95), type = 7) and var(x).
var rSamples = []struct {
	name     string
	xs       []float64
	want     Summary
	variance float64
}{
	{"five values", []float64{5, 1, 4, 2, 3},
		Summary{N: 5, Mean: 3, SD: 1.5811388300841898, CILow: 1.0367568385224428, CIHigh: 4.963243161477557,
			P05: 1.2, P50: 3, P95: 4.7999999999999998}, 2.5},
	{"ten values, some negative", []float64{-1.2, 3.4, 0.5, 2.2, -0.7, 1.9, 0.0, 4.1, 2.8, -2.3},
		Summary{N: 10, Mean: 1.0700000000000001, SD: 2.1260552935215751, CILow: -0.4508883366961472, CIHigh: 2.5908883366961475,
			P05: -1.8049999999999997, P50: 1.2, P95: 3.7849999999999993}, 4.5201111111111105},
	// A large common offset, where the naive sum of squares loses every
	// digit: x <- 1e9 + c(4, 7, 13, 16).
	{"large offset", []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16},
		Summary{N: 4, Mean: 1000000010, SD: 5.4772255750516612, CILow: 1000000001.2845119, CIHigh: 1000000018.7154882,
			P05: 1000000004.45, P50: 1000000010, P95: 1000000015.55}, 30},
	{"NaN skipped", []float64{nan, 2, 1},
		Summary{N: 2, Mean: 1.5, SD: 0.70710678118654757, CILow: -4.8531023680873471, CIHigh: 7.8531023680873471,
			P05: 1.05, P50: 1.5, P95: 1.95}, 0.5},
	// One value: R's sd, var and t.test give NA; its quantiles are the
	// value.
	{"one value", []float64{0.25},
		Summary{N: 1, Mean: 0.25, SD: nan, CILow: nan, CIHigh: nan, P05: 0.25, P50: 0.25, P95: 0.25}, nan},
	{"only NaN", []float64{nan, nan},
		Summary{N: 0, Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}, nan},
	{"no values", nil,
		Summary{N: 0, Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}, nan},
	// A constant sample: sd 0 and the interval the value itself (R's
	// t.test stops with "data are essentially constant").
	{"constant", []float64{7, 7, 7},
		Summary{N: 3, Mean: 7, SD: 0, CILow: 7, CIHigh: 7, P05: 7, P50: 7, P95: 7}, 0},
}

// nan is a NaN for the tables of expected values.
var nan = math.NaN()

// TestDescribe checks Describe against R (rSamples).
func TestDescribe(t *testing.T) {
	t.Parallel()
	for _, tt := range rSamples {
		if got := Describe(tt.xs); !summaryNear(got, tt.want, refTol) {
			t.Errorf("%s: Describe(%v) = %+v; want %+v", tt.name, tt.xs, got, tt.want)
		}
	}
}

// TestDescribeOrder checks that the result does not depend on the order
// of the values, to the bit: Describe sorts before it sums.
func TestDescribeOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 4))
	xs := make([]float64, 101)
	for i := range xs {
		xs[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(8)))
	}
	want := Describe(xs)
	var d Describer
	for range 20 {
		r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		if got := d.Describe(xs); got != want {
			t.Fatalf("Describe of shuffled values = %+v; want %+v", got, want)
		}
	}
}

// TestDescribeKeepsInput checks that Describe neither sorts nor changes
// its argument.
func TestDescribeKeepsInput(t *testing.T) {
	t.Parallel()
	xs := []float64{3, 1, 2}
	Describe(xs)
	if xs[0] != 3 || xs[1] != 1 || xs[2] != 2 {
		t.Errorf("Describe changed its input to %v", xs)
	}
}

// TestSummaryT checks the t statistic of the mean against R 4.2.2's
// t.test(x)$statistic, and its limits without spread.
func TestSummaryT(t *testing.T) {
	t.Parallel()
	tests := []struct {
		xs   []float64
		want float64
	}{
		{[]float64{5, 1, 4, 2, 3}, 4.2426406871192848},
		{[]float64{-1.2, 3.4, 0.5, 2.2, -0.7, 1.9, 0.0, 4.1, 2.8, -2.3}, 1.5915094525954432},
		{[]float64{0.2, 0.4, math.NaN(), 0.6}, 3.4641016151377553},
		{[]float64{-2, -2}, math.Inf(-1)},
		{[]float64{0, 0, 0}, 0},
		{[]float64{1}, math.NaN()},
		{nil, math.NaN()},
	}
	for _, tt := range tests {
		if got := Describe(tt.xs).T(); !near(got, tt.want, refTol) {
			t.Errorf("Describe(%v).T() = %v; want %v", tt.xs, got, tt.want)
		}
	}
}

func BenchmarkDescribe(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = rng.Float64()
	}
	var d Describer
	for b.Loop() {
		d.Describe(xs)
	}
}
