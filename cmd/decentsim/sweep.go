package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const sweepSynopsis = "sweep SCENARIO --vary section.key=VALUES [--vary ...] [--design grid|lhs] [--points N] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--force] [--quiet] [--no-charts]"

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
gets sweep.csv (mean, sd and 95% interval per point and metric),
trials.csv (every run's final-year means), charts/, scenario.toml (the base
scenario) and manifest.json; docs/COMPARE.md says more.`

// maxPoints bounds a design, so a typo does not start a run of years.
const maxPoints = 1_000_000

// lhsStream is the PCG stream of the Latin hypercube sample: the sample
// depends only on the seed, --points and the --vary flags.
const lhsStream = 0x6c6873 // "lhs"

// varyValue is one value of a varied key.
type varyValue struct {
	text string    // as written in the CSV files and --set
	set  sim.Value // as given to Params.Set
	x    float64   // the number, or the level's index for a word
}

// vary is one --vary flag, parsed.
type vary struct {
	key     sim.Key
	spec    string      // the values as given
	values  []varyValue // a list, or a grid range's values; nil for an lhs range
	lo, hi  float64     // an lhs range
	numeric bool
}

func sweepCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o batchOptions
	var varies setFlags
	var design string
	var points int
	fs := newFlags("sweep", sweepSynopsis, sweepExample, stderr)
	o.define(fs, "per point", "the scenario's", "out/sweep_NAME")
	fs.Var(&varies, "vary", "a parameter to vary and its values, `section.key=VALUES` (repeatable)")
	fs.StringVar(&design, "design", output.DesignGrid, "grid (every combination) or lhs (a Latin hypercube sample)")
	fs.IntVar(&points, "points", 0, "points of a Latin hypercube (--design lhs)")
	refs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := o.check(fs); err != nil {
		return err
	}
	switch {
	case len(refs) == 0:
		return usagef("sweep needs a scenario, for example: decentsim sweep classroom --vary fiscal.patronage_weight=0:1:5")
	case len(refs) > 1:
		return usagef("sweep takes one scenario, not %d (%s); to compare scenarios use decentsim compare", len(refs), strings.Join(refs, " "))
	case len(varies) == 0:
		return usagef("sweep needs at least one --vary section.key=VALUES, for example --vary fiscal.patronage_weight=0:1:5")
	case design != output.DesignGrid && design != output.DesignLHS:
		return usagef("--design must be grid or lhs, not %q", design)
	case design == output.DesignGrid && o.given["points"]:
		return usagef("--points is for --design lhs; a grid's points are every combination of the --vary values")
	case design == output.DesignLHS && points < 1:
		return usagef("--design lhs needs --points N (at least 1), the number of points to sample")
	case points > maxPoints:
		return usagef("--points %d is more than %d; use fewer", points, maxPoints)
	}
	base, err := scenarios.Resolve(refs[0], o.overrides())
	if err != nil {
		return err
	}
	if err := ruralOnly("sweep", base); err != nil {
		return err
	}
	var vs []vary
	var errs []error
	seen := map[string]bool{}
	for _, arg := range varies {
		v, err := parseVary(arg, design)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[v.key.Name] {
			errs = append(errs, usagef("--vary %s is given twice; give all its values in one --vary", v.key.Name))
			continue
		}
		seen[v.key.Name] = true
		vs = append(vs, v)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var pts [][]varyValue
	if design == output.DesignGrid {
		if pts, err = gridPoints(vs); err != nil {
			return err
		}
	} else {
		pts = lhsPoints(vs, points, base.Seed)
	}
	if err := checkPoints(&base.Params, vs, pts); err != nil {
		return err
	}
	// Job j is trial j/P of point j%P: trial-major, so a sweep cut short
	// has the same number of trials (give or take one) at every point. A
	// shard runs a block of the jobs.
	np := len(pts)
	first, n, shard, err := o.block(np*base.Trials, 1)
	if err != nil {
		return err
	}

	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", "sweep_"+base.Name)
	}
	if err := prepare(dir, o.force, output.PrepareSweep); err != nil {
		return err
	}
	resolved, err := scenarios.Encode(base)
	if err != nil {
		return err
	}
	cfg := output.SweepConfig{
		Scenario: base.Name, ScenarioTOML: resolved, Design: design,
		Batch: output.Batch{
			Dir: dir, Seed: base.Seed, Trials: base.Trials, Months: base.Months,
			NoCharts: o.noCharts || shard != nil, Provenance: provenance(ctx, "sweep", o.workers), Shard: shard,
		},
	}
	for _, v := range vs {
		k := output.SweepKey{Name: v.key.Name, Spec: v.spec, Numeric: v.numeric}
		for _, x := range v.values {
			k.Levels = append(k.Levels, x.text)
		}
		cfg.Keys = append(cfg.Keys, k)
	}
	for _, pt := range pts {
		sp := output.SweepPoint{}
		for j, x := range pt {
			sp.Values = append(sp.Values, x.text)
			sp.X = append(sp.X, x.x)
			sp.Level = append(sp.Level, slices.IndexFunc(vs[j].values, func(l varyValue) bool { return l.text == x.text }))
		}
		cfg.Points = append(cfg.Points, sp)
	}
	sw, err := output.NewSweep(cfg)
	if err != nil {
		return err
	}

	runErr := runPoints(ctx, stderr, "sweep "+base.Name, o.quiet, o.workers, cfg.Provenance.Start, base, vs, pts, first, n, sw.Add)
	return finish(stdout, stderr, dir, runErr, sw.Finish)
}

// runPoints runs jobs first..first+n-1 of a design over the points pts of
// base (job j is trial j/P of point j%P, P points), in order, giving each
// run's final-year means to add, with a progress bar named label on a
// terminal unless quiet. Sweeps and sensitivity analyses run their points
// through it.
func runPoints(ctx context.Context, stderr io.Writer, label string, quiet bool, workers int, start time.Time,
	base *scenarios.Scenario, vs []vary, pts [][]varyValue, first, n int,
	add func(point, trial int, seed uint64, fy *sim.Record) error) error {
	var prog func(int)
	var bar *progress
	if !quiet && isTerminal(stderr) {
		bar = newProgress(stderr, label, n, start)
		prog = bar.update
	}
	type run struct {
		seed uint64
		fy   sim.Record
	}
	np := len(pts)
	do := func(ctx context.Context, j int) (run, error) {
		p, err := pointParams(&base.Params, vs, pts[j%np])
		if err != nil {
			return run{}, err
		}
		res, err := sim.RunTrial(ctx, p, base.Months, base.Seed, j/np)
		if err != nil {
			return run{}, err
		}
		return run{res.Seed, output.FinalYear(res)}, nil
	}
	emit := func(j int, r run) error { return add(j%np, j/np, r.seed, &r.fy) }
	runErr := runBlock(ctx, first, n, workers, do, emit, prog)
	if bar != nil {
		bar.done()
	}
	return runErr
}

// pointParams returns a copy of base with the point's values set.
func pointParams(base *sim.Params, vs []vary, pt []varyValue) (*sim.Params, error) {
	p := *base
	for j, v := range vs {
		if err := p.Set(v.key.Name, pt[j].set); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// parseVary parses one --vary flag for design, checking each value
// against the key's kind, range and words.
func parseVary(arg, design string) (vary, error) {
	name, spec, ok := strings.Cut(arg, "=")
	name, spec = strings.TrimSpace(name), strings.TrimSpace(spec)
	if !ok || name == "" || spec == "" {
		return vary{}, usagef("--vary %q: want section.key=VALUES, such as --vary fiscal.patronage_weight=0:1:5 or --vary institutions.selection=appointed,direct", arg)
	}
	bad := func(format string, args ...any) error {
		return usagef("--vary %s=%s: %s", name, spec, fmt.Sprintf(format, args...))
	}
	if strings.HasPrefix(name, "meta.") {
		return vary{}, bad("meta settings cannot be varied; use --trials, --seed or --months, or run one sweep per value")
	}
	k, ok := sim.KeyByName(name)
	if !ok {
		return vary{}, usagef("--vary %s: unknown key (hint: %s)", name, scenarios.KeyHint(name))
	}
	v := vary{key: k, spec: spec, numeric: k.Kind == reflect.Float64 || k.Kind == reflect.Int}
	if strings.Contains(spec, ":") {
		if !v.numeric {
			return vary{}, bad("%s takes %s, not a range; list the values, separated by commas", name, kindWords(k))
		}
		parts := strings.Split(spec, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return vary{}, bad("a range is lo:hi:steps (grid) or lo:hi (lhs)")
		}
		lo, err1 := strconv.ParseFloat(parts[0], 64)
		hi, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return vary{}, bad("%q and %q must both be numbers", parts[0], parts[1])
		}
		if !(lo < hi) {
			return vary{}, bad("the range's low end must be below its high end")
		}
		for _, x := range []float64{lo, hi} {
			if err := k.CheckRange(x); err != nil {
				return vary{}, bad("%s", strings.TrimPrefix(err.Error(), "sim: "))
			}
		}
		if k.Kind == reflect.Int && (lo != math.Trunc(lo) || hi != math.Trunc(hi)) {
			return vary{}, bad("%s takes whole numbers", name)
		}
		switch {
		case design == output.DesignLHS && len(parts) == 3:
			return vary{}, bad("with --design lhs give a range as lo:hi (the points are sampled, not stepped) or list values")
		case design == output.DesignLHS:
			v.lo, v.hi = lo, hi
			return v, nil
		case len(parts) == 2:
			return vary{}, bad("a grid needs the number of values: lo:hi:steps, such as %s:%s:5", parts[0], parts[1])
		}
		steps, err := strconv.Atoi(parts[2])
		if err != nil || steps < 2 {
			return vary{}, bad("steps must be a whole number of at least 2 (the values from lo to hi, both included), not %q", parts[2])
		}
		if steps > maxPoints {
			return vary{}, bad("%d steps is more than %d", steps, maxPoints)
		}
		for i := range steps {
			x := hi
			if i < steps-1 {
				x = roundSig(lo + (hi-lo)*float64(i)/float64(steps-1))
			}
			if k.Kind == reflect.Int && x != math.Trunc(x) {
				return vary{}, bad("%d steps from %s to %s give %v, not a whole number; choose steps so that (hi-lo)/(steps-1) is whole, or list the values",
					steps, parts[0], parts[1], x)
			}
			v.values = append(v.values, numberValue(x))
		}
	} else {
		for i, w := range strings.Split(spec, ",") {
			w = strings.TrimSpace(w)
			if w == "" {
				return vary{}, bad("value %d is empty", i+1)
			}
			x, err := parseValue(k, w, i)
			if err != nil {
				return vary{}, bad("%v", err)
			}
			if slices.ContainsFunc(v.values, func(o varyValue) bool { return o.text == x.text }) {
				return vary{}, bad("%s is listed twice", w)
			}
			v.values = append(v.values, x)
		}
	}
	return v, nil
}

// kindWords says what values a non-numeric key takes.
func kindWords(k sim.Key) string {
	if k.Kind == reflect.Bool {
		return "true or false"
	}
	return "one of " + strings.Join(k.Enum, ", ")
}

// parseValue reads the i-th listed value w of key k.
func parseValue(k sim.Key, w string, i int) (varyValue, error) {
	switch k.Kind {
	case reflect.Float64, reflect.Int:
		x, err := strconv.ParseFloat(w, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return varyValue{}, fmt.Errorf("%s takes numbers; %q is not one", k.Name, w)
		}
		if k.Kind == reflect.Int && x != math.Trunc(x) {
			return varyValue{}, fmt.Errorf("%s takes whole numbers; %q is not one", k.Name, w)
		}
		if err := k.CheckRange(x); err != nil {
			return varyValue{}, errors.New(strings.TrimPrefix(err.Error(), "sim: "))
		}
		return numberValue(x), nil
	case reflect.Bool:
		b, err := strconv.ParseBool(w)
		if err != nil || (w != "true" && w != "false") {
			return varyValue{}, fmt.Errorf("%s takes true or false, not %q", k.Name, w)
		}
		return varyValue{text: w, set: sim.Bool(b), x: float64(i)}, nil
	}
	if err := k.CheckWord(w); err != nil {
		return varyValue{}, errors.New(strings.TrimPrefix(err.Error(), "sim: "))
	}
	return varyValue{text: w, set: sim.Word(w), x: float64(i)}, nil
}

// numberValue returns the value of the number x.
func numberValue(x float64) varyValue {
	if x == 0 {
		x = 0 // no "-0"
	}
	return varyValue{text: strconv.FormatFloat(x, 'g', -1, 64), set: sim.Float(x), x: x}
}

// roundSig rounds x to 12 significant digits, so that computed steps
// read as written (0.1+0.2 steps to 0.3, not 0.30000000000000004).
func roundSig(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return y
}

// gridPoints returns every combination of the keys' values, the first key
// varying slowest.
func gridPoints(vs []vary) ([][]varyValue, error) {
	n := 1
	for _, v := range vs {
		n *= len(v.values)
		if n > maxPoints {
			return nil, usagef("the grid has more than %d points; give fewer values, or sample it with --design lhs --points N", maxPoints)
		}
	}
	pts := make([][]varyValue, n)
	for i := range pts {
		pt := make([]varyValue, len(vs))
		rest := i
		for j := len(vs) - 1; j >= 0; j-- {
			m := len(vs[j].values)
			pt[j] = vs[j].values[rest%m]
			rest /= m
		}
		pts[i] = pt
	}
	return pts, nil
}

// latinHypercube returns n points in [0,1)^dims: for each dimension, a
// random permutation places one point in each of the n equal slices, at a
// uniform position within it (McKay, Beckman and Conover 1979, "A
// comparison of three methods for selecting values of input variables in
// the analysis of output from a computer code", Technometrics 21(2)).
func latinHypercube(r *rand.Rand, n, dims int) [][]float64 {
	u := make([][]float64, n)
	for i := range u {
		u[i] = make([]float64, dims)
	}
	for j := range dims {
		perm := r.Perm(n)
		for i := range n {
			u[i][j] = (float64(perm[i]) + r.Float64()) / float64(n)
		}
	}
	return u
}

// lhsPoints returns a Latin hypercube sample of n points of the keys,
// drawn from a PCG stream of the seed, each coordinate mapped by vary.at.
func lhsPoints(vs []vary, n int, seed uint64) [][]varyValue {
	r := rand.New(rand.NewPCG(seed, lhsStream))
	u := latinHypercube(r, n, len(vs))
	pts := make([][]varyValue, n)
	for i := range pts {
		pt := make([]varyValue, len(vs))
		for j, v := range vs {
			pt[j] = v.at(u[i][j])
		}
		pts[i] = pt
	}
	return pts
}

// at returns the value at u in [0,1] of a sampled key: a range maps u to
// a value (rounded to six significant digits, a whole number for whole
// keys), a list to the value of that rank.
func (v vary) at(u float64) varyValue {
	switch {
	case v.values != nil:
		return v.values[min(int(u*float64(len(v.values))), len(v.values)-1)]
	case v.key.Kind == reflect.Int:
		return numberValue(min(v.lo+math.Floor(u*(v.hi-v.lo+1)), v.hi))
	}
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v.lo+u*(v.hi-v.lo), 'g', 6, 64), 64)
	return numberValue(min(max(x, v.lo), v.hi))
}

// checkPoints checks that every point is valid, as the scenario loader
// checks a file (settings that contradict each other, the events after
// them), with Params.Validate on the base's parameters with the point's
// values. It reports the first few bad points.
func checkPoints(base *sim.Params, vs []vary, pts [][]varyValue) error {
	const show = 3
	var msgs []string
	bad := 0
	for i, pt := range pts {
		p, err := pointParams(base, vs, pt)
		if err == nil {
			err = p.Validate()
		}
		if err == nil {
			continue
		}
		if bad++; bad <= show {
			desc := make([]string, len(vs))
			for j, v := range vs {
				desc[j] = v.key.Name + "=" + pt[j].text
			}
			msgs = append(msgs, fmt.Sprintf("point %d (%s): %s", i, strings.Join(desc, ", "), pointProblems(err, vs, base.Events)))
		}
	}
	if bad == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d of %d points are not valid scenarios; change the --vary values or --set the settings they contradict:\n  %s",
		bad, len(pts), strings.Join(msgs, "\n  "))
	if bad > show {
		msg += fmt.Sprintf("\n  and %d more", bad-show)
	}
	return usageError{errors.New(msg)}
}

// pointProblems describes err, a point's problems, on one line: each
// problem under the varied key it involves if there is one (as the
// loader blames the setting made last), under the event it blames
// (named by month and label) if any, or else under its first key.
func pointProblems(err error, vs []vary, events []sim.Event) string {
	var ps sim.Problems
	if !errors.As(err, &ps) {
		var pr *sim.Problem
		if !errors.As(err, &pr) {
			return strings.TrimPrefix(err.Error(), "sim: ")
		}
		ps = sim.Problems{pr}
	}
	texts := make([]string, len(ps))
	for i, pr := range ps {
		where := pr.Where()
		if pr.Event != sim.NoEvent {
			e := events[pr.Event]
			where = fmt.Sprintf("the event of month %d", e.Month)
			if e.Label != "" {
				where += fmt.Sprintf(" (%q)", e.Label)
			}
			if pr.Field != "" {
				where += ", " + pr.Field
			}
		} else if j := slices.IndexFunc(pr.Keys, func(k string) bool {
			return slices.ContainsFunc(vs, func(v vary) bool { return v.key.Name == k })
		}); j >= 0 {
			where = pr.Keys[j]
		}
		texts[i] = where + ": " + pr.Msg
		if pr.Hint != "" {
			texts[i] += " (hint: " + pr.Hint + ")"
		}
	}
	return strings.Join(texts, "; ")
}
