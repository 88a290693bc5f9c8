package stats

import (
	"math"
	"slices"
)

// Summary describes a sample: in decentsim, one month's (or the final
// year's) values of one metric across trials.
type Summary struct {
	N      int     // values used (NaN values are skipped)
	Mean   float64 // arithmetic mean
	SD     float64 // sample standard deviation, n−1 denominator; NaN if N < 2
	CILow  float64 // lower end of the 95% Student t interval for the mean (TInterval); NaN if N < 2
	CIHigh float64 // upper end of that interval
	P05    float64 // 5th percentile (Quantile, type 7)
	P50    float64 // median (type 7)
	P95    float64 // 95th percentile (type 7)
}

// nanSummary returns the Summary of n values with every statistic NaN,
// to be filled in as far as n allows.
func nanSummary(n int) Summary {
	nan := math.NaN()
	return Summary{N: n, Mean: nan, SD: nan, CILow: nan, CIHigh: nan, P05: nan, P50: nan, P95: nan}
}

// T returns the t statistic of the mean against zero, Mean/(SD/√N): how
// many standard errors the mean lies from 0, as in a one-sample (or, on
// differences, paired) t test. Where SD is 0 it is 0 if the mean is 0
// and ±Inf otherwise; it is NaN if N < 2.
func (s Summary) T() float64 {
	return tStatistic(s.Mean, s.SD, s.N)
}

// Describe returns the statistics of xs, skipping NaN values. xs is not
// changed. With no values every statistic is NaN; with one, SD and the
// interval are.
func Describe(xs []float64) Summary {
	var d Describer
	return d.Describe(xs)
}

// A Describer computes Summaries of many samples, reusing its sort
// buffer. The zero value is ready to use; a Describer is not safe for
// concurrent use.
type Describer struct {
	buf []float64
}

// Describe returns the statistics of xs, as the function Describe does.
//
// It sorts the values first, so the result does not depend on their
// order (the order in which trials finish, say), then sums twice: the
// mean, then the squared deviations from it, which is accurate where
// the naive sum of squares cancels.
func (d *Describer) Describe(xs []float64) Summary {
	buf := d.buf[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			buf = append(buf, x)
		}
	}
	d.buf = buf
	s := nanSummary(len(buf))
	if s.N == 0 {
		return s
	}
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
	s.CILow, s.CIHigh = TInterval(s.Mean, s.SD, s.N)
	return s
}
