package output

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Stats summarises a sample: here, one month's (or the final year's)
// values of one metric across trials.
type Stats struct {
	N      int     // values used (NaN values are skipped)
	Mean   float64 // arithmetic mean
	SD     float64 // sample standard deviation, n-1 denominator; NaN if N < 2
	CILow  float64 // lower end of the 95% Student t interval for the mean; NaN if N < 2
	CIHigh float64 // upper end of that interval
	P05    float64 // 5th percentile (type 7)
	P50    float64 // median (type 7)
	P95    float64 // 95th percentile (type 7)
}

// Describe returns the statistics of xs, skipping NaN values. xs is not
// changed. With no values every statistic is NaN.
func Describe(xs []float64) Stats {
	var d describer
	return d.describe(xs)
}

// A describer computes Stats for many samples, reusing its sort buffer
// and the t quantile of the last sample size (usually all are the same).
type describer struct {
	buf []float64
	df  int
	t   float64
}

// describe returns the statistics of xs.
func (d *describer) describe(xs []float64) Stats {
	buf := d.buf[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			buf = append(buf, x)
		}
	}
	d.buf = buf
	nan := math.NaN()
	s := Stats{N: len(buf), Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}
	if s.N == 0 {
		return s
	}
	// Sorting first makes the sums independent of the order of trials.
	slices.Sort(buf)
	n := float64(s.N)
	var sum float64
	for _, x := range buf {
		sum += x
	}
	s.Mean = sum / n
	s.P05 = Quantile(buf, 0.05)
	s.P50 = Quantile(buf, 0.50)
	s.P95 = Quantile(buf, 0.95)
	if s.N < 2 {
		return s
	}
	var ss float64
	for _, x := range buf {
		d := x - s.Mean
		ss += d * d
	}
	s.SD = math.Sqrt(ss / (n - 1))
	if d.df != s.N-1 {
		d.df, d.t = s.N-1, tQuantile975(s.N-1)
	}
	half := d.t * s.SD / math.Sqrt(n)
	s.CILow, s.CIHigh = s.Mean-half, s.Mean+half
	return s
}

// Quantile returns the p-quantile of the sorted values xs by Hyndman and
// Fan's type 7 (R's default, numpy's "linear"): with h = (n-1)p, it
// interpolates linearly between xs[⌊h⌋] and xs[⌊h⌋+1]. It returns NaN
// for no values.
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

// tQuantile975 returns the 0.975 quantile of Student's t distribution with
// df degrees of freedom: the multiplier of a two-sided 95% interval.
func tQuantile975(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}
