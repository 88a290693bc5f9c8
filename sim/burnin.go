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
	t := b.Start(p, months, opt, keep)
	if err := t.RunTo(ctx, months); err != nil {
		return nil, err
	}
	return t.Result(), nil
}

// Start is Run without running: it returns the trial ready to run month
// 1, for RunTo and Checkpoint.
func (b *BurnedIn) Start(p *Params, months int, opt *TrialOptions, keep bool) *TrialRun {
	if b.spent {
		panic("sim: BurnedIn used after a run without keep")
	}
	w, all := b.w, b.elections
	if keep {
		w, all = w.clone(), slices.Clone(all)
	} else {
		b.spent, b.w, b.elections = true, nil, nil
	}
	w.Params.Events = slices.Clone(p.Events)
	t := &TrialRun{w: w, all: all, res: &TrialResult{Trial: b.trial, Seed: b.seed, Months: make([]Record, months), Scheduled: scheduledLabels(p)}}
	for _, pa := range p.Parties {
		t.res.Parties = append(t.res.Parties, pa.Name)
	}
	t.setOptions(opt)
	return t
}

// A TrialRun is a trial under way, from month 0: its world, the
// elections held so far (the burn-in's included) and what it has
// recorded. Checkpoint saves it and ResumeTrial takes it up again.
type TrialRun struct {
	w     *World
	all   []ElectionRecord
	rec   recorder
	res   *TrialResult
	units *UnitPanel // the unit panel (RecordUnits), or nil
	watch func(*World)
}

// RecordUnits has the trial keep its unit panel (TrialResult.Units) of
// its last unitMonths months, or of every month if negative, as
// RunTrialUnits does; 0 keeps none. Call it before the first month.
func (t *TrialRun) RecordUnits(unitMonths int) {
	if unitMonths != 0 {
		t.units = newUnitPanel(len(t.res.Months), unitMonths)
		t.res.Units = t.units
	}
}

// setOptions applies opt (nil: none) to the trial's running.
func (t *TrialRun) setOptions(opt *TrialOptions) {
	if opt == nil {
		opt = &TrialOptions{}
	}
	t.w.Workers, t.watch = opt.Workers, opt.Watch
}

// Month is the last month run.
func (t *TrialRun) Month() int { return t.w.Month }

// RunTo runs and records the months after the last one run up to month
// (at most the trial's months), checking ctx at the start of each year.
func (t *TrialRun) RunTo(ctx context.Context, month int) error {
	w := t.w
	defer w.stopWorkers()
	for w.Month < min(month, len(t.res.Months)) {
		if err := w.step(ctx); err != nil {
			return err
		}
		n := len(t.all)
		t.all = w.collectElections(t.all)
		t.res.Events = w.collectLog(t.res.Events, len(t.res.Elections))
		t.res.Elections = append(t.res.Elections, t.all[n:]...)
		t.rec.record(w, t.all, &t.res.Months[w.Month-1])
		if t.units != nil {
			t.units.watch(w)
		}
		if t.watch != nil {
			t.watch(w)
		}
	}
	return nil
}

// Result returns what the trial recorded (complete once RunTo has run
// its last month).
func (t *TrialRun) Result() *TrialResult { return t.res }

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
		d.log = slices.Clone(d.log)
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
