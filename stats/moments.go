package stats

import "math"

// Moments accumulates a sample's count, mean and sum of squared
// deviations value by value, by Welford's algorithm (Welford 1962, "Note
// on a method for calculating corrected sums of squares and products",
// Technometrics 4(3)), which stays accurate where the naive sum of
// squares cancels and keeps three numbers whatever the sample's size.
// NaN values are skipped. The zero value is an empty sample.
//
// Its results follow the order values come in and can differ in the last
// bits from Describe's, which sorts first.
type Moments struct {
	n    int
	mean float64
	m2   float64 // sum of squared deviations from the mean
}

// Add adds x to the sample; a NaN x is skipped.
func (m *Moments) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// N returns the number of values added (NaN values are not counted).
func (m *Moments) N() int { return m.n }

// Mean returns the sample's mean; NaN if it is empty.
func (m *Moments) Mean() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.mean
}

// Variance returns the sample variance (n−1 denominator); NaN with fewer
// than two values.
func (m *Moments) Variance() float64 {
	if m.n < 2 {
		return math.NaN()
	}
	return m.m2 / float64(m.n-1)
}

// Summary returns the sample's N, Mean, SD and 95% t interval, as
// Describe defines them; the percentiles, which need every value, are
// NaN.
func (m *Moments) Summary() Summary {
	s := nanSummary(m.n)
	s.Mean = m.Mean()
	if m.n < 2 {
		return s
	}
	s.SD = math.Sqrt(m.Variance())
	s.CILow, s.CIHigh = TInterval(s.Mean, s.SD, s.N)
	return s
}

// Mean accumulates the arithmetic mean of values added one by one,
// skipping NaN: their plain sum in the order they come, divided by their
// count at the end. The zero value is an empty sample.
type Mean struct {
	sum float64
	n   int
}

// Add adds x to the sample; a NaN x is skipped.
func (m *Mean) Add(x float64) {
	if !math.IsNaN(x) {
		m.sum += x
		m.n++
	}
}

// N returns the number of values added (NaN values are not counted).
func (m *Mean) N() int { return m.n }

// Value returns the mean of the values added; NaN if there are none.
func (m *Mean) Value() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.sum / float64(m.n)
}
