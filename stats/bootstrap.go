package stats

import (
	"math"
	"math/rand/v2"
)

// Bootstrap draws resamples for percentile bootstrap intervals (Efron
// and Tibshirani 1993, An Introduction to the Bootstrap, ch. 13): a
// statistic is computed on each of Resamples samples drawn with
// replacement from the data, and the interval is the 2.5th to the 97.5th
// percentile of those values. Unlike a t interval it needs no
// assumption of normality, and it stays within the values the statistic
// can take (a share's interval within [0, 1]).
type Bootstrap struct {
	Resamples int        // resamples drawn; with none the intervals are NaN
	Rand      *rand.Rand // source of the draws, seeded by the caller; required when Resamples > 0
}

// Resample calls f once for each of b.Resamples resamples of n items
// (n ≥ 1) with the indices of the items drawn: idx[j] is b.Rand.IntN(n),
// drawn for j = 0, 1, ..., n−1 in turn, so the same seed gives the same
// resamples. idx is reused from call to call; f must not keep it. With
// n < 1 f is not called.
func (b Bootstrap) Resample(n int, f func(idx []int)) {
	if n < 1 {
		return
	}
	idx := make([]int, n)
	for range b.Resamples {
		for j := range idx {
			idx[j] = b.Rand.IntN(n)
		}
		f(idx)
	}
}

// Interval returns the 95% percentile bootstrap interval of stat over xs:
// the 2.5th and 97.5th percentiles (type 7, Quantile) of stat's values on
// b.Resamples resamples of xs (Resample, Percentiles95). Resamples where stat is NaN
// (undefined there) are left out. NaN values of xs are resampled as any
// other: leave them out first if stat does not skip them. With no
// values, no resamples or no defined value of stat both ends are NaN.
func (b Bootstrap) Interval(xs []float64, stat func([]float64) float64) (lo, hi float64) {
	var vals []float64
	sample := make([]float64, len(xs))
	b.Resample(len(xs), func(idx []int) {
		for j, i := range idx {
			sample[j] = xs[i]
		}
		if v := stat(sample); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	})
	return Percentiles95(vals)
}
