package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/decentsim/decentsim/stats"
)

// SaltelliDesign returns the points of Saltelli's scheme from two
// independent base samples a and b of N points each in [0,1]^k: for each
// base row j in turn, A_j, B_j, then A_B^i_j for i = 0..k−1 (row j of A
// with coordinate i taken from B): N(k+2) points (Saltelli 2002, "Making
// best use of model evaluations to compute sensitivity indices", Comput.
// Phys. Commun. 145(2); Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output", Comput. Phys. Commun. 181(2), §3). Keeping
// a base row's k+2 points together means a run cut short loses whole
// rows, not columns.
func SaltelliDesign(a, b [][]float64) ([][]float64, error) {
	if len(a) == 0 || len(a) != len(b) {
		return nil, fmt.Errorf("experiment: base samples of %d and %d points; want two of the same size", len(a), len(b))
	}
	k := len(a[0])
	if k < 1 {
		return nil, fmt.Errorf("experiment: base samples of no parameter")
	}
	pts := make([][]float64, 0, len(a)*(k+2))
	for j := range a {
		if len(a[j]) != k || len(b[j]) != k {
			return nil, fmt.Errorf("experiment: base row %d has %d and %d coordinates; want %d", j, len(a[j]), len(b[j]), k)
		}
		pts = append(pts, slices.Clone(a[j]), slices.Clone(b[j]))
		for i := range k {
			p := slices.Clone(a[j])
			p[i] = b[j][i]
			pts = append(pts, p)
		}
	}
	return pts, nil
}

// SobolResult is one parameter's Sobol' indices with 95% bootstrap
// percentile intervals (NaN with no resamples).
type SobolResult struct {
	// S1 is the first-order index: the share of the outcome's variance
	// that the parameter explains alone, V[E(Y|X_i)]/V(Y).
	S1, S1Low, S1High float64
	// ST is the total index: the share it explains with all its
	// interactions, E[V(Y|X_~i)]/V(Y). ST ≥ S1 up to sampling error; a
	// parameter with ST near 0 can be fixed anywhere in its range.
	ST, STLow, STHigh float64
}

// Sobol returns each parameter's first-order and total indices from the
// outcomes y at the points of a SaltelliDesign of k parameters, in its
// order, with 95% bootstrap percentile intervals from resamples
// resamples of the base rows, drawn from rng (Efron and Tibshirani 1993,
// ch. 13). S1 uses the estimator of Saltelli et al. 2010 (Table 2, (b)),
// V_i ≈ mean(f(B)·(f(A_B^i) − f(A))); ST that of Jansen 1999 ("Analysis
// of variance designs for model output", Comput. Phys. Commun. 117),
// V_Ti ≈ mean((f(A) − f(A_B^i))²)/2; both divide by the variance of
// f(A) and f(B) pooled. f(B) is centred on the pooled mean first, which
// leaves the estimator unbiased and cuts its variance when the outcome's
// mean is large against its spread (as SALib does by standardising). A
// base row with a NaN outcome is skipped.
func Sobol(y []float64, k int, rng *rand.Rand, resamples int) ([]SobolResult, error) {
	if k < 1 || len(y) == 0 || len(y)%(k+2) != 0 {
		return nil, fmt.Errorf("experiment: %d outcomes are not a Saltelli design of %d parameters", len(y), k)
	}
	var rows [][]float64
	for j := 0; j < len(y); j += k + 2 {
		r := y[j : j+k+2]
		if !slices.ContainsFunc(r, math.IsNaN) {
			rows = append(rows, r)
		}
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("experiment: %d base rows with outcomes at every point; want at least 2", len(rows))
	}
	s1, st, ok := sobolIndices(rows, k)
	if !ok {
		return nil, ErrNoVariance
	}
	// b1[i] and bt[i] are parameter i's S1 and ST on each resample of
	// the base rows.
	b1 := make([][]float64, k)
	bt := make([][]float64, k)
	sample := make([][]float64, len(rows))
	stats.Bootstrap{Resamples: resamples, Rand: rng}.Resample(len(rows), func(idx []int) {
		for j, r := range idx {
			sample[j] = rows[r]
		}
		s1, st, ok := sobolIndices(sample, k)
		if !ok {
			return // a resample of constant outcomes
		}
		for i := range k {
			b1[i] = append(b1[i], s1[i])
			bt[i] = append(bt[i], st[i])
		}
	})
	res := make([]SobolResult, k)
	for i := range res {
		res[i] = SobolResult{S1: s1[i], ST: st[i]}
		res[i].S1Low, res[i].S1High = stats.Percentiles95(b1[i])
		res[i].STLow, res[i].STHigh = stats.Percentiles95(bt[i])
	}
	return res, nil
}

// sobolIndices returns S1 and ST from base rows (f(A), f(B),
// f(A_B^0), ...); ok is false if the outcome does not vary.
func sobolIndices(rows [][]float64, k int) (s1, st []float64, ok bool) {
	n := float64(len(rows))
	var mean float64
	for _, r := range rows {
		mean += r[0] + r[1]
	}
	mean /= 2 * n
	var v float64
	for _, r := range rows {
		v += (r[0]-mean)*(r[0]-mean) + (r[1]-mean)*(r[1]-mean)
	}
	v /= 2*n - 1
	if !(v > 0) {
		return nil, nil, false
	}
	s1 = make([]float64, k)
	st = make([]float64, k)
	for i := range k {
		var vi, vt float64
		for _, r := range rows {
			fa, fb, fab := r[0], r[1], r[2+i]
			vi += (fb - mean) * (fab - fa)
			vt += (fa - fab) * (fa - fab)
		}
		s1[i] = vi / n / v
		st[i] = vt / (2 * n) / v
	}
	return s1, st, true
}

// saltelliPoints returns Saltelli's design of n base samples for k
// parameters. The base samples A and B are the first and last k
// coordinates of a randomly shifted Sobol' sequence of 2k dimensions (as
// SALib draws them), or, for more parameters than the sequence has
// dimensions for, two independent Latin hypercubes.
func saltelliPoints(rng *rand.Rand, n, k int) ([][]float64, error) {
	if 2*k > MaxSequenceDims {
		return SaltelliDesign(latinHypercube(rng, n, k), latinHypercube(rng, n, k))
	}
	seq, err := SobolSequence(rng, n, 2*k)
	if err != nil {
		return nil, err
	}
	a, b := make([][]float64, n), make([][]float64, n)
	for i, p := range seq {
		a[i], b[i] = p[:k], p[k:]
	}
	return SaltelliDesign(a, b)
}
