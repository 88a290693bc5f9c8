package sim

import (
	"context"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
)

// Burn-in once (issue 21). A trial's burn-in (world.burn_in_months
// under the starting rules, before month 1) depends only on the
// parameters in force during it, the seed and the trial. Scenarios
// that differ only in events from month 1 on (a reform, a shock) share
// it: BurnIn runs it once, and BurnedIn.Run runs each such scenario's
// months from a copy of its world. The results are those of RunTrial,
// byte for byte (TestBurnInReuse).

// A BurnedIn is a trial's world at the end of its burn-in, month 0,
// with the elections held during the burn-in (the first months' election
// metrics look back at them).
type BurnedIn struct {
	w         *World
	elections []ElectionRecord
	trial     int
	seed      uint64 // the trial's seed
	spent     bool
}

// BurnIn generates trial's world from p and the run seed and runs its
// burn-in, its districts on up to workers goroutines (the result does not
// depend on workers). It stops early with ctx.Err() when ctx is
// cancelled.
func BurnIn(ctx context.Context, p *Params, seed uint64, trial, workers int) (*BurnedIn, error) {
	ts := TrialSeed(seed, trial)
	w, err := newWorld(p, ts, workers)
	if err != nil {
		return nil, err
	}
	w.Workers = workers
	defer w.stopWorkers()
	b := &BurnedIn{w: w, trial: trial, seed: ts}
	for w.Month < 0 {
		if err := w.step(ctx); err != nil {
			return nil, err
		}
		b.elections = w.collectElections(b.elections)
	}
	return b, nil
}

// step runs one month, first checking ctx at the start of each year.
func (w *World) step(ctx context.Context) error {
	if w.Month%12 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return w.Step()
}

// Run runs months recorded months from the burned-in world under p,
// which must share its burn-in (SameBurnIn with the parameters it was
// burned in with): p's events from month 1 on apply. With keep set, b's
// world is copied and b can run again; otherwise the world itself runs
// and b is spent. opt is as for RunTrialWith.
func (b *BurnedIn) Run(ctx context.Context, p *Params, months int, opt *TrialOptions, keep bool) (*TrialResult, error) {
	if b.spent {
		panic("sim: BurnedIn.Run after a run without keep")
	}
	if opt == nil {
		opt = &TrialOptions{}
	}
	w, all := b.w, b.elections
	if keep {
		w, all = w.clone(), slices.Clone(all)
	} else {
		b.spent, b.w, b.elections = true, nil, nil
	}
	w.Params.Events = slices.Clone(p.Events)
	w.Workers = opt.Workers
	defer w.stopWorkers()
	res := &TrialResult{Trial: b.trial, Seed: b.seed, Months: make([]Record, months)}
	for _, pa := range p.Parties {
		res.Parties = append(res.Parties, pa.Name)
	}
	var rec recorder
	for w.Month < months {
		if err := w.step(ctx); err != nil {
			return nil, err
		}
		n := len(all)
		all = w.collectElections(all)
		res.Elections = append(res.Elections, all[n:]...)
		rec.record(w, all, &res.Months[w.Month-1])
		if opt.Watch != nil {
			opt.Watch(w)
		}
	}
	return res, nil
}

// SameBurnIn reports whether p and q give the same burn-in: equal in
// everything but their events, which start at month 1 at the earliest.
// (Parameters holding NaN never compare equal, so they are not shared: a
// safe answer.)
func SameBurnIn(p, q *Params) bool {
	a, b := *p, *q
	a.Events, b.Events = nil, nil
	return reflect.DeepEqual(a, b)
}

// clone returns a deep copy of w that runs on as w would: its own
// parameters, districts (with their random streams), units, settlements
// and citizens, and scratch space of its own. The network and the
// tables fixed at generation (adjacency, migration candidates, the
// districts' schedule), which no month changes, are shared.
func (w *World) clone() *World {
	c := *w
	c.Params.Events = slices.Clone(w.Params.Events)
	c.Params.Parties = slices.Clone(w.Params.Parties)
	c.Params.Units = slices.Clone(w.Params.Units)
	c.Oblasts = slices.Clone(w.Oblasts)
	c.Districts = slices.Clone(w.Districts)
	for i := range c.Districts {
		d := &c.Districts[i]
		pcg := *d.pcg
		d.pcg = &pcg
		d.rng = rand.New(d.pcg)
		d.Deputies, d.elections, d.movers = slices.Clone(d.Deputies), slices.Clone(d.elections), slices.Clone(d.movers)
		d.cands, d.votes, d.nominees = slices.Clone(d.cands), slices.Clone(d.votes), slices.Clone(d.nominees)
		d.claims, d.value = slices.Clone(d.claims), slices.Clone(d.value)
	}
	c.Units = slices.Clone(w.Units)
	c.Localities = slices.Clone(w.Localities)
	c.Citizens = Citizens{
		Blocks: slices.Clone(w.Citizens.Blocks), Edu: slices.Clone(w.Citizens.Edu),
		Income: slices.Clone(w.Citizens.Income), n: w.Citizens.n,
	}
	mig := *w.migPCG
	c.migPCG = &mig
	c.migRng = rand.New(c.migPCG)
	c.migCum = slices.Clone(w.migCum)
	c.ps = newPassScratch(w.maxSlots)
	c.team, c.teamCleanup = nil, runtime.Cleanup{}
	return &c
}
