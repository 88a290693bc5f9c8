package sim

import (
	"context"
	"math"
)

// RunTrial runs trial number trial of a run with the given seed for months
// months and returns everything it recorded. The result depends only on
// (p, months, seed, trial). It stops early with ctx.Err() when ctx is
// cancelled.
func RunTrial(ctx context.Context, p *Params, months int, seed uint64, trial int) (*TrialResult, error) {
	return RunTrialWith(ctx, p, months, seed, trial, nil)
}

// RunTrialWatched is RunTrial with a watcher: if watch is not nil it is
// called after every recorded month (1..months) with the world, for
// measurements the metrics do not hold (validation reads unit budgets and
// akims this way). watch must not change the world.
func RunTrialWatched(ctx context.Context, p *Params, months int, seed uint64, trial int, watch func(*World)) (*TrialResult, error) {
	return RunTrialWith(ctx, p, months, seed, trial, &TrialOptions{Watch: watch})
}

// TrialOptions are the optional settings of RunTrialWith. The zero value
// (or a nil pointer) runs the districts one after another, unwatched.
type TrialOptions struct {
	// Workers is the number of goroutines the trial's districts run on
	// (World.Workers); 0 or 1 means one. The result does not depend on it.
	Workers int
	// Watch, if not nil, is called after every recorded month (1..months)
	// with the world. It must not change the world.
	Watch func(*World)
}

// RunTrialWith is RunTrial with options: within-trial parallelism and a
// watcher.
func RunTrialWith(ctx context.Context, p *Params, months int, seed uint64, trial int, opt *TrialOptions) (*TrialResult, error) {
	if opt == nil {
		opt = &TrialOptions{}
	}
	b, err := BurnIn(ctx, p, seed, trial, opt.Workers)
	if err != nil {
		return nil, err
	}
	return b.Run(ctx, p, months, opt, false)
}

// Step runs one month: scheduled events, then for every district (each
// with its own random stream) money, orders, allocation and services, the
// citizens' pass (perception, participation, unrest, migration), arrests
// and the protest response, elections, dismissals and recalls. The
// districts run on w.Workers goroutines.
func (w *World) Step() error {
	w.Month++
	maslikhat, akims, err := w.applyEvents(w.Month)
	if err != nil {
		return err
	}
	w.stepDistricts(maslikhat, akims)
	w.placeMovers()
	return nil
}

// stepDistrict runs the month for district di, with ps the calling
// goroutine's scratch space. It touches only the district's own units,
// citizens and stream.
func (w *World) stepDistrict(di int, maslikhat, akims bool, ps *passScratch) {
	d := &w.Districts[di]
	d.dismissals, d.recalls = 0, 0
	d.elections = d.elections[:0]
	d.log = d.log[:0]
	january := ((w.Month%12)+12)%12 == 1 // month 1 is a January
	w.money(d)
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		if january {
			u.Capture = w.localCapture(u)
		}
		if january || !u.Akim.planned {
			w.planAkim(u, d)
			u.Akim.planned = true
		}
		w.leakage(u, d)
		w.services(u, d)
	}
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		u.prevActive, u.prevPop = u.Active, float64(u.Pop) // what adjacent units read
	}
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		was := u.Protest
		w.live(u, d, ps)
		w.arrest(u)
		w.protestResponse(u)
		police := u.Police
		u.blamed = u.Protest && w.respondToProtest(u, d)
		if u.Protest && !was {
			d.noteProtest(w, ui, police, u.blamed)
		}
		d.judge(w, u)
	}
	if maslikhat || w.Month >= d.NextMaslikhat {
		d.elections = append(d.elections, w.maslikhatElection(di))
	}
	if january {
		w.chooseEffort(d)
		w.budgetVote(d)
		w.deputyRecalls(d)
	}
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		u.Akim.Tenure++
		if akims || w.Month >= u.Akim.TermEnd || (w.electShare > 0 && d.rng.Float64() < w.electShare) {
			d.elections = append(d.elections, w.selectAkim(ui, d, true))
			continue
		}
		w.removals(ui, d, u.blamed)
	}
}

// collectElections appends this month's election records of every district,
// in district order, to dst.
func (w *World) collectElections(dst []ElectionRecord) []ElectionRecord {
	for di := range w.Districts {
		dst = append(dst, w.Districts[di].elections...)
	}
	return dst
}

func nan() float64 { return math.NaN() }
