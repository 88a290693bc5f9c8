package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/sensitivity"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const sensitivitySynopsis = "sensitivity SCENARIO --param section.key=lo:hi [--param ...] [--method morris|sobol] [--samples N] [--metric NAME ...] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--force] [--quiet] [--no-charts]"

const sensitivityExample = `  decentsim sensitivity classroom --method morris --samples 10 --trials 4 \
      --param fiscal.patronage_weight=0:1 --param fiscal.extraction=0:0.5 \
      --param oversight.transparency=0:1 --param fiscal.own_revenue_share=0:1
  decentsim sensitivity classroom --method sobol --samples 128 --trials 4 \
      --param fiscal.patronage_weight=0:1 --param oversight.transparency=0:1 \
      --metric service_quality --metric leakage_share

Each --param is a numeric key and the range lo:hi it is varied over. Morris
(the default) screens many parameters cheaply: --samples trajectories of
k+1 points each (default 10), giving each parameter's mu* (how much it
matters), mu and sigma (interactions or non-linearity). Sobol' apportions
an outcome's variance among a few parameters: --samples base samples N
(default 64; a power of two is best) of N(k+2) points, giving first-order
(S1) and total (ST) indices with 95% bootstrap intervals. Every point runs --trials trials
(trial k of every point with the same seed); its outcome is the
final-year mean of each metric averaged over them. Metrics default to
the six headline metrics. The folder gets sensitivity.csv, sensitivity.md,
points.csv (every point's values and outcomes), charts/, scenario.toml and
manifest.json; docs/SENSITIVITY.md says how to read them.`

// Default sample sizes of the two methods.
const (
	defaultTrajectories = 10 // Morris: Campolongo et al. (2007) use 10 to 20
	defaultBaseSamples  = 64 // Sobol': small; docs/SENSITIVITY.md says when to use more
)

// morrisLevels is the number of levels of Morris's grid: 4 (so Δ = 2/3),
// the usual choice (Saltelli et al. 2008, The Primer, §3.3).
const morrisLevels = 4

// bootstrapResamples is the number of bootstrap resamples of every
// interval.
const bootstrapResamples = 1000

// PCG streams of the design and of the bootstrap, so both depend only on
// the seed and the flags.
const (
	designStream    = 0x73656e73 // "sens"
	bootstrapStream = 0x626f6f74 // "boot"; plus the metric's number
)

func sensitivityCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o batchOptions
	var params, metricNames setFlags
	var method string
	var samples int
	fs := newFlags("sensitivity", sensitivitySynopsis, sensitivityExample, stderr)
	o.define(fs, "per point", "the scenario's", "out/sensitivity_NAME")
	fs.Var(&params, "param", "a parameter and its range, `section.key=lo:hi` (repeatable)")
	fs.StringVar(&method, "method", output.MethodMorris, "morris (screening: mu*, sigma) or sobol (variance shares: S1, ST)")
	fs.IntVar(&samples, "samples", 0, fmt.Sprintf("Morris trajectories (default %d) or Sobol' base samples N (default %d)", defaultTrajectories, defaultBaseSamples))
	fs.Var(&metricNames, "metric", "a metric to analyse, `NAME` (repeatable; default: the headline metrics)")
	refs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := o.check(fs); err != nil {
		return err
	}
	switch {
	case len(refs) == 0:
		return usagef("sensitivity needs a scenario, for example: decentsim sensitivity classroom --param fiscal.patronage_weight=0:1 --param oversight.transparency=0:1")
	case len(refs) > 1:
		return usagef("sensitivity takes one scenario, not %d (%s)", len(refs), strings.Join(refs, " "))
	case len(params) == 0:
		return usagef("sensitivity needs at least one --param section.key=lo:hi, for example --param fiscal.patronage_weight=0:1")
	case method != output.MethodMorris && method != output.MethodSobol:
		return usagef("--method must be morris or sobol, not %q", method)
	case o.given["samples"] && samples < 1:
		return usagef("--samples must be at least 1, not %d", samples)
	case method == output.MethodSobol && o.given["samples"] && samples < 2:
		return usagef("--method sobol needs --samples of at least 2 (base samples), not %d", samples)
	}
	if samples == 0 {
		samples = defaultTrajectories
		if method == output.MethodSobol {
			samples = defaultBaseSamples
		}
	}
	metrics, err := parseMetrics(metricNames)
	if err != nil {
		return err
	}
	base, err := scenarios.Resolve(refs[0], o.overrides())
	if err != nil {
		return err
	}
	if err := ruralOnly("sensitivity", base); err != nil {
		return err
	}
	vs, err := parseParams(params)
	if err != nil {
		return err
	}
	k := len(vs)
	np := samples * (k + 1)
	if method == output.MethodSobol {
		np = samples * (k + 2)
	}
	if np > maxPoints || np < 0 {
		return usagef("--samples %d with %d parameters gives more than %d points; use fewer", samples, k, maxPoints)
	}

	// The design, in [0,1]^k, and its points' values.
	unit, err := sensitivityDesign(method, samples, k, base.Seed)
	if err != nil {
		return err
	}
	pts := make([][]varyValue, len(unit))
	for i, u := range unit {
		pts[i] = make([]varyValue, k)
		for j, v := range vs {
			pts[i][j] = v.at(u[j])
		}
	}
	if err := checkPoints(&base.Params, vs, pts); err != nil {
		return err
	}
	// Job j is trial j/np of point j%np: trial-major, as in a sweep, so
	// an analysis cut short after the first round of trials still has an
	// outcome at every point. A shard runs a block of the jobs.
	first, n, shard, err := o.block(np*base.Trials, 1)
	if err != nil {
		return err
	}

	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", "sensitivity_"+base.Name)
	}
	if err := prepare(dir, o.force, output.PrepareSensitivity); err != nil {
		return err
	}
	resolved, err := scenarios.Encode(base)
	if err != nil {
		return err
	}
	cfg := output.SensitivityConfig{
		Scenario: base.Name, ScenarioTOML: resolved, Method: method,
		Metrics: metrics, Samples: samples,
		Batch: output.Batch{
			Dir: dir, Seed: base.Seed, Trials: base.Trials, Months: base.Months,
			NoCharts: o.noCharts || shard != nil, Provenance: provenance(ctx, "sensitivity", o.workers), Shard: shard,
		},
	}
	if method == output.MethodMorris {
		cfg.Delta = sensitivity.MorrisDelta(morrisLevels)
	}
	for _, v := range vs {
		cfg.Params = append(cfg.Params, output.SensitivityParam{Name: v.key.Name, Spec: v.spec, Lo: v.lo, Hi: v.hi})
	}
	for _, pt := range pts {
		vals := make([]string, k)
		for j, x := range pt {
			vals[j] = x.text
		}
		cfg.Points = append(cfg.Points, vals)
	}
	sens, err := output.NewSensitivity(cfg)
	if err != nil {
		return err
	}

	runErr := runPoints(ctx, stderr, "sensitivity "+base.Name, o.quiet, o.workers, cfg.Provenance.Start, base, vs, pts, first, n, sens.Add)
	return finish(stdout, stderr, dir, runErr, func(status output.Status, end time.Time, cause error) error {
		// A shard's indices would be of part of the runs: merge estimates
		// them from all.
		if shard == nil && sens.Complete() {
			idx, notes := analyse(sens, method, unit, k, metrics, base.Seed)
			sens.SetIndices(idx, notes)
		}
		return sens.Finish(status, end, cause)
	})
}

// parseParams parses the --param flags with sweep's --vary parser (as a
// Latin hypercube's ranges), all problems at once.
func parseParams(params []string) ([]vary, error) {
	var vs []vary
	var errs []error
	seen := map[string]bool{}
	for _, arg := range params {
		name, spec, ok := strings.Cut(arg, "=")
		name, spec = strings.TrimSpace(name), strings.TrimSpace(spec)
		if !ok || name == "" || spec == "" {
			errs = append(errs, usagef("--param %q: want section.key=lo:hi, such as --param fiscal.extraction=0:0.5", arg))
			continue
		}
		if strings.Count(spec, ":") != 1 {
			errs = append(errs, usagef("--param %s=%s: want a range lo:hi, such as --param %s=0:1 (sensitivity samples each parameter over a range)", name, spec, name))
			continue
		}
		v, err := parseVary(arg, output.DesignLHS)
		if err != nil {
			errs = append(errs, usageError{errors.New(strings.ReplaceAll(err.Error(), "--vary", "--param"))})
			continue
		}
		if seen[v.key.Name] {
			errs = append(errs, usagef("--param %s is given twice", v.key.Name))
			continue
		}
		seen[v.key.Name] = true
		vs = append(vs, v)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return vs, nil
}

// parseMetrics returns the metrics named, or the headline metrics if
// none is.
func parseMetrics(names []string) ([]sim.Metric, error) {
	if len(names) == 0 {
		return sim.Headlines(), nil
	}
	var ms []sim.Metric
	var all []string
	for _, mi := range sim.Metrics {
		all = append(all, mi.Name)
	}
	for _, name := range names {
		i := -1
		for m, mi := range sim.Metrics {
			if mi.Name == strings.TrimSpace(name) {
				i = m
			}
		}
		switch {
		case i < 0:
			return nil, usagef("--metric %q: no such metric; the metrics are %s", name, strings.Join(all, ", "))
		case containsMetric(ms, sim.Metric(i)):
			return nil, usagef("--metric %s is given twice", name)
		}
		ms = append(ms, sim.Metric(i))
	}
	return ms, nil
}

// containsMetric reports whether ms holds m.
func containsMetric(ms []sim.Metric, m sim.Metric) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// analyse estimates each metric's indices from the outcomes sens
// collected at the points of the design unit. The bootstrap of metric m
// draws from its own PCG stream, so its intervals do not depend on which
// other metrics are analysed.
func analyse(sens *output.Sensitivity, method string, unit [][]float64, k int, metrics []sim.Metric, seed uint64) ([]output.SensitivityIndex, []string) {
	var idx []output.SensitivityIndex
	var notes []string
	nanF := math.NaN()
	for _, m := range metrics {
		y := sens.Outcomes(m)
		rng := rand.New(rand.NewPCG(seed, bootstrapStream+uint64(m)))
		add := func(p int, name string, v, lo, hi float64) {
			idx = append(idx, output.SensitivityIndex{Metric: m, Param: p, Index: name, Value: v, Low: lo, High: hi})
		}
		nan := func() {
			notes = append(notes, m.String()+": the outcome does not vary over the sample")
		}
		if method == output.MethodMorris {
			res, err := sensitivity.Morris(unit, y, k, rng, bootstrapResamples)
			if err != nil {
				notes = append(notes, m.String()+": "+strings.TrimPrefix(err.Error(), "sensitivity: "))
				continue
			}
			if allZero(res) {
				nan()
			}
			for p, r := range res {
				add(p, "mu_star", r.MuStar, r.MuStarLow, r.MuStarHigh)
				add(p, "mu", r.Mu, nanF, nanF)
				add(p, "sigma", r.Sigma, nanF, nanF)
			}
			continue
		}
		res, err := sensitivity.Sobol(y, k, rng, bootstrapResamples)
		if err != nil {
			if errors.Is(err, sensitivity.ErrNoVariance) {
				nan()
			} else {
				notes = append(notes, m.String()+": "+strings.TrimPrefix(err.Error(), "sensitivity: "))
			}
			continue
		}
		for p, r := range res {
			add(p, "S1", r.S1, r.S1Low, r.S1High)
			add(p, "ST", r.ST, r.STLow, r.STHigh)
		}
	}
	return idx, notes
}

// allZero reports whether every parameter's mu* is 0: the outcome did
// not change along any trajectory.
func allZero(res []sensitivity.MorrisResult) bool {
	for _, r := range res {
		if r.MuStar != 0 {
			return false
		}
	}
	return true
}

// sensitivityDesign returns the design of method for k parameters, in
// [0,1]^k: samples Morris trajectories, or Saltelli's points of samples
// base samples, drawn from seed's design stream. It depends on nothing
// else, so merge rebuilds a sharded analysis's design with it.
func sensitivityDesign(method string, samples, k int, seed uint64) ([][]float64, error) {
	rng := rand.New(rand.NewPCG(seed, designStream))
	if method == output.MethodMorris {
		return sensitivity.MorrisDesign(rng, samples, k, morrisLevels)
	}
	return saltelliPoints(rng, samples, k)
}

// mergedIndices is merge's output.MergeConfig.SensitivityIndices: the
// indices of a sensitivity analysis merged from shards, estimated as the
// sensitivity command does.
func mergedIndices(cfg *output.SensitivityConfig, s *output.Sensitivity) ([]output.SensitivityIndex, []string, error) {
	k := len(cfg.Params)
	unit, err := sensitivityDesign(cfg.Method, cfg.Samples, k, cfg.Seed)
	if err != nil {
		return nil, nil, err
	}
	if len(unit) != len(cfg.Points) {
		return nil, nil, fmt.Errorf("the %s design of %d samples has %d points, but the shards' has %d; were the shards made by another version?",
			cfg.Method, cfg.Samples, len(unit), len(cfg.Points))
	}
	idx, notes := analyse(s, cfg.Method, unit, k, cfg.Metrics, cfg.Seed)
	return idx, notes, nil
}

// saltelliPoints returns Saltelli's design of n base samples for k
// parameters. The base samples A and B are the first and last k
// coordinates of a randomly shifted Sobol' sequence of 2k dimensions (as
// SALib draws them), or, for more parameters than the sequence has
// dimensions for, two independent Latin hypercubes (sweep's sampler).
func saltelliPoints(rng *rand.Rand, n, k int) ([][]float64, error) {
	if 2*k > sensitivity.MaxSequenceDims {
		return sensitivity.SaltelliDesign(latinHypercube(rng, n, k), latinHypercube(rng, n, k))
	}
	seq, err := sensitivity.SobolSequence(rng, n, 2*k)
	if err != nil {
		return nil, err
	}
	a, b := make([][]float64, n), make([][]float64, n)
	for i, p := range seq {
		a[i], b[i] = p[:k], p[k:]
	}
	return sensitivity.SaltelliDesign(a, b)
}
