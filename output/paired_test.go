package output

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pairedTol is the tolerance for values checked against R's output, which
// prints seven significant digits.
const pairedTol = 5e-7

// approx reports whether got is want within a relative tolerance (absolute
// below 1); NaN matches NaN and an infinity only itself.
func approx(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// TestPairedTSleep checks PairedT against R's t.test on Student's sleep
// data (Cushny and Peebles 1905), as in R's documentation:
//
//	with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE))
//	t = -4.0621, df = 9, p-value = 0.002833
//	95 percent confidence interval: -2.4598858 -0.7001142
//	mean difference -1.58
func TestPairedTSleep(t *testing.T) {
	t.Parallel()
	group1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	group2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	got := PairedT(group2, group1) // b − a = group1 − group2
	want := Paired{N: 10, Diff: -1.58, CILow: -2.4598858, CIHigh: -0.7001142, T: -4.0621, P: 0.002833}
	if got.N != want.N || !approx(got.Diff, want.Diff, 1e-12) || !approx(got.CILow, want.CILow, pairedTol) ||
		!approx(got.CIHigh, want.CIHigh, pairedTol) || !approx(got.T, want.T, 2e-5) || !approx(got.P, want.P, 2e-4) {
		t.Errorf("PairedT(sleep) = %+v; want %+v", got, want)
	}
	// d_av is the difference over the root mean square of the two
	// samples' standard deviations.
	sd1, sd2 := Describe(group1).SD, Describe(group2).SD
	wantD := -1.58 / math.Sqrt((sd1*sd1+sd2*sd2)/2)
	if !approx(got.Effect, wantD, 1e-6) {
		t.Errorf("PairedT(sleep).Effect = %v; want %v", got.Effect, wantD)
	}
}

// TestPairedTDegenerate checks the cases without a variance: identical
// samples (a scenario compared with itself under common random numbers),
// a constant shift, too few pairs, and NaN values.
func TestPairedTDegenerate(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		a, b []float64
		want Paired
	}{
		{"identical", []float64{1, 2, 3}, []float64{1, 2, 3},
			Paired{N: 3, Diff: 0, SD: 0, CILow: 0, CIHigh: 0, T: 0, P: 1, Effect: 0, PooledSD: 1}},
		{"identical constants", []float64{1, 1, 1}, []float64{1, 1, 1},
			Paired{N: 3, Diff: 0, SD: 0, CILow: 0, CIHigh: 0, T: 0, P: 1, Effect: nan, PooledSD: 0}},
		{"constant shift", []float64{1, 2, 3}, []float64{1.5, 2.5, 3.5},
			Paired{N: 3, Diff: 0.5, SD: 0, CILow: 0.5, CIHigh: 0.5, T: inf, P: 0, Effect: 0.5, PooledSD: 1}},
		{"constant negative shift", []float64{2, 2}, []float64{1, 1},
			Paired{N: 2, Diff: -1, SD: 0, CILow: -1, CIHigh: -1, T: -inf, P: 0, Effect: nan, PooledSD: 0}},
		{"one pair", []float64{1}, []float64{2},
			Paired{N: 1, Diff: 1, SD: nan, CILow: nan, CIHigh: nan, T: nan, P: nan, Effect: nan, PooledSD: nan}},
		{"no pairs", nil, nil,
			Paired{N: 0, Diff: nan, SD: nan, CILow: nan, CIHigh: nan, T: nan, P: nan, Effect: nan, PooledSD: nan}},
		{"NaN pairs left out", []float64{1, nan, 2, 3}, []float64{1, 5, nan, 3},
			Paired{N: 2, Diff: 0, SD: 0, CILow: 0, CIHigh: 0, T: 0, P: 1, Effect: 0, PooledSD: 1.4142135623730951}},
		{"all NaN", []float64{nan, nan}, []float64{1, 2},
			Paired{N: 0, Diff: nan, SD: nan, CILow: nan, CIHigh: nan, T: nan, P: nan, Effect: nan, PooledSD: nan}},
	}
	for _, tt := range tests {
		got := PairedT(tt.a, tt.b)
		ok := got.N == tt.want.N
		for _, p := range [][2]float64{{got.Diff, tt.want.Diff}, {got.SD, tt.want.SD}, {got.CILow, tt.want.CILow},
			{got.CIHigh, tt.want.CIHigh}, {got.T, tt.want.T}, {got.P, tt.want.P}, {got.Effect, tt.want.Effect},
			{got.PooledSD, tt.want.PooledSD}} {
			ok = ok && approx(p[0], p[1], 1e-12)
		}
		if !ok {
			t.Errorf("%s: PairedT(%v, %v) = %+v; want %+v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}

// pairedSample draws n pairs (a, b) of correlated normal values: a is
// N(0, 1); b = diff + rho·a + √(1−rho²)·e with e N(0, 1), so b − a has mean
// diff whatever rho, as trial pairs under common random numbers do.
func pairedSample(r *rand.Rand, n int, diff, rho float64) (a, b []float64) {
	a, b = make([]float64, n), make([]float64, n)
	for k := range n {
		a[k] = r.NormFloat64()
		b[k] = diff + rho*a[k] + math.Sqrt(1-rho*rho)*r.NormFloat64()
	}
	return a, b
}

// coverageReps is the number of simulated comparisons in the coverage and
// error-rate tests: the binomial standard error of a 95% coverage is then
// about 0.005, so [0.93, 0.97] is four standard errors either side.
const coverageReps = 2000

// TestPairedTCoverage checks by simulation that the 95% interval of the
// difference covers the true difference in 93% to 97% of replications,
// for small and moderate numbers of trials, with and without the
// correlation common random numbers bring.
func TestPairedTCoverage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n         int
		diff, rho float64
	}{
		{5, 0.3, 0},
		{10, 0.3, 0.9},
		{20, -1.2, 0.5},
		{50, 0.05, 0.99},
	}
	for i, tt := range tests {
		r := rand.New(rand.NewPCG(1, uint64(i)))
		covered := 0
		for range coverageReps {
			a, b := pairedSample(r, tt.n, tt.diff, tt.rho)
			p := PairedT(a, b)
			if p.CILow <= tt.diff && tt.diff <= p.CIHigh {
				covered++
			}
		}
		if c := float64(covered) / coverageReps; c < 0.93 || c > 0.97 {
			t.Errorf("coverage of PairedT's 95%% interval (n %d, diff %v, rho %v) = %.3f; want 0.93-0.97",
				tt.n, tt.diff, tt.rho, c)
		}
	}
}

// TestPairedTNullRate is the self-comparison on synthetic data: two arms
// with no difference, drawn with different seeds (independent) or
// correlated, reject at 5% in 3.5% to 6.5% of replications; and the Holm
// adjustment over a family of 24 such tests (one per metric) keeps the
// chance of any rejection at most 5% (with the same binomial margin).
func TestPairedTNullRate(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2, 2))
	for _, rho := range []float64{0, 0.8} {
		rejected := 0
		for range coverageReps {
			a, b := pairedSample(r, 12, 0, rho)
			if PairedT(a, b).P < 0.05 {
				rejected++
			}
		}
		if rate := float64(rejected) / coverageReps; rate < 0.035 || rate > 0.065 {
			t.Errorf("null rejection rate of PairedT at 5%% (rho %v) = %.3f; want 0.035-0.065", rho, rate)
		}
	}
	const family, reps = 24, 1000
	anyRejected := 0
	ps := make([]float64, family)
	for range reps {
		for j := range ps {
			a, b := pairedSample(r, 12, 0, 0.5)
			ps[j] = PairedT(a, b).P
		}
		for _, p := range Holm(ps) {
			if p < 0.05 {
				anyRejected++
				break
			}
		}
	}
	if rate := float64(anyRejected) / reps; rate > 0.065 {
		t.Errorf("family-wise error rate with Holm over %d null tests = %.3f; want at most 0.05 (+0.015 margin)", family, rate)
	}
}

// TestPairedTDetects checks the power side: a difference of one and a half
// standard deviations of the outcome is found in nearly every replication
// of 20 uncorrelated pairs (power about 0.99), and with the correlation of
// common random numbers a difference of a tenth of one is too.
func TestPairedTDetects(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 3))
	tests := []struct {
		n         int
		diff, rho float64
	}{
		{20, 1.5, 0},
		{20, 0.1, 0.999},
	}
	for _, tt := range tests {
		found := 0
		for range 200 {
			a, b := pairedSample(r, tt.n, tt.diff, tt.rho)
			if PairedT(a, b).P < 0.05 {
				found++
			}
		}
		if found < 190 {
			t.Errorf("PairedT found a difference of %v (n %d, rho %v) in %d of 200; want at least 190", tt.diff, tt.n, tt.rho, found)
		}
	}
}

// TestHolm checks Holm against R's p.adjust(p, "holm").
func TestHolm(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		p, want []float64
	}{
		// p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")
		{[]float64{0.01, 0.02, 0.03, 0.04, 0.05}, []float64{0.05, 0.08, 0.09, 0.09, 0.09}},
		// p.adjust(c(0.04, 0.001, 0.5, 0.03), "holm"): order kept
		{[]float64{0.04, 0.001, 0.5, 0.03}, []float64{0.09, 0.004, 0.5, 0.09}},
		// capped at 1; NaN kept and not counted
		{[]float64{0.6, nan, 0.2}, []float64{0.6, nan, 0.4}},
		{[]float64{0.9, 0.8}, []float64{1, 1}},
		{[]float64{1, 1, 0}, []float64{1, 1, 0}},
		{nil, []float64{}},
	}
	for _, tt := range tests {
		got := Holm(tt.p)
		ok := len(got) == len(tt.want)
		for i := 0; ok && i < len(got); i++ {
			ok = approx(got[i], tt.want[i], 1e-12)
		}
		if !ok {
			t.Errorf("Holm(%v) = %v; want %v", tt.p, got, tt.want)
		}
	}
}

func BenchmarkPairedT(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := pairedSample(r, 50, 0.1, 0.9)
	var p pairer
	for b.Loop() {
		p.compare(x, y)
	}
}
