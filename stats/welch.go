package stats

import "math"

// Welch is the comparison of two independent samples by Welch's t test
// (Welch 1947, "The generalization of 'Student's' problem when several
// different population variances are involved", Biometrika 34), which
// does not assume the two have the same variance: the difference of the
// means b − a, its standard error √(var(a)/na + var(b)/nb), and the
// degrees of freedom of Satterthwaite's approximation,
// se⁴ / ((var(a)/na)²/(na−1) + (var(b)/nb)²/(nb−1)). It is R's
// t.test(b, a) and SciPy's ttest_ind(b, a, equal_var=False).
type Welch struct {
	NA, NB int     // values used from a and b (NaN values are skipped)
	Diff   float64 // mean(b) − mean(a)
	SE     float64 // standard error of Diff; NaN if NA or NB < 2
	DF     float64 // Welch-Satterthwaite degrees of freedom; NaN if NA or NB < 2 or SE is 0
	CILow  float64 // lower end of the 95% interval Diff ∓ t(0.975, DF)·SE; NaN if NA or NB < 2
	CIHigh float64 // upper end of that interval
	T      float64 // t statistic Diff/SE; 0 or ±Inf where SE is 0; NaN if NA or NB < 2
	P      float64 // two-sided p-value of T on DF degrees of freedom; NaN if NA or NB < 2
}

// WelchT compares the independent samples b and a by Welch's t test.
// Where neither sample varies (SE = 0) the interval is the single value
// Diff, and P is 1 if Diff is 0 and 0 otherwise, as in PairedT.
func WelchT(a, b []float64) Welch {
	nan := math.NaN()
	out := Welch{Diff: nan, SE: nan, DF: nan, CILow: nan, CIHigh: nan, T: nan, P: nan}
	var ma, va, mb, vb float64
	out.NA, ma, va = meanVar(a)
	out.NB, mb, vb = meanVar(b)
	out.Diff = mb - ma
	if out.NA < 2 || out.NB < 2 {
		return out
	}
	na, nb := float64(out.NA), float64(out.NB)
	sa, sb := va/na, vb/nb
	se2 := sa + sb
	out.SE = math.Sqrt(se2)
	out.T = tRatio(out.Diff, out.SE)
	if se2 == 0 {
		out.CILow, out.CIHigh = out.Diff, out.Diff
	} else {
		out.DF = se2 * se2 / (sa*sa/(na-1) + sb*sb/(nb-1))
		half := TQuantile(0.975, out.DF) * out.SE
		out.CILow, out.CIHigh = out.Diff-half, out.Diff+half
	}
	out.P = tPValue(out.T, out.DF)
	return out
}

// meanVar returns the number of values of xs that are not NaN, their
// mean and their variance (n−1 denominator; NaN for fewer than two),
// summing in order, once for the mean and once for the squared
// deviations from it.
func meanVar(xs []float64) (n int, mean, variance float64) {
	var sum float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return 0, math.NaN(), math.NaN()
	}
	mean = sum / float64(n)
	if n < 2 {
		return n, mean, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	return n, mean, ss / float64(n-1)
}
