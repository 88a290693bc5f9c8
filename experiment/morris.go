package experiment

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/decentsim/decentsim/stats"
)

// MorrisDelta returns Morris's step Δ = p / (2(p−1)) for p levels (p
// even), the step that makes every level equally likely to be sampled
// (Morris 1991, §3).
func MorrisDelta(levels int) float64 {
	return float64(levels) / (2 * float64(levels-1))
}

// MorrisDesign returns r trajectories of k+1 points each in [0,1]^k, one
// after another: r(k+1) points. Each trajectory starts at a random point
// of the grid {0, 1/(p−1), ..., 1} of p levels (p even, at least 2) and
// moves one coordinate at a time, in a random order and a random
// direction, by Δ = p/(2(p−1)) (Morris 1991, "Factorial sampling plans
// for preliminary computational experiments", Technometrics 33(2); the
// matrix B* of its §3, here built coordinate by coordinate).
func MorrisDesign(rng *rand.Rand, r, k, levels int) ([][]float64, error) {
	switch {
	case r < 1:
		return nil, fmt.Errorf("experiment: %d trajectories; want at least 1", r)
	case k < 1:
		return nil, fmt.Errorf("experiment: %d parameters; want at least 1", k)
	case levels < 2 || levels%2 != 0:
		return nil, fmt.Errorf("experiment: %d levels; want an even number of at least 2", levels)
	}
	delta := MorrisDelta(levels)
	step := 1 / float64(levels-1)
	pts := make([][]float64, 0, r*(k+1))
	for range r {
		x := make([]float64, k)
		dir := make([]float64, k)
		for i := range k {
			// A base in the lower half of the grid, so base+Δ ≤ 1; a
			// downward move starts from base+Δ.
			x[i] = float64(rng.IntN(levels/2)) * step
			dir[i] = 1
			if rng.IntN(2) == 0 {
				x[i] += delta
				dir[i] = -1
			}
		}
		pts = append(pts, slices.Clone(x))
		for _, i := range rng.Perm(k) {
			x[i] = clamp01(x[i] + dir[i]*delta)
			pts = append(pts, slices.Clone(x))
		}
	}
	return pts, nil
}

// clamp01 removes rounding below 0 or above 1.
func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// MorrisResult is one parameter's summary of its elementary effects,
// measured in the outcome's units per unit of [0,1]: per the parameter's
// whole range.
type MorrisResult struct {
	// Mu is the mean elementary effect; effects of opposite signs cancel
	// in it, so it says the direction of a monotonic effect.
	Mu float64
	// MuStar is the mean absolute elementary effect (Campolongo, Cariboni
	// and Saltelli 2007, "An effective screening design for sensitivity
	// analysis of large models", Environ. Model. Softw. 22(10)): how much
	// the parameter matters at all.
	MuStar float64
	// Sigma is the standard deviation of the effects: large where the
	// effect depends on where the other parameters are (interactions) or
	// on the parameter's own value (non-linearity).
	Sigma float64
	// MuStarLow and MuStarHigh are a 95% bootstrap percentile interval of
	// MuStar over the trajectories (NaN with no resamples).
	MuStarLow, MuStarHigh float64
	// Effects is the number of elementary effects (the trajectories).
	Effects int
}

// ErrNoVariance is returned when the outcome does not vary: no index is
// defined.
var ErrNoVariance = errors.New("experiment: the outcome does not vary")

// Morris returns each parameter's Morris summary from the points x of a
// MorrisDesign of k parameters and the outcomes y at them, in the same
// order. A trajectory with a NaN outcome is skipped. resamples bootstrap
// resamples of the trajectories, drawn from rng, give MuStar's interval
// (none if resamples is 0).
func Morris(x [][]float64, y []float64, k int, rng *rand.Rand, resamples int) ([]MorrisResult, error) {
	if k < 1 || len(x) == 0 || len(x)%(k+1) != 0 || len(y) != len(x) {
		return nil, fmt.Errorf("experiment: %d points and %d outcomes are not trajectories of %d parameters", len(x), len(y), k)
	}
	// ee[t][i] is trajectory t's elementary effect of parameter i.
	var ee [][]float64
	for t := 0; t < len(x); t += k + 1 {
		e := make([]float64, k)
		ok := true
		for s := t; s < t+k; s++ {
			i := changed(x[s], x[s+1])
			if i < 0 {
				return nil, fmt.Errorf("experiment: points %d and %d differ in more or fewer than one parameter", s, s+1)
			}
			d := x[s+1][i] - x[s][i]
			e[i] = (y[s+1] - y[s]) / d
			if math.IsNaN(e[i]) {
				ok = false
			}
		}
		if ok {
			ee = append(ee, e)
		}
	}
	if len(ee) == 0 {
		return nil, errors.New("experiment: no trajectory has outcomes at every point")
	}
	// boot[i] is parameter i's MuStar on each resample of the
	// trajectories.
	boot := make([][]float64, k)
	sample := make([][]float64, len(ee))
	stats.Bootstrap{Resamples: resamples, Rand: rng}.Resample(len(ee), func(idx []int) {
		for j, t := range idx {
			sample[j] = ee[t]
		}
		for i := range k {
			boot[i] = append(boot[i], morrisSummary(sample, i).MuStar)
		}
	})
	res := make([]MorrisResult, k)
	for i := range res {
		res[i] = morrisSummary(ee, i)
		res[i].MuStarLow, res[i].MuStarHigh = stats.Percentiles95(boot[i])
	}
	return res, nil
}

// morrisSummary returns mu, mu* and sigma of parameter i's effects.
func morrisSummary(ee [][]float64, i int) MorrisResult {
	n := float64(len(ee))
	var mu, abs float64
	for _, e := range ee {
		mu += e[i]
		abs += math.Abs(e[i])
	}
	mu /= n
	var ss float64
	for _, e := range ee {
		ss += (e[i] - mu) * (e[i] - mu)
	}
	sigma := math.NaN()
	if len(ee) > 1 {
		sigma = math.Sqrt(ss / (n - 1))
	}
	return MorrisResult{Mu: mu, MuStar: abs / n, Sigma: sigma, Effects: len(ee)}
}

// changed returns the one coordinate in which a and b differ, or −1.
func changed(a, b []float64) int {
	at := -1
	for i := range a {
		if a[i] != b[i] {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}
