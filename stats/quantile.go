package stats

import (
	"math"
	"slices"
)

// Quantile returns the p-quantile of the values in sorted (in increasing
// order) by Hyndman and Fan's type 7 ("Sample quantiles in statistical
// packages", The American Statistician 50(4), 1996; R's default, numpy's
// "linear"): with h = (n−1)p, it interpolates linearly between
// sorted[⌊h⌋] and sorted[⌊h⌋+1]; where h is whole it is sorted[h] itself.
// p outside [0, 1] gives the smallest or largest value. It returns NaN
// for no values. It neither sorts nor allocates: sort first
// (slices.Sort), or use Percentiles95.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	if lo < 0 {
		return sorted[0]
	}
	f := h - float64(lo)
	if f == 0 {
		return sorted[lo]
	}
	return sorted[lo] + f*(sorted[lo+1]-sorted[lo])
}

// Percentiles95 sorts xs in place and returns its 2.5th and 97.5th
// percentiles (Quantile, type 7), the ends of the middle 95% of the
// values: with xs a statistic's values on bootstrap resamples, its 95%
// percentile interval. NaN values must have been left out. With no
// values both ends are NaN.
func Percentiles95(xs []float64) (lo, hi float64) {
	slices.Sort(xs)
	return Quantile(xs, 0.025), Quantile(xs, 0.975)
}
