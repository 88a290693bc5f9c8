package stats

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// TQuantile returns the p-quantile of Student's t distribution with df
// degrees of freedom (df need not be whole, as in Welch's test).
func TQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// TInterval returns the 95% Student t interval for the mean of a sample
// of n values with mean and standard deviation sd (n−1 denominator):
// mean ∓ t(0.975, n−1)·sd/√n. It is NaN for n < 2, and the single value
// mean where sd is 0.
func TInterval(mean, sd float64, n int) (lo, hi float64) {
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	half := t975(n-1) * sd / math.Sqrt(float64(n))
	return mean - half, mean + half
}

// t975s memoizes t975: computing a quantile inverts the incomplete beta
// function (microseconds), and a run asks for the same degrees of
// freedom for every month and metric.
var t975s = struct {
	sync.Mutex
	q map[int]float64
}{q: map[int]float64{}}

// t975 returns TQuantile(0.975, df), the multiplier of a two-sided 95%
// interval.
func t975(df int) float64 {
	t975s.Lock()
	defer t975s.Unlock()
	q, ok := t975s.q[df]
	if !ok {
		q = TQuantile(0.975, float64(df))
		t975s.q[df] = q
	}
	return q
}

// tStatistic returns mean/(sd/√n), the t statistic of a mean against 0
// (tRatio of the mean and its standard error).
func tStatistic(mean, sd float64, n int) float64 {
	return tRatio(mean, sd/math.Sqrt(float64(n)))
}

// tRatio returns est/se, a t statistic. Where se is 0 it is the
// statistic's limit as se shrinks: 0 if est is 0, ±Inf with est's sign
// otherwise. It is NaN if est or se is.
func tRatio(est, se float64) float64 {
	switch {
	case math.IsNaN(est) || math.IsNaN(se):
		return math.NaN()
	case se == 0 && est == 0:
		return 0
	case se == 0:
		return math.Inf(int(math.Copysign(1, est)))
	}
	return est / se
}

// tPValue returns the two-sided p-value of the t statistic t on df
// degrees of freedom: 2·P(T > |t|), at most 1. It is 1 for t = 0 and 0
// for an infinite t whatever df (the limits where a standard error is 0),
// and NaN for a NaN t.
func tPValue(t, df float64) float64 {
	switch {
	case math.IsNaN(t):
		return math.NaN()
	case t == 0:
		return 1
	case math.IsInf(t, 0):
		return 0
	}
	return min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t)))
}
