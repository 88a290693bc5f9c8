package output

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Paired is the paired comparison of two samples matched trial by trial:
// b[k] and a[k] come from trial k of two scenarios run with the same seed,
// so they share the generated world and the random streams (common random
// numbers) as far as the scenarios allow.
//
// The difference is b − a. Its interval and p-value are the paired t
// procedure on the per-trial differences d[k] = b[k] − a[k] (Student
// 1908; any textbook, e.g. Rice, Mathematical Statistics and Data
// Analysis, 3rd ed., §11.3): mean(d) ∓ t(0.975, n−1)·sd(d)/√n, and the
// two-sided p-value of t = mean(d)/(sd(d)/√n) on n−1 degrees of freedom.
//
// Effect is Cohen's d with the average of the two samples' variances,
// d_av = mean(d) / √((sd(a)² + sd(b)²)/2) (Cumming 2012, Understanding the
// New Statistics, §11; Lakens 2013, Frontiers in Psychology 4:863, eq. 10).
// It says how large the difference is against the spread of outcomes
// across trials, and, unlike d_z = mean(d)/sd(d), it does not grow as
// common random numbers make the two samples more alike.
type Paired struct {
	N      int     // pairs used: trials where neither value is NaN
	Diff   float64 // mean of b − a
	SD     float64 // standard deviation of b − a (n−1 denominator); NaN if N < 2
	CILow  float64 // lower end of the 95% paired t interval of Diff; NaN if N < 2
	CIHigh float64 // upper end of that interval
	T      float64 // t statistic Diff/(SD/√N); ±Inf or 0 when SD is 0; NaN if N < 2
	P      float64 // two-sided p-value of T on N−1 degrees of freedom; NaN if N < 2
	Effect float64 // Cohen's d_av, Diff/PooledSD; NaN if N < 2 or neither sample varies
	// PooledSD is √((sd(a)² + sd(b)²)/2), the root mean square of the two
	// samples' standard deviations: the denominator of Effect.
	PooledSD float64
}

// PairedT compares b with a pair by pair; a[k] and b[k] are trial k's
// values. Pairs where either value is NaN are left out.
//
// Where the differences do not vary (SD = 0, as when two identical
// scenarios share their random numbers and every trial is the same), the
// interval is the single value Diff, and P is 1 if Diff is 0 (nothing
// differs) and 0 otherwise (every trial differs by the same amount), the
// limits of the t test as SD shrinks; T is 0 or ±Inf accordingly. Effect
// is NaN when neither sample varies, since there is no spread to measure
// the difference against. No case gives a NaN from a division by zero in
// place of a number, and none panics.
func PairedT(a, b []float64) Paired {
	var p pairer
	return p.compare(a, b)
}

// A pairer computes Paired for many samples, reusing the t distribution
// of the last sample size (usually all are the same).
type pairer struct {
	df int
	t  distuv.StudentsT
	q  float64 // 0.975 quantile of t
}

// compare returns PairedT(a, b).
func (pr *pairer) compare(a, b []float64) Paired {
	nan := math.NaN()
	out := Paired{Diff: nan, SD: nan, CILow: nan, CIHigh: nan, T: nan, P: nan, Effect: nan, PooledSD: nan}
	n := min(len(a), len(b))
	var sa, sb, sd float64
	for k := range n {
		if math.IsNaN(a[k]) || math.IsNaN(b[k]) {
			continue
		}
		out.N++
		sa += a[k]
		sb += b[k]
		sd += b[k] - a[k]
	}
	if out.N == 0 {
		return out
	}
	fn := float64(out.N)
	ma, mb := sa/fn, sb/fn
	out.Diff = sd / fn
	if out.N < 2 {
		return out
	}
	var ssa, ssb, ssd float64
	for k := range n {
		if math.IsNaN(a[k]) || math.IsNaN(b[k]) {
			continue
		}
		da, db, dd := a[k]-ma, b[k]-mb, b[k]-a[k]-out.Diff
		ssa += da * da
		ssb += db * db
		ssd += dd * dd
	}
	out.SD = math.Sqrt(ssd / (fn - 1))
	out.PooledSD = math.Sqrt((ssa + ssb) / (2 * (fn - 1)))
	if out.PooledSD > 0 {
		out.Effect = out.Diff / out.PooledSD
	}
	if out.SD == 0 {
		out.CILow, out.CIHigh = out.Diff, out.Diff
		switch {
		case out.Diff == 0:
			out.T, out.P = 0, 1
		default:
			out.T, out.P = math.Inf(int(math.Copysign(1, out.Diff))), 0
		}
		return out
	}
	if pr.df != out.N-1 {
		pr.df = out.N - 1
		pr.t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(pr.df)}
		pr.q = pr.t.Quantile(0.975)
	}
	se := out.SD / math.Sqrt(fn)
	out.CILow, out.CIHigh = out.Diff-pr.q*se, out.Diff+pr.q*se
	out.T = out.Diff / se
	out.P = min(1, 2*pr.t.Survival(math.Abs(out.T)))
	return out
}

// Holm returns Holm's step-down adjustment of the p-values ps (Holm 1979,
// "A simple sequentially rejective multiple test procedure", Scandinavian
// Journal of Statistics 6(2)), in the order given: with the m non-NaN
// p-values sorted, p(1) ≤ … ≤ p(m), the adjusted p(i) is
// max over j ≤ i of min(1, (m−j+1)·p(j)). Rejecting where the adjusted
// value is below α keeps the chance of any false rejection among the m
// tests at most α, whatever their dependence. NaN values stay NaN and do
// not count in m. It is R's p.adjust(p, "holm").
func Holm(ps []float64) []float64 {
	out := make([]float64, len(ps))
	var idx []int
	for i, p := range ps {
		out[i] = math.NaN()
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	// A stable sort keeps equal p-values in input order, so the result
	// does not depend on the sort's algorithm.
	slices.SortStableFunc(idx, func(i, j int) int {
		switch {
		case ps[i] < ps[j]:
			return -1
		case ps[i] > ps[j]:
			return 1
		}
		return 0
	})
	m := len(idx)
	running := 0.0
	for rank, i := range idx {
		running = max(running, min(1, float64(m-rank)*ps[i]))
		out[i] = running
	}
	return out
}
