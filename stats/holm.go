package stats

import (
	"math"
	"slices"
)

// Holm returns Holm's step-down adjustment of the p-values ps (Holm 1979,
// "A simple sequentially rejective multiple test procedure", Scandinavian
// Journal of Statistics 6(2)), in the order given: with the m non-NaN
// p-values sorted, p(1) ≤ … ≤ p(m), the adjusted p(i) is
// max over j ≤ i of min(1, (m−j+1)·p(j)). Rejecting where the adjusted
// value is below α keeps the chance of any false rejection among the m
// tests at most α, whatever their dependence. NaN values stay NaN and do
// not count in m. It is R's p.adjust(p, "holm").
func Holm(ps []float64) []float64 {
	out := make([]float64, len(ps))
	var idx []int
	for i, p := range ps {
		out[i] = math.NaN()
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	// A stable sort keeps equal p-values in input order, so the result
	// does not depend on the sort's algorithm.
	slices.SortStableFunc(idx, func(i, j int) int {
		switch {
		case ps[i] < ps[j]:
			return -1
		case ps[i] > ps[j]:
			return 1
		}
		return 0
	})
	m := len(idx)
	running := 0.0
	for rank, i := range idx {
		running = max(running, min(1, float64(m-rank)*ps[i]))
		out[i] = running
	}
	return out
}
