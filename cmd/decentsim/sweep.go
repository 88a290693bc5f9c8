package main

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const sweepSynopsis = "sweep SCENARIO --vary section.key=VALUES [--vary ...] [--design grid|lhs] [--points N] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--posterior FILE] [--max-memory SIZE] [--force] [--quiet] [--no-charts]"

const sweepExample = `  decentsim sweep classroom --vary fiscal.patronage_weight=0:1:11 --trials 30
  decentsim sweep classroom --vary institutions.selection=appointed,indirect,direct \
      --vary fiscal.own_revenue_share=0:1:5 --trials 20
  decentsim sweep classroom --design lhs --points 50 --vary fiscal.extraction=0:0.5 \
      --vary oversight.transparency=0:1 --vary institutions.recall=false,true

VALUES is a list (v1,v2,v3: numbers, true/false or words) or, for a number,
a range: lo:hi:steps (steps values from lo to hi, both included) on a grid,
lo:hi with --design lhs. A grid runs every combination of the values (the
first key varies slowest); a Latin hypercube (lhs) samples --points points,
each key's range cut into that many equal slices with one point in each.
Trial k of every point uses the same seed and trial index, so points
differ by their values, not their luck. Runs go trial by trial across all
points, so a sweep cut short still covers the whole design. The folder
gets sweep.md (the headline metrics at every point, and the best and
worst points), sweep.csv (mean, sd and 95% interval per point and metric),
trials.csv (every run's final-year means), charts/, scenario.toml (the base
scenario) and manifest.json; docs/COMPARE.md says more.`

func sweepCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o batchOptions
	var varies setFlags
	var design string
	var points int
	fs := newFlags("sweep", sweepSynopsis, sweepExample, stderr)
	o.define(fs, "per point", "the scenario's", "out/sweep_NAME")
	o.definePosterior(fs)
	fs.Var(&varies, "vary", "a parameter to vary and its values, `section.key=VALUES` (repeatable)")
	fs.StringVar(&design, "design", output.DesignGrid, "grid (every combination) or lhs (a Latin hypercube sample)")
	fs.IntVar(&points, "points", 0, "points of a Latin hypercube (--design lhs)")
	ref, err := o.oneScenario(fs, args, "decentsim sweep classroom --vary fiscal.patronage_weight=0:1:5",
		"; to compare scenarios use decentsim compare")
	if err != nil {
		return err
	}
	switch {
	case len(varies) == 0:
		return usagef("sweep needs at least one --vary section.key=VALUES, for example --vary fiscal.patronage_weight=0:1:5")
	case design != output.DesignGrid && design != output.DesignLHS:
		return usagef("--design must be grid or lhs, not %q", design)
	case design == output.DesignGrid && o.given["points"]:
		return usagef("--points is for --design lhs; a grid's points are every combination of the --vary values")
	case design == output.DesignLHS && points < 1:
		return usagef("--design lhs needs --points N (at least 1), the number of points to sample")
	case points > experiment.MaxPoints:
		return usagef("--points %d is more than %d; use fewer", points, experiment.MaxPoints)
	}
	base, err := o.resolve("sweep", ref)
	if err != nil {
		return err
	}
	d, err := sweepDesign(varies, design, points, base)
	if err != nil {
		return err
	}
	return o.runDesign(ctx, stdout, stderr, "sweep", base, d, output.PrepareSweep,
		func(b output.Batch, toml []byte) (pointsWriter, error) {
			cfg := output.SweepConfig{Scenario: base.Name, ScenarioTOML: toml, Design: design, Batch: b}
			cfg.Keys, cfg.Points = sweepPoints(d)
			sw, err := output.NewSweep(cfg)
			if err != nil {
				return nil, err
			}
			return sw, nil
		})
}

// sweepDesign returns the design of the --vary flags varies: a grid, or
// a Latin hypercube of points points, each point checked as a scenario
// on base.
func sweepDesign(varies []string, design string, points int, base *scenarios.Scenario) (*experiment.Design, error) {
	ranges := experiment.Stepped
	if design == output.DesignLHS {
		ranges = experiment.Sampled
	}
	vs, err := experiment.Parser{Option: "--vary", Ranges: ranges, Hint: scenarios.KeyHint}.Parse(varies)
	if err != nil {
		return nil, usageError{err}
	}
	var d *experiment.Design
	if design == output.DesignLHS {
		d = experiment.LatinHypercube(vs, points, base.Seed)
	} else if d, err = experiment.Grid(vs); err != nil {
		return nil, usagef("the grid has more than %d points; give fewer values, or sample it with --design lhs --points N", experiment.MaxPoints)
	}
	if err := d.Check(&base.Params); err != nil {
		return nil, usageError{err}
	}
	return d, nil
}

// sweepPoints returns the design's keys and points as the sweep's files
// describe them.
func sweepPoints(d *experiment.Design) ([]output.SweepKey, []output.SweepPoint) {
	var keys []output.SweepKey
	for _, v := range d.Vary {
		k := output.SweepKey{Name: v.Key.Name, Spec: v.Spec, Numeric: v.Numeric}
		for _, x := range v.Levels {
			k.Levels = append(k.Levels, x.Text)
		}
		keys = append(keys, k)
	}
	var pts []output.SweepPoint
	for _, pt := range d.Points {
		sp := output.SweepPoint{}
		for j, x := range pt {
			sp.Values = append(sp.Values, x.Text)
			sp.X = append(sp.X, x.X)
			sp.Level = append(sp.Level, slices.IndexFunc(d.Vary[j].Levels, func(l experiment.Level) bool { return l.Text == x.Text }))
		}
		pts = append(pts, sp)
	}
	return keys, pts
}

// A pointsWriter writes a sweep's or sensitivity analysis's files: each
// run's final-year means, then the rest when the runs end.
type pointsWriter interface {
	Add(point, trial int, seed uint64, fy *sim.Record) error
	Finish(status output.Status, end time.Time, cause error) error
}

// runDesign runs the points of design d on scenario base, a sweep's or
// sensitivity analysis's (kind), into the folder --out or out/KIND_NAME,
// made ready by prep: open opens its writer, given what every batch
// writer records (the folder, the runs, the provenance, the shard) and
// base's resolved TOML.
// Run j is trial j/P of point j%P, P points: trial by trial, so a design
// cut short has the same number of trials, give or take one, at every
// point. A shard runs a block of the runs.
func (o *batchOptions) runDesign(ctx context.Context, stdout, stderr io.Writer, kind string, base *scenarios.Scenario, d *experiment.Design,
	prep func(dir string, force bool) error, open func(b output.Batch, toml []byte) (pointsWriter, error)) error {
	batch := &experiment.Batch{
		Arms: len(d.Points), Trials: base.Trials, Months: base.Months, Seed: base.Seed, Workers: o.workers,
		Params: func(i int) (*sim.Params, error) { return d.Params(&base.Params, i) },
		Draw:   o.post.Drawer(base.Seed),
	}
	var shard *output.BatchShard
	var err error
	if batch.Block, shard, err = o.block(batch.Runs(), 1); err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", kind+"_"+base.Name)
	}
	kept := memory.Part{Bytes: output.PointsMemory(len(d.Points)), What: "the points' statistics", Hint: "use fewer points"}
	if err := o.checkBatchMemory(kind+" "+base.Name, batch, kept); err != nil {
		return err
	}
	if err := prepare(dir, o.force, prep); err != nil {
		return err
	}
	resolved, err := scenarios.Encode(base)
	if err != nil {
		return err
	}
	b := o.outputBatch(ctx, kind, dir, base, shard)
	w, err := open(b, resolved)
	if err != nil {
		return err
	}
	runErr := runBatch(ctx, stderr, kind+" "+base.Name, o, b.Provenance.Start, batch, func(point, trial int, t *sim.TrialResult) error {
		fy := output.FinalYear(t)
		return w.Add(point, trial, t.Seed, &fy)
	})
	return finish(stdout, stderr, dir, runErr, w.Finish)
}
