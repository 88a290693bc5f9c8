package stats

import (
	"math"
	"slices"
)

// Weighted is a value with its weight, such as a unit's service level
// with the unit's population.
type Weighted struct {
	X, W float64
}

// Gini returns the weighted Gini coefficient of the values in ps, from
// the Lorenz curve: with ps sorted by X, W the total weight, T the total
// W·X and L_i the share of T held by the first i values,
// G = 1 − Σ_i (w_i/W)(L_{i−1} + L_i) (Gini 1912; the trapezoid rule under
// the Lorenz curve). With whole weights it is the Gini coefficient of the
// values repeated as often as their weights, Σ_i Σ_j |x_i − x_j| /
// (2n²·mean), without the n/(n−1) correction. It is 0 where all weight
// or all of T is zero, and NaN with no values. It sorts ps in place and
// allocates nothing.
func Gini(ps []Weighted) float64 {
	if len(ps) == 0 {
		return math.NaN()
	}
	slices.SortFunc(ps, func(a, b Weighted) int {
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		}
		return 0
	})
	var W, T float64
	for _, p := range ps {
		W += p.W
		T += p.W * p.X
	}
	if W == 0 || T == 0 {
		return 0
	}
	g, cum := 0.0, 0.0
	for _, p := range ps {
		prev := cum
		cum += p.W * p.X / T
		g += p.W / W * (prev + cum)
	}
	return 1 - g
}
