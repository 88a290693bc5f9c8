package stats

import "math"

// BoundedInterval returns the 95% interval for the mean of n values with
// mean and standard deviation sd (n−1 denominator) that can only lie in
// [lo, hi]: the Student t interval on a variance-stabilising scale,
// back-transformed, so that it never leaves the bounds. With both bounds
// finite the scale is the arcsine square root of p = (mean−lo)/(hi−lo)
// (a proportion's); with only lo finite, the square root of mean−lo (a
// count's). The standard error is carried over by the delta method
// (se·g′(mean)), and an end beyond the scale's range (0 to π/2, or 0 up)
// is cut at the bound. Far from the bounds it is the t interval; near one
// it is skewed away from it. It is the single value mean where sd is 0,
// NaN for n < 2, and the plain t interval when the mean is on or beyond a
// bound while the values vary (values out of range), or with no finite
// bound.
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
		g, h := math.Asin(math.Sqrt(p)), half/(hi-lo)/(2*math.Sqrt(p*(1-p)))
		back := func(x float64) float64 {
			x = min(max(x, 0), math.Pi/2)
			s := math.Sin(x)
			return lo + (hi-lo)*s*s
		}
		return back(g - h), back(g + h)
	case !math.IsInf(lo, 0):
		d := mean - lo
		if d <= 0 {
			return tlo, thi
		}
		g, h := math.Sqrt(d), half/(2*math.Sqrt(d))
		a, b := max(g-h, 0), g+h
		return lo + a*a, lo + b*b
	}
	return tlo, thi
}
