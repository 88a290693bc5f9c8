package validate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"gonum.org/v1/gonum/optimize"

	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Target is a calibration target file: which parameters are free, within
// which bounds, and which statistics (see Patterns) they are fitted to.
//
//	trials = 8              # trials per evaluation (the same seeds every time)
//	seed = 1
//	max_evaluations = 80
//
//	[[free]]
//	key = "behavior.civic_duty"
//	lo = 0.0
//	hi = 3.0
//
//	[[target]]
//	stat = "maslikhat_turnout_2016"   # value defaults to the pattern's
//	weight = 1.0
type Target struct {
	Trials         int      `toml:"trials"`
	Seed           uint64   `toml:"seed"`
	MaxEvaluations int      `toml:"max_evaluations"`
	Free           []Free   `toml:"free"`
	Targets        []Moment `toml:"target"`
	ABC            ABC      `toml:"abc"` // settings of --method abc
}

// Free is a free parameter and its search bounds.
type Free struct {
	Key string  `toml:"key"`
	Lo  float64 `toml:"lo"`
	Hi  float64 `toml:"hi"`
}

// Moment is one statistic to fit: its observed value (the pattern's when
// not given), scaled by the pattern's tolerance, with a weight.
type Moment struct {
	Stat   string   `toml:"stat"`
	Value  *float64 `toml:"value"`
	Weight float64  `toml:"weight"`
}

// ReadTarget reads and checks a calibration target file.
func ReadTarget(path string) (*Target, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	var t Target
	md, err := toml.Decode(string(src), &t)
	if err != nil {
		return nil, fmt.Errorf("validate: %s: %w", path, err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, fmt.Errorf("%s: unknown key %q (hint: the keys are trials, seed, max_evaluations, [[free]] key/lo/hi, [[target]] stat/value/weight, [abc] particles/draws/generations/quantile/max_proposals)", path, k.String()))
	}
	if t.Trials < 1 {
		t.Trials = 8
	}
	if t.MaxEvaluations < 1 {
		t.MaxEvaluations = 80
	}
	keys := map[string]sim.Key{}
	for _, k := range sim.Keys() {
		keys[k.Name] = k
	}
	for _, f := range t.Free {
		k, ok := keys[f.Key]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: free parameter %q is not a parameter (hint: see docs/ODD.md for the keys)", path, f.Key))
		case k.Kind.String() != "float64":
			errs = append(errs, fmt.Errorf("%s: free parameter %q is not a real number; only real-valued parameters can be calibrated", path, f.Key))
		case !(f.Lo < f.Hi):
			errs = append(errs, fmt.Errorf("%s: free parameter %q has lo %v not below hi %v", path, f.Key, f.Lo, f.Hi))
		case k.CheckRange(f.Lo) != nil || k.CheckRange(f.Hi) != nil:
			errs = append(errs, fmt.Errorf("%s: free parameter %q bounds [%v, %v] leave its admissible range", path, f.Key, f.Lo, f.Hi))
		}
	}
	for i, m := range t.Targets {
		p, ok := patternByStat(m.Stat)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: target %q is not a statistic (hint: one of %s)", path, m.Stat, strings.Join(statNames(), ", ")))
		case !p.InSample && m.Value == nil:
			errs = append(errs, fmt.Errorf("%s: target %q was observed after July 2021: the split sample keeps it out of the fit (hint: fit to %s; a synthetic target with its own value = ... is allowed)", path, m.Stat, strings.Join(inSampleNames(), ", ")))
		}
		if m.Weight == 0 {
			t.Targets[i].Weight = 1
		}
	}
	if len(t.Free) == 0 || len(t.Targets) == 0 {
		errs = append(errs, fmt.Errorf("%s: needs at least one [[free]] parameter and one [[target]]", path))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &t, nil
}

func patternByStat(stat string) (Pattern, bool) {
	for _, p := range Patterns {
		if p.Stat == stat {
			return p, true
		}
	}
	return Pattern{}, false
}

func inSampleNames() []string {
	var n []string
	for _, p := range Patterns {
		if p.InSample {
			n = append(n, p.Stat)
		}
	}
	return n
}

func statNames() []string {
	var n []string
	for _, p := range Patterns {
		n = append(n, p.Stat)
	}
	return n
}

// TunedBy maps each targeted statistic to the free parameters fitted to it.
func (t *Target) TunedBy() map[string][]string {
	m := map[string][]string{}
	for _, g := range t.Targets {
		for _, f := range t.Free {
			m[g.Stat] = append(m[g.Stat], f.Key)
		}
	}
	return m
}

// Evaluation is one point the search visited.
type Evaluation struct {
	Values   []float64 // free parameter values
	Distance float64
}

// Fit is a calibration's outcome.
type Fit struct {
	Target      *Target
	Best        []float64          // free parameter values at the best point
	Start       []float64          // their values before calibration
	Distance    float64            // the best point's distance
	StartDist   float64            // the starting point's distance
	Simulated   map[string]float64 // statistics at the best point (means over trials)
	Evaluations []Evaluation
}

// Calibrate searches the free parameters of t for the point whose
// simulated statistics (means over t.Trials trials, the same seeds at
// every point: common random numbers) are closest to the targets, by
// Nelder-Mead (gonum/optimize) on the simulated-method-of-moments
// distance sum_i w_i ((sim_i - target_i) / tolerance_i)^2. Parameters are
// searched on a logistic scale inside their bounds. The search is
// deterministic: the same base, target and seed give the same fit.
func Calibrate(ctx context.Context, base *sim.Params, months int, t *Target, workers int, progress func(evals int, best float64)) (*Fit, error) {
	fit := &Fit{Target: t}
	x0 := make([]float64, len(t.Free))
	z0 := make([]float64, len(t.Free))
	for i, f := range t.Free {
		v, _ := base.Get(f.Key)
		x := v.(float64)
		x0[i] = x
		u := (x - f.Lo) / (f.Hi - f.Lo)
		u = math.Min(0.99, math.Max(0.01, u))
		z0[i] = math.Log(u / (1 - u))
	}
	fit.Start = x0
	toX := func(z []float64) []float64 {
		x := make([]float64, len(z))
		for i, f := range t.Free {
			x[i] = f.Lo + (f.Hi-f.Lo)/(1+math.Exp(-z[i]))
		}
		return x
	}
	var evalErr error
	bestD := math.Inf(1)
	eval := func(x []float64) (float64, map[string]float64) {
		p := *base
		p.Events = append([]sim.Event(nil), base.Events...)
		for i, f := range t.Free {
			if err := p.Set(f.Key, sim.Float(x[i])); err != nil {
				evalErr = err
				return math.Inf(1), nil
			}
		}
		means, err := meanStats(ctx, &p, months, t.Seed, t.Trials, workers)
		if err != nil {
			evalErr = err
			return math.Inf(1), nil
		}
		return distance(t, means), means
	}
	problem := optimize.Problem{
		Func: func(z []float64) float64 {
			if evalErr != nil {
				return math.Inf(1)
			}
			x := toX(z)
			d, _ := eval(x)
			fit.Evaluations = append(fit.Evaluations, Evaluation{Values: x, Distance: d})
			bestD = math.Min(bestD, d)
			if progress != nil {
				progress(len(fit.Evaluations), bestD)
			}
			return d
		},
		Status: func() (optimize.Status, error) {
			if evalErr != nil {
				return optimize.Failure, evalErr
			}
			return optimize.NotTerminated, nil
		},
	}
	settings := &optimize.Settings{
		FuncEvaluations: t.MaxEvaluations,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-4, Relative: 1e-4, Iterations: 20},
		Concurrent:      1,
	}
	// A simplex of one logit unit spans a good part of each bound at once.
	res, err := optimize.Minimize(problem, z0, settings, &optimize.NelderMead{SimplexSize: 1})
	if evalErr != nil {
		return nil, evalErr
	}
	if err != nil && res == nil {
		return nil, fmt.Errorf("validate: calibration: %w", err)
	}
	// The best point visited (Minimize's may be the simplex's, equal to it).
	best := 0
	for i, e := range fit.Evaluations {
		if e.Distance < fit.Evaluations[best].Distance {
			best = i
		}
	}
	fit.Best = fit.Evaluations[best].Values
	fit.Distance = fit.Evaluations[best].Distance
	fit.StartDist = fit.Evaluations[0].Distance
	_, fit.Simulated = eval(fit.Best)
	return fit, nil
}

// distance is the SMM distance of simulated means from the targets.
func distance(t *Target, means map[string]float64) float64 {
	d := 0.0
	for _, m := range t.Targets {
		p, _ := patternByStat(m.Stat)
		target := p.Target
		if m.Value != nil {
			target = *m.Value
		}
		s := means[m.Stat]
		if math.IsNaN(s) {
			return math.Inf(1)
		}
		p.Target = target
		z := p.Z(s)
		d += m.Weight * z * z
	}
	return d
}

// meanStats runs trials 0..n-1 and returns each statistic's mean over the
// trials where it is defined.
func meanStats(ctx context.Context, p *sim.Params, months int, seed uint64, n, workers int) (map[string]float64, error) {
	all, err := trialStats(ctx, p, months, seed, n, workers)
	if err != nil {
		return nil, err
	}
	means := map[string]float64{}
	for _, name := range statNames() {
		var mean stats.Mean
		for _, st := range all {
			mean.Add(st[name])
		}
		means[name] = mean.Value()
	}
	return means, nil
}

// trialStats runs trials 0..n-1 with up to workers at once and returns
// their statistics in trial order.
func trialStats(ctx context.Context, p *sim.Params, months int, seed uint64, n, workers int) ([]map[string]float64, error) {
	return drawnTrialStats(ctx, p, nil, months, seed, n, workers)
}

// drawnTrialStats is trialStats with each trial's parameters drawn from
// post (nil: p's for every trial).
func drawnTrialStats(ctx context.Context, p *sim.Params, post *experiment.Posterior, months int, seed uint64, n, workers int) ([]map[string]float64, error) {
	out := make([]map[string]float64, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, max(1, workers))
	for tr := 0; tr < n; tr++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(tr int) {
			defer wg.Done()
			defer func() { <-sem }()
			q := p
			var err error
			if post != nil {
				q, err = post.Draw(p, seed, tr)
			}
			var st map[string]float64
			if err == nil {
				st, err = Stats(ctx, q, months, seed, tr)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			out[tr] = st
		}(tr)
	}
	wg.Wait()
	return out, first
}

// FitTable renders the fit as markdown: parameters before and after, and
// each target's observed and simulated value.
func (f *Fit) FitTable() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Calibration: Nelder-Mead on the simulated-method-of-moments distance, %d trials per evaluation (common random numbers, seed %d), %d evaluations; distance %.4g at the start, %.4g at the best point.\n\n",
		f.Target.Trials, f.Target.Seed, len(f.Evaluations), f.StartDist, f.Distance)
	b.WriteString("| parameter | bounds | before | after |\n|---|---|---:|---:|\n")
	for i, fr := range f.Target.Free {
		fmt.Fprintf(&b, "| `%s` | [%g, %g] | %.4g | %.4g |\n", fr.Key, fr.Lo, fr.Hi, f.Start[i], f.Best[i])
	}
	b.WriteString("\n| target statistic | observed | simulated | within | weight |\n|---|---:|---:|---:|---:|\n")
	targets := append([]Moment(nil), f.Target.Targets...)
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].Stat < targets[j].Stat })
	for _, m := range targets {
		p, _ := patternByStat(m.Stat)
		obs := p.Target
		if m.Value != nil {
			obs = *m.Value
		}
		p.Target = obs
		lo, hi := p.Interval()
		fmt.Fprintf(&b, "| %s | %.4g | %.4g | [%.4g, %.4g] | %g |\n", m.Stat, obs, f.Simulated[m.Stat], lo, hi, m.Weight)
	}
	return b.String()
}
