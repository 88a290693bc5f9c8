package stats

import "math"

// BoundedInterval returns the 95% interval for the mean of n values with
// mean and standard deviation sd (n−1 denominator) that can only lie in
// [lo, hi]: the Student t interval on a scale where the bounds are
// infinitely far, back-transformed, so that it never leaves them. With
// both bounds finite the scale is the logit of (mean−lo)/(hi−lo); with
// only lo finite, the log of mean−lo; the standard error is carried over
// by the delta method (se/g′(mean)). Far from the bounds it is the t
// interval; near one it is skewed away from it. It is the single value
// mean where sd is 0, NaN for n < 2, and the plain t interval when the
// mean is on or beyond a bound while the values vary (values out of
// range), or with no finite bound.
func BoundedInterval(mean, sd float64, n int, lo, hi float64) (float64, float64) {
	tlo, thi := TInterval(mean, sd, n)
	if n < 2 || sd == 0 || math.IsNaN(mean) || math.IsNaN(sd) {
		return tlo, thi
	}
	half := t975(n-1) * sd / math.Sqrt(float64(n))
	switch {
	case !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && hi > lo:
		p := (mean - lo) / (hi - lo)
		if p <= 0 || p >= 1 {
			return tlo, thi
		}
		g, h := math.Log(p/(1-p)), half/(hi-lo)/(p*(1-p))
		expit := func(x float64) float64 { return lo + (hi-lo)/(1+math.Exp(-x)) }
		return expit(g - h), expit(g + h)
	case !math.IsInf(lo, 0):
		d := mean - lo
		if d <= 0 {
			return tlo, thi
		}
		h := half / d
		return lo + d*math.Exp(-h), lo + d*math.Exp(h)
	}
	return tlo, thi
}
