package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPairedT checks PairedT against R 4.2.2's t.test(b, a, paired =
// TRUE), printed with sprintf("%.17g"): mean(b - a), sd(b - a),
// $conf.int, $statistic and $p.value. The first case is Student's sleep
// data (Cushny and Peebles 1905) of R's documentation,
// with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE));
// the second the two scenarios of ExamplePairedT. PooledSD is
// sqrt((sd(a)^2 + sd(b)^2)/2) and Effect mean(b - a) over it.
func TestPairedT(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b []float64
		want Paired
	}{
		{"sleep",
			[]float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4},
			[]float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
			Paired{N: 10, Diff: -1.5800000000000001, SD: 1.2299954832798732,
				CILow: -2.4598857632769824, CIHigh: -0.70011423672301754, T: -4.0621276833820366, P: 0.0028328901973842702,
				Effect: -0.83218108134953972, PooledSD: 1.8986252336303175}},
		{"scenarios",
			[]float64{0.281, 0.290, 0.276, 0.288, 0.283, 0.279},
			[]float64{0.575, 0.586, 0.570, 0.583, 0.577, 0.574},
			Paired{N: 6, Diff: 0.29466666666666663, SD: 0.00081649658092774037,
				CILow: 0.29380980605478785, CIHigh: 0.29552352727854542, T: 883.99999999998442, P: 3.5159005501193671e-14,
				Effect: 52.063090412319077, PooledSD: 0.0056597997608867088}},
	}
	for _, tt := range tests {
		got := PairedT(tt.a, tt.b)
		ok := got.N == tt.want.N
		for _, p := range [][2]float64{{got.Diff, tt.want.Diff}, {got.SD, tt.want.SD}, {got.CILow, tt.want.CILow},
			{got.CIHigh, tt.want.CIHigh}, {got.T, tt.want.T}} {
			ok = ok && near(p[0], p[1], refTol)
		}
		// R computes small p-values as 2·pt(−|t|), gonum as 2·(1 − cdf):
		// they agree to about 1e-9 of the value.
		ok = ok && near(got.P, tt.want.P, 1e-9*tt.want.P)
		ok = ok && near(got.Effect, tt.want.Effect, refTol) && near(got.PooledSD, tt.want.PooledSD, refTol)
		if !ok {
			t.Errorf("%s: PairedT = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

// TestPairedTDegenerate checks the cases without a variance: identical
// samples (a scenario compared with itself under common random numbers),
// a constant shift, too few pairs, and NaN values.
func TestPairedTDegenerate(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
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
			ok = ok && near(p[0], p[1], 1e-12)
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

func BenchmarkPairedT(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := pairedSample(r, 50, 0.1, 0.9)
	for b.Loop() {
		PairedT(x, y)
	}
}
