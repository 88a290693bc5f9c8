package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/decentsim/decentsim/experiment"
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

func sensitivityCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o batchOptions
	var params, metricNames setFlags
	var method string
	var samples int
	fs := newFlags("sensitivity", sensitivitySynopsis, sensitivityExample, stderr)
	o.define(fs, "per point", "the scenario's", "out/sensitivity_NAME")
	fs.Var(&params, "param", "a parameter and its range, `section.key=lo:hi` (repeatable)")
	fs.StringVar(&method, "method", output.MethodMorris, "morris (screening: mu*, sigma) or sobol (variance shares: S1, ST)")
	fs.IntVar(&samples, "samples", 0, fmt.Sprintf("Morris trajectories (default %d) or Sobol' base samples N (default %d)",
		experiment.DefaultTrajectories, experiment.DefaultBaseSamples))
	fs.Var(&metricNames, "metric", "a metric to analyse, `NAME` (repeatable; default: the headline metrics)")
	ref, err := o.oneScenario(fs, args,
		"decentsim sensitivity classroom --param fiscal.patronage_weight=0:1 --param oversight.transparency=0:1", "")
	if err != nil {
		return err
	}
	switch {
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
		samples = experiment.DefaultTrajectories
		if method == output.MethodSobol {
			samples = experiment.DefaultBaseSamples
		}
	}
	metrics, err := parseMetrics(metricNames)
	if err != nil {
		return err
	}
	base, err := o.resolve("sensitivity", ref)
	if err != nil {
		return err
	}
	an, unit, d, err := sensitivityDesign(params, experiment.Method(method), samples, base)
	if err != nil {
		return err
	}
	return o.runDesign(ctx, stdout, stderr, "sensitivity", base, d, output.PrepareSensitivity,
		func(b output.Batch, toml []byte) (pointsWriter, error) {
			cfg := output.SensitivityConfig{
				Scenario: base.Name, ScenarioTOML: toml, Method: method,
				Metrics: metrics, Samples: samples, Batch: b,
			}
			if an.Method == experiment.MethodMorris {
				cfg.Delta = experiment.MorrisDelta(experiment.MorrisLevels)
			}
			for _, v := range d.Vary {
				cfg.Params = append(cfg.Params, output.SensitivityParam{Name: v.Key.Name, Spec: v.Spec, Lo: v.Lo, Hi: v.Hi})
			}
			for _, pt := range d.Points {
				vals := make([]string, len(pt))
				for j, x := range pt {
					vals[j] = x.Text
				}
				cfg.Points = append(cfg.Points, vals)
			}
			sens, err := output.NewSensitivity(cfg)
			if err != nil {
				return nil, err
			}
			// A shard's indices would be of part of the runs: merge
			// estimates them from all.
			return &analysis{Sensitivity: sens, an: an, unit: unit, metrics: metrics, whole: b.Shard == nil}, nil
		})
}

// sensitivityDesign returns the analysis of method with samples samples
// of the --param flags params, its design in [0,1]^k and the design's
// points, each checked as a scenario on base.
func sensitivityDesign(params []string, method experiment.Method, samples int, base *scenarios.Scenario) (
	experiment.Sensitivity, [][]float64, *experiment.Design, error) {
	var an experiment.Sensitivity
	vs, err := experiment.Parser{Option: "--param", Ranges: experiment.Sampled, RangesOnly: true, Hint: scenarios.KeyHint}.Parse(params)
	if err != nil {
		return an, nil, nil, usageError{err}
	}
	an = experiment.Sensitivity{Method: method, Samples: samples, Params: len(vs), Seed: base.Seed}
	if np := an.Points(); np > experiment.MaxPoints || np < 0 {
		return an, nil, nil, usagef("--samples %d with %d parameters gives more than %d points; use fewer", samples, len(vs), experiment.MaxPoints)
	}
	unit, err := an.Design()
	if err != nil {
		return an, nil, nil, err
	}
	d := experiment.Unit(vs, unit)
	if err := d.Check(&base.Params); err != nil {
		return an, nil, nil, usageError{err}
	}
	return an, unit, d, nil
}

// analysis is a sensitivity analysis's writer, which estimates the
// indices from the outcomes before it finishes the folder, unless the
// folder is a shard's (whole false) or the runs did not reach every
// point.
type analysis struct {
	*output.Sensitivity
	an      experiment.Sensitivity
	unit    [][]float64
	metrics []sim.Metric
	whole   bool
}

// Finish estimates the indices, then finishes the folder.
func (a *analysis) Finish(status output.Status, end time.Time, cause error) error {
	if a.whole && a.Complete() {
		a.SetIndices(estimate(a.Sensitivity, a.an, a.unit, a.metrics))
	}
	return a.Sensitivity.Finish(status, end, cause)
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
		case slices.Contains(ms, sim.Metric(i)):
			return nil, usagef("--metric %s is given twice", name)
		}
		ms = append(ms, sim.Metric(i))
	}
	return ms, nil
}

// estimate estimates each metric's indices from the outcomes sens
// collected at the points of the design unit of an.
func estimate(sens *output.Sensitivity, an experiment.Sensitivity, unit [][]float64, metrics []sim.Metric) ([]output.SensitivityIndex, []string) {
	var idx []output.SensitivityIndex
	var notes []string
	for _, m := range metrics {
		res, err := an.Estimate(unit, sens.Outcomes(m), int(m))
		switch {
		case errors.Is(err, experiment.ErrNoVariance):
			notes = append(notes, m.String()+": the outcome does not vary over the sample")
		case err != nil:
			notes = append(notes, m.String()+": "+strings.TrimPrefix(err.Error(), "experiment: "))
		}
		for _, x := range res {
			idx = append(idx, output.SensitivityIndex{Metric: m, Param: x.Param, Index: x.Name, Value: x.Value, Low: x.Low, High: x.High})
		}
	}
	return idx, notes
}

// mergedIndices is merge's output.MergeConfig.SensitivityIndices: the
// indices of a sensitivity analysis merged from shards, estimated as the
// sensitivity command does.
func mergedIndices(cfg *output.SensitivityConfig, s *output.Sensitivity) ([]output.SensitivityIndex, []string, error) {
	an := experiment.Sensitivity{Method: experiment.Method(cfg.Method), Samples: cfg.Samples, Params: len(cfg.Params), Seed: cfg.Seed}
	unit, err := an.Design()
	if err != nil {
		return nil, nil, err
	}
	if len(unit) != len(cfg.Points) {
		return nil, nil, fmt.Errorf("the %s design of %d samples has %d points, but the shards' has %d; were the shards made by another version?",
			cfg.Method, cfg.Samples, len(unit), len(cfg.Points))
	}
	idx, notes := estimate(s, an, unit, cfg.Metrics)
	return idx, notes, nil
}
