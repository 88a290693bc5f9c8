package stats

import (
	"math"
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
//
// The sums run in trial order, once for the means and once for the
// squared deviations from them.
func PairedT(a, b []float64) Paired {
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
	df := out.N - 1
	out.T = tStatistic(out.Diff, out.SD, out.N)
	out.P = tPValue(out.T, float64(df))
	if out.SD == 0 {
		out.CILow, out.CIHigh = out.Diff, out.Diff
		return out
	}
	q := t975(df)
	se := out.SD / math.Sqrt(fn)
	out.CILow, out.CIHigh = out.Diff-q*se, out.Diff+q*se
	return out
}
