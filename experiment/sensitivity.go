package experiment

import (
	"math"
	"math/rand/v2"
)

// A Method is a method of global sensitivity analysis.
type Method string

// The methods.
const (
	// MethodMorris screens many parameters cheaply: each one's mean
	// absolute elementary effect mu* (how much it matters), mean mu and
	// standard deviation sigma (interactions or non-linearity).
	MethodMorris Method = "morris"
	// MethodSobol apportions an outcome's variance among a few
	// parameters: first-order (S1) and total (ST) indices.
	MethodSobol Method = "sobol"
)

// Default sample sizes of the two methods.
const (
	DefaultTrajectories = 10 // Morris: Campolongo et al. (2007) use 10 to 20
	DefaultBaseSamples  = 64 // Sobol': small; docs/SENSITIVITY.md says when to use more
)

// MorrisLevels is the number of levels of an analysis's Morris grid: 4
// (so Δ = 2/3), the usual choice (Saltelli et al. 2008, Global
// Sensitivity Analysis: The Primer, §3.3).
const MorrisLevels = 4

// bootstrapResamples is the number of bootstrap resamples of every
// interval.
const bootstrapResamples = 1000

// PCG streams of the design and of the bootstrap, so both depend only on
// the seed and the analysis.
const (
	designStream    = 0x73656e73 // "sens"
	bootstrapStream = 0x626f6f74 // "boot"; plus the outcome's number
)

// A Sensitivity is a global sensitivity analysis of Params parameters:
// its design, in [0,1]^Params, and the estimation of its indices.
type Sensitivity struct {
	Method  Method
	Samples int // Morris trajectories, or Sobol' base samples N
	Params  int // parameters, k
	Seed    uint64
}

// Points returns the number of points of the design: r(k+1) for Morris,
// N(k+2) for Sobol'.
func (s Sensitivity) Points() int {
	if s.Method == MethodMorris {
		return s.Samples * (s.Params + 1)
	}
	return s.Samples * (s.Params + 2)
}

// Design returns the analysis's points in [0,1]^k: Morris trajectories,
// or Saltelli's points, drawn from the seed's design stream. It depends
// on nothing else, so the design of a sharded analysis can be rebuilt.
func (s Sensitivity) Design() ([][]float64, error) {
	rng := rand.New(rand.NewPCG(s.Seed, designStream))
	if s.Method == MethodMorris {
		return MorrisDesign(rng, s.Samples, s.Params, MorrisLevels)
	}
	return saltelliPoints(rng, s.Samples, s.Params)
}

// An Index is one parameter's estimated index, with its 95% bootstrap
// interval (NaN where it has none).
type Index struct {
	Param            int    // the parameter's number
	Name             string // mu_star, mu, sigma (Morris); S1, ST (Sobol')
	Value, Low, High float64
}

// Estimate returns each parameter's indices from the outcomes y at the
// points unit of the analysis's Design, in its order: for Morris mu_star
// (with an interval), mu and sigma; for Sobol' S1 and ST. Outcome
// number outcome's bootstrap draws from its own PCG stream, so its
// intervals do not depend on which other outcomes are estimated. For an
// outcome that does not vary, the error is ErrNoVariance (Morris still
// returns its indices, all 0).
func (s Sensitivity) Estimate(unit [][]float64, y []float64, outcome int) ([]Index, error) {
	rng := rand.New(rand.NewPCG(s.Seed, bootstrapStream+uint64(outcome)))
	var idx []Index
	add := func(p int, name string, v, lo, hi float64) {
		idx = append(idx, Index{Param: p, Name: name, Value: v, Low: lo, High: hi})
	}
	if s.Method == MethodSobol {
		res, err := Sobol(y, s.Params, rng, bootstrapResamples)
		if err != nil {
			return nil, err
		}
		for p, r := range res {
			add(p, "S1", r.S1, r.S1Low, r.S1High)
			add(p, "ST", r.ST, r.STLow, r.STHigh)
		}
		return idx, nil
	}
	res, err := Morris(unit, y, s.Params, rng, bootstrapResamples)
	if err != nil {
		return nil, err
	}
	still := true
	nan := math.NaN()
	for p, r := range res {
		add(p, "mu_star", r.MuStar, r.MuStarLow, r.MuStarHigh)
		add(p, "mu", r.Mu, nan, nan)
		add(p, "sigma", r.Sigma, nan, nan)
		still = still && r.MuStar == 0
	}
	if still {
		return idx, ErrNoVariance
	}
	return idx, nil
}
