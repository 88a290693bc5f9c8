package stats

import (
	"cmp"
	"math"
	"slices"
)

// MannWhitneyResult is the two-sided Mann-Whitney U test (Wilcoxon
// rank-sum test; Mann and Whitney 1947, "On a test of whether one of two
// random variables is stochastically larger than the other", Annals of
// Mathematical Statistics 18(1)) of a against b.
type MannWhitneyResult struct {
	U float64 // U of a: the pairs (a[i], b[j]) with a[i] > b[j], a tie counting one half
	Z float64 // (U − na·nb/2) over its standard deviation, after the continuity correction; positive when a tends above b
	P float64 // two-sided p-value of Z
}

// MannWhitney tests whether a and b come from the same distribution
// against the alternative that one tends to lie above the other, with
// the normal approximation of U's distribution, the tie correction of
// its variance and a continuity correction of 0.5: SciPy's
// mannwhitneyu(a, b, method="asymptotic") and R's
// wilcox.test(a, b, exact = FALSE, correct = TRUE). With thirty values a
// side the approximation is close to the exact distribution. NaN values
// are skipped; with no value on either side every field is NaN. Where
// every value is the same, U's variance is 0 and P is 1.
func MannWhitney(a, b []float64) MannWhitneyResult {
	type obs struct {
		x     float64
		fromA bool
	}
	all := make([]obs, 0, len(a)+len(b))
	var na, nb int
	for _, x := range a {
		if !math.IsNaN(x) {
			all = append(all, obs{x, true})
			na++
		}
	}
	for _, x := range b {
		if !math.IsNaN(x) {
			all = append(all, obs{x, false})
			nb++
		}
	}
	if na == 0 || nb == 0 {
		nan := math.NaN()
		return MannWhitneyResult{U: nan, Z: nan, P: nan}
	}
	slices.SortFunc(all, func(p, q obs) int { return cmp.Compare(p.x, q.x) })
	n1, n2 := float64(na), float64(nb)
	n := n1 + n2
	var rankA, ties float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].x == all[i].x {
			j++
		}
		rank := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			if all[k].fromA {
				rankA += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	r := MannWhitneyResult{U: rankA - n1*(n1+1)/2}
	mu := n1 * n2 / 2
	sigma := math.Sqrt(n1 * n2 / 12 * ((n + 1) - ties/(n*(n-1))))
	if sigma == 0 {
		r.P = 1
		return r
	}
	dev := max(0, math.Abs(r.U-mu)-0.5)
	r.Z = math.Copysign(dev/sigma, r.U-mu)
	r.P = math.Erfc(dev / sigma / math.Sqrt2)
	return r
}
