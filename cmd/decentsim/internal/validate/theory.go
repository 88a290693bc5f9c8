package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Setup says how theory experiments run: the base parameters (a scenario's
// resolved Params), months per trial, trials per arm, run seed and workers.
// Every arm of an experiment uses the same seed and trial indices (common
// random numbers).
type Setup struct {
	Base    sim.Params
	Months  int
	Trials  int
	Seed    uint64
	Workers int
}

// Arm is one setting of an experiment and what it gave: the per-trial
// values of the experiment's measure, summarised.
type Arm struct {
	Name  string
	Stats stats.Summary
	vals  []float64
}

// Result is one theory experiment's outcome.
type Result struct {
	Name     string // short name
	Claim    string // the theory result, in words
	Source   string // citation
	Measure  string // what the arms' values are
	Arms     []Arm
	Checks   []Check // the comparisons that make the claim
	Holds    bool    // every check passed
	Decision string  // what the checks need, in words
}

// Check is one comparison between two arms: B - A should have the given
// sign with a paired t of at least minT (or, for "no better", B should not
// exceed A by more than the noise).
type Check struct {
	What  string
	Diff  float64 // mean of B minus mean of A
	T     float64 // paired t of the difference
	Holds bool
}

// minT is the paired t a difference must reach to count.
const minT = 2.5

// measure names one per-trial value of an arm.
type measure struct {
	name string
	f    func(*sim.TrialResult, *armState) float64
}

func (s Setup) runArm(ctx context.Context, name string, mod func(*sim.Params), f func(*sim.TrialResult, *armState) float64, watch func(*sim.World, *armState)) (Arm, error) {
	arms, err := s.runArms(ctx, mod, watch, []measure{{name, f}})
	if err != nil {
		return Arm{}, err
	}
	return arms[0], nil
}

// variant is one arm of an experiment: its name and what it changes in
// the base parameters.
type variant struct {
	name string
	mod  func(*sim.Params)
}

// runVariants runs each variant as an arm measured by f (watch, when not
// nil, sees every month of every trial), in order.
func (s Setup) runVariants(ctx context.Context, vs []variant, f func(*sim.TrialResult, *armState) float64, watch func(*sim.World, *armState)) ([]Arm, error) {
	arms := make([]Arm, 0, len(vs))
	for _, v := range vs {
		x, err := s.runArm(ctx, v.name, v.mod, f, watch)
		if err != nil {
			return nil, err
		}
		arms = append(arms, x)
	}
	return arms, nil
}

// runArms runs the trials of one setting (mod applied to the base) once
// and returns one Arm per measure.
func (s Setup) runArms(ctx context.Context, mod func(*sim.Params), watch func(*sim.World, *armState), ms []measure) ([]Arm, error) {
	p := s.Base
	p.Events = append([]sim.Event(nil), s.Base.Events...)
	mod(&p)
	vals := make([][]float64, len(ms))
	for i := range vals {
		vals[i] = make([]float64, s.Trials)
	}
	errs := make(chan error, s.Trials)
	sem := make(chan struct{}, max(1, s.Workers))
	for tr := 0; tr < s.Trials; tr++ {
		sem <- struct{}{}
		go func(tr int) {
			defer func() { <-sem }()
			st := armState{trial: tr}
			var w func(*sim.World)
			if watch != nil {
				w = func(world *sim.World) { watch(world, &st) }
			}
			r, err := sim.RunTrialWatched(ctx, &p, s.Months, s.Seed, tr, w)
			if err != nil {
				errs <- err
				return
			}
			for i, m := range ms {
				vals[i][tr] = m.f(r, &st)
			}
			errs <- nil
		}(tr)
	}
	var first error
	for tr := 0; tr < s.Trials; tr++ {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	arms := make([]Arm, len(ms))
	for i, m := range ms {
		arms[i] = Arm{Name: m.name, Stats: stats.Describe(vals[i]), vals: vals[i]}
	}
	return arms, nil
}

// armState collects per-trial measurements from a watcher.
type armState struct {
	trial    int
	sum, n   float64
	worst    []int // units in the worst service quartile at the start
	shareT0  float64
	shareEnd float64
}

// pairedT returns the mean of b - a over trials and its paired t
// statistic (stats.Summary.T of the differences: ±Inf where every trial
// differs by the same amount, 0 where none differs). The arms of an
// experiment share the run seed and trial indices, so trial k of each
// starts from the same world and streams (common random numbers) and the
// per-trial differences are paired.
func pairedT(a, b Arm) (diff, t float64) {
	n := min(len(a.vals), len(b.vals))
	d := make([]float64, n)
	for i := range d {
		d[i] = b.vals[i] - a.vals[i]
	}
	st := stats.Describe(d)
	return st.Mean, st.T()
}

// newArm makes an arm from per-trial values.
func newArm(name string, vals []float64) Arm {
	return Arm{Name: name, Stats: stats.Describe(vals), vals: vals}
}

// noChange checks that arm b differs from arm a by no more than noise in
// either direction.
func noChange(what string, a, b Arm) Check {
	d, t := pairedT(a, b)
	return Check{What: what, Diff: d, T: t, Holds: math.Abs(t) < minT}
}

// mostlyGone checks that a move survives the removal of its mechanism only
// as a trace: the move with the mechanism (arm a to arm b) exceeds k times
// the move without it (arm c to arm d), whichever the latter's sign, by
// paired t over trials. Diff is the move without the mechanism; T the
// smaller of the two t statistics.
func mostlyGone(what string, a, b, c, d Arm, k float64) Check {
	n := min(len(a.vals), len(b.vals), len(c.vals), len(d.vals))
	up, down := make([]float64, n), make([]float64, n)
	for i := range n {
		with, without := b.vals[i]-a.vals[i], d.vals[i]-c.vals[i]
		up[i], down[i] = with-k*without, with+k*without
	}
	diff, _ := pairedT(c, d)
	t := min(stats.Describe(up).T(), stats.Describe(down).T())
	return Check{What: what, Diff: diff, T: t, Holds: t >= minT}
}

// greater checks that arm b exceeds arm a.
func greater(what string, a, b Arm) Check {
	d, t := pairedT(a, b)
	return Check{What: what, Diff: d, T: t, Holds: t >= minT}
}

// notBetter checks that arm b does not exceed arm a beyond noise.
func notBetter(what string, a, b Arm) Check {
	d, t := pairedT(a, b)
	return Check{What: what, Diff: d, T: t, Holds: t < minT}
}

func finalYearMean(m sim.Metric) func(*sim.TrialResult, *armState) float64 {
	return func(r *sim.TrialResult, _ *armState) float64 { return output.FinalYear(r)[m] }
}

// competenceAtEnd records the mean akim competence in the last month.
func competenceAtEnd(months int) func(*sim.World, *armState) {
	return func(w *sim.World, st *armState) {
		if w.Month != months {
			return
		}
		for i := range w.Units {
			st.sum += w.Units[i].Akim.Competence
			st.n++
		}
	}
}

func stateMean(_ *sim.TrialResult, st *armState) float64 { return st.sum / st.n }

// Epstein is Epstein's (2002) result: the same fall in legitimacy produces
// a larger peak of unrest when sudden than when spread over many months.
func Epstein(ctx context.Context, s Setup) (Result, error) {
	res := Result{Name: "sudden vs gradual legitimacy fall",
		Claim:   "the same fall in legitimacy, sudden, produces a larger peak of unrest than when spread over many months",
		Source:  "Epstein (2002)",
		Measure: "peak unrest_active over the run",
	}
	const drop, start, steps = 0.3, 13, 12
	peak := func(r *sim.TrialResult, _ *armState) float64 {
		m := 0.0
		for _, rec := range r.Months {
			m = math.Max(m, rec[sim.UnrestActive])
		}
		return m
	}
	sudden, err := s.runArm(ctx, fmt.Sprintf("legitimacy -%.1f at month %d", drop, start), func(p *sim.Params) {
		p.Events = append(p.Events, sim.Event{Month: start, Label: "sudden", Legitimacy: -drop})
	}, peak, nil)
	if err != nil {
		return res, err
	}
	gradual, err := s.runArm(ctx, fmt.Sprintf("legitimacy -%.3f a month for %d months", drop/steps, steps), func(p *sim.Params) {
		for k := 0; k < steps; k++ {
			p.Events = append(p.Events, sim.Event{Month: start + k, Label: "gradual", Legitimacy: -drop / steps})
		}
	}, peak, nil)
	if err != nil {
		return res, err
	}
	res.Arms = []Arm{sudden, gradual}
	res.Checks = []Check{greater("sudden fall gives a higher peak of active citizens", gradual, sudden)}
	res.Decision = fmt.Sprintf("paired t >= %v over trials", minT)
	return finish(res), nil
}

// Feet is voting with the feet (Tiebout 1956; Hirschman 1970):
// out-migration concentrates in badly served units and lowers their share
// of the population.
func Feet(ctx context.Context, s Setup) (Result, error) {
	res := Result{Name: "voting with the feet",
		Claim:   "out-migration concentrates in badly served units and lowers their population share",
		Source:  "Tiebout (1956); Hirschman (1970)",
		Measure: "units in the worst and best service quartile in month 1: cumulative out-migration per resident, and the worst quartile's population share, with births and deaths off",
	}
	watchFn := func(w *sim.World, st *armState) {
		n := len(w.Units)
		if w.Month == 1 {
			idx := make([]int, n)
			for i := range idx {
				idx[i] = i
			}
			sortByQuality(idx, w.Units)
			st.worst = idx
			st.shareT0 = popShare(w, idx[:n/4])
		}
		q := n / 4
		st.sum += leaveRate(w, st.worst[:q])
		st.n += leaveRate(w, st.worst[n-q:])
		if w.Month == s.Months {
			st.shareEnd = popShare(w, st.worst[:q])
		}
	}
	// Births and deaths off: the population shares move by migration
	// alone, not by the oblasts' different natural increase.
	noDemography := func(p *sim.Params) { p.Behavior.BirthRate, p.Behavior.DeathRate = 0, 0 }
	arms, err := s.runArms(ctx, noDemography, watchFn, []measure{
		{"worst-served quartile: out-migration per resident over the run", func(_ *sim.TrialResult, st *armState) float64 { return st.sum }},
		{"best-served quartile: out-migration per resident over the run", func(_ *sim.TrialResult, st *armState) float64 { return st.n }},
		{"worst-served quartile: population share, month 1", func(_ *sim.TrialResult, st *armState) float64 { return st.shareT0 }},
		{fmt.Sprintf("worst-served quartile: population share, month %d", s.Months), func(_ *sim.TrialResult, st *armState) float64 { return st.shareEnd }},
	})
	if err != nil {
		return res, err
	}
	worst, best, shareStart, shareEnd := arms[0], arms[1], arms[2], arms[3]
	res.Arms = []Arm{worst, best, shareStart, shareEnd}
	res.Checks = []Check{
		greater("worst-served units lose more residents than best-served ones", best, worst),
		greater("worst-served units' population share falls", shareEnd, shareStart),
	}
	res.Decision = fmt.Sprintf("paired t >= %v over trials", minT)
	return finish(res), nil
}

func finish(r Result) Result {
	r.Holds = true
	for _, c := range r.Checks {
		r.Holds = r.Holds && c.Holds
	}
	return r
}

func sortByQuality(idx []int, units []sim.Unit) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && units[idx[j]].Quality < units[idx[j-1]].Quality; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

func popShare(w *sim.World, idx []int) float64 {
	part, all := 0.0, 0.0
	for i := range w.Units {
		all += float64(w.Units[i].Pop)
	}
	for _, i := range idx {
		part += float64(w.Units[i].Pop)
	}
	return part / all
}

func leaveRate(w *sim.World, idx []int) float64 {
	left, pop := 0.0, 0.0
	for _, i := range idx {
		left += float64(w.Units[i].Leavers)
		pop += float64(w.Units[i].Pop + w.Units[i].Leavers)
	}
	if pop == 0 {
		return 0
	}
	return left / pop
}
