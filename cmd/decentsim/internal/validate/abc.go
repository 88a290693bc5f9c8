package validate

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// ABC is the target file's [abc] table: the settings of approximate
// Bayesian computation (calibrate --method abc).
//
//	[abc]
//	particles = 20     # particles of each generation (the posterior's size)
//	draws = 60         # prior draws of the rejection step (at least particles)
//	generations = 2    # sequential Monte Carlo generations after it (0: rejection only)
//	quantile = 0.5     # each generation's tolerance: this quantile of the last one's distances
//	max_proposals = 80 # proposals a generation may make before it settles for the best
type ABC struct {
	Particles    int     `toml:"particles"`
	Draws        int     `toml:"draws"`
	Generations  int     `toml:"generations"`
	Quantile     float64 `toml:"quantile"`
	MaxProposals int     `toml:"max_proposals"`
}

// defaults fills the unset settings.
func (a *ABC) defaults() {
	if a.Particles < 2 {
		a.Particles = 20
	}
	if a.Draws < a.Particles {
		a.Draws = 3 * a.Particles
	}
	if a.Quantile <= 0 || a.Quantile >= 1 {
		a.Quantile = 0.5
	}
	if a.MaxProposals < a.Particles {
		a.MaxProposals = 4 * a.Particles
	}
}

// Generation is one generation of an ABC run.
type Generation struct {
	Epsilon   float64 // the distance a particle had to be within
	Proposals int     // parameter points simulated
	Accepted  int     // of which accepted (at most the particles)
	Fallback  bool    // too few were within Epsilon: the best were taken
}

// ABCResult is an ABC run's outcome: the last generation's particles,
// weighted, and how each generation went.
type ABCResult struct {
	Target      *Target
	Posterior   *experiment.Posterior
	Generations []Generation
}

// particle is a proposal and its distance.
type particle struct {
	x []float64
	d float64
}

// CalibrateABC draws the posterior of t's free parameters given its
// targets by approximate Bayesian computation: a rejection step (the
// Draws prior points closest to the targets; Pritchard et al. 1999), then
// Generations steps of sequential Monte Carlo (Toni et al. 2009; Beaumont
// et al. 2009): particles resampled by weight and moved by a Gaussian
// kernel of twice their weighted variance, accepted within a tolerance
// that shrinks to a quantile of the last generation's distances, and
// weighted by the uniform prior over the kernel mixture. The prior is
// uniform within each free parameter's bounds. Each proposal is simulated
// with t.Trials trials of its own seed (no common random numbers: the
// posterior carries the model's own noise), and the distance is the
// simulated-method-of-moments distance of Calibrate. Deterministic for
// t.Seed whatever the number of workers.
func CalibrateABC(ctx context.Context, base *sim.Params, months int, t *Target, workers int, progress func(gen, done, total int)) (*ABCResult, error) {
	a := t.ABC
	a.defaults()
	rng := rand.New(rand.NewPCG(t.Seed, 0xabc))
	res := &ABCResult{Target: t}
	sims := 0
	simulate := func(xs [][]float64, gen int) ([]float64, error) {
		ds, err := abcDistances(ctx, base, months, t, xs, sims, workers, func(done int) {
			if progress != nil {
				progress(gen, done, len(xs))
			}
		})
		sims += len(xs)
		return ds, err
	}
	xs := make([][]float64, a.Draws)
	for i := range xs {
		xs[i] = make([]float64, len(t.Free))
		for k, f := range t.Free {
			xs[i][k] = f.Lo + (f.Hi-f.Lo)*rng.Float64()
		}
	}
	ds, err := simulate(xs, 0)
	if err != nil {
		return nil, err
	}
	cur := best(xs, ds, a.Particles)
	w := make([]float64, len(cur))
	for i := range w {
		w[i] = 1 / float64(len(w))
	}
	res.Generations = append(res.Generations, Generation{Epsilon: cur[len(cur)-1].d, Proposals: a.Draws, Accepted: len(cur)})
	for g := 1; g <= a.Generations; g++ {
		var gen Generation
		cur, w, gen, err = smcStep(cur, w, t, a, rng, func(xs [][]float64) ([]float64, error) { return simulate(xs, g) })
		if err != nil {
			return nil, err
		}
		res.Generations = append(res.Generations, gen)
	}
	post := &experiment.Posterior{Weights: w}
	for _, f := range t.Free {
		post.Keys = append(post.Keys, f.Key)
	}
	for _, p := range cur {
		post.Values = append(post.Values, p.x)
		post.Distance = append(post.Distance, p.d)
	}
	res.Posterior = post
	return res, nil
}

// best returns the n points with the smallest distances, closest first
// (ties in the order given).
func best(xs [][]float64, ds []float64, n int) []particle {
	ps := make([]particle, len(xs))
	for i := range xs {
		ps[i] = particle{xs[i], ds[i]}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].d < ps[j].d })
	return ps[:min(n, len(ps))]
}

// smcStep is one generation of ABC-SMC from the particles cur, weighted w.
func smcStep(cur []particle, w []float64, t *Target, a ABC, rng *rand.Rand, simulate func([][]float64) ([]float64, error)) ([]particle, []float64, Generation, error) {
	ds := make([]float64, len(cur))
	for i, p := range cur {
		ds[i] = p.d
	}
	sort.Float64s(ds)
	gen := Generation{Epsilon: stats.Quantile(ds, a.Quantile)}
	sigma := kernelWidths(cur, w, t)
	var all []particle
	var acc []particle
	for gen.Proposals < a.MaxProposals && len(acc) < a.Particles {
		n := min(a.Particles-len(acc), a.MaxProposals-gen.Proposals)
		xs := make([][]float64, n)
		for i := range xs {
			xs[i] = propose(cur, w, sigma, t, rng)
		}
		dd, err := simulate(xs)
		if err != nil {
			return nil, nil, gen, err
		}
		gen.Proposals += n
		for i := range xs {
			all = append(all, particle{xs[i], dd[i]})
			if dd[i] <= gen.Epsilon && len(acc) < a.Particles {
				acc = append(acc, particle{xs[i], dd[i]})
			}
		}
	}
	if len(acc) < a.Particles {
		xs := make([][]float64, len(all))
		dd := make([]float64, len(all))
		for i, p := range all {
			xs[i], dd[i] = p.x, p.d
		}
		acc = best(xs, dd, a.Particles)
		gen.Fallback, gen.Epsilon = true, acc[len(acc)-1].d
	}
	gen.Accepted = len(acc)
	nw := make([]float64, len(acc))
	total := 0.0
	for i, p := range acc {
		mix := 0.0
		for j, q := range cur {
			mix += w[j] * kernel(p.x, q.x, sigma)
		}
		nw[i] = 1 / mix
		total += nw[i]
	}
	for i := range nw {
		nw[i] /= total
	}
	return acc, nw, gen, nil
}

// kernelWidths are the Gaussian kernel's standard deviations: the square
// root of twice each parameter's weighted variance over the particles
// (Beaumont et al. 2009), at least a thousandth of its bounds.
func kernelWidths(cur []particle, w []float64, t *Target) []float64 {
	sigma := make([]float64, len(t.Free))
	for k, f := range t.Free {
		m, v := 0.0, 0.0
		for i, p := range cur {
			m += w[i] * p.x[k]
		}
		for i, p := range cur {
			v += w[i] * (p.x[k] - m) * (p.x[k] - m)
		}
		sigma[k] = math.Max(math.Sqrt(2*v), 1e-3*(f.Hi-f.Lo))
	}
	return sigma
}

// propose resamples a particle by weight and moves it by the kernel until
// it lies within the bounds.
func propose(cur []particle, w, sigma []float64, t *Target, rng *rand.Rand) []float64 {
	for {
		u, i := rng.Float64(), 0
		for acc := w[0]; u >= acc && i < len(w)-1; acc += w[i] {
			i++
		}
		x := make([]float64, len(sigma))
		ok := true
		for k, f := range t.Free {
			x[k] = cur[i].x[k] + sigma[k]*rng.NormFloat64()
			ok = ok && x[k] >= f.Lo && x[k] <= f.Hi
		}
		if ok {
			return x
		}
	}
}

// kernel is the product of Gaussian densities of x around y (the constant
// factors cancel in the weights).
func kernel(x, y, sigma []float64) float64 {
	s := 0.0
	for k := range x {
		z := (x[k] - y[k]) / sigma[k]
		s += z * z
	}
	return math.Exp(-s / 2)
}

// abcDistances simulates each point of xs with t.Trials trials of its own
// run seed (derived from t.Seed and the point's number first+i over the
// whole ABC run) and returns its distance from the targets.
func abcDistances(ctx context.Context, base *sim.Params, months int, t *Target, xs [][]float64, first, workers int, done func(int)) ([]float64, error) {
	ds := make([]float64, len(xs))
	errs := make([]error, len(xs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	finished := 0
	sem := make(chan struct{}, max(1, workers))
	for i := range xs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			p := *base
			p.Events = append([]sim.Event(nil), base.Events...)
			for k, f := range t.Free {
				if err := p.Set(f.Key, sim.Float(xs[i][k])); err != nil {
					errs[i] = err
					return
				}
			}
			means, err := meanStats(ctx, &p, months, sim.TrialSeed(t.Seed, first+i), t.Trials, 1)
			errs[i] = err
			if err == nil {
				ds[i] = distance(t, means)
			}
			mu.Lock()
			finished++
			if done != nil {
				done(finished)
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// Interval is a parameter's posterior summary.
type Interval struct {
	Key                 string
	Mean, P05, P50, P95 float64
}

// Intervals summarises each parameter of the posterior: weighted mean and
// 5%, 50% and 95% weighted quantiles.
func (r *ABCResult) Intervals() []Interval {
	return PosteriorIntervals(r.Posterior)
}

// PosteriorIntervals summarises each parameter of p (see Intervals).
func PosteriorIntervals(p *experiment.Posterior) []Interval {
	out := make([]Interval, len(p.Keys))
	for k, key := range p.Keys {
		idx := make([]int, len(p.Values))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return p.Values[idx[a]][k] < p.Values[idx[b]][k] })
		q := func(u float64) float64 {
			acc := 0.0
			for _, i := range idx {
				acc += p.Weights[i]
				if acc >= u {
					return p.Values[i][k]
				}
			}
			return p.Values[idx[len(idx)-1]][k]
		}
		m := 0.0
		for i, v := range p.Values {
			m += p.Weights[i] * v[k]
		}
		out[k] = Interval{Key: key, Mean: m, P05: q(0.05), P50: q(0.5), P95: q(0.95)}
	}
	return out
}

// Table renders the ABC run as markdown: the generations and each
// parameter's posterior.
func (r *ABCResult) Table() string {
	var b bytes.Buffer
	t := r.Target
	fmt.Fprintf(&b, "Approximate Bayesian computation: uniform priors within the bounds, rejection then %d generations of sequential Monte Carlo (Toni et al. 2009; Beaumont et al. 2009), %d particles, %d trials per proposal (seed %d); distance: the sum over targets of (distance in tolerances)^2.\n\n",
		len(r.Generations)-1, len(r.Posterior.Values), t.Trials, t.Seed)
	b.WriteString("| generation | tolerance (distance) | proposals | accepted |\n|---:|---:|---:|---:|\n")
	for i, g := range r.Generations {
		note := ""
		if g.Fallback {
			note = " (the best of the proposals)"
		}
		fmt.Fprintf(&b, "| %d | %.4g%s | %d | %d |\n", i, g.Epsilon, note, g.Proposals, g.Accepted)
	}
	b.WriteString("\n| parameter | bounds | posterior mean | 5% | median | 95% |\n|---|---|---:|---:|---:|---:|\n")
	for k, iv := range r.Intervals() {
		f := t.Free[k]
		fmt.Fprintf(&b, "| `%s` | [%g, %g] | %.4g | %.4g | %.4g | %.4g |\n", iv.Key, f.Lo, f.Hi, iv.Mean, iv.P05, iv.P50, iv.P95)
	}
	return b.String()
}
