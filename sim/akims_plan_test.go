package sim

import (
	"math"
	"testing"
)

// TestAkimPlanExact checks that the akims' planning (forecast, value) gives
// bit for bit the utilities of the month-by-month reference below, for
// every plan of every unit's akim, under each selection mode, with recall
// and a term limit (and, under direct election, no dismissals) and
// without (TestRegress sees only the chosen plans).
func TestAkimPlanExact(t *testing.T) {
	checked := 0
	planWorlds(t, func(w *World, mode string, month int) { checked += checkAkimPlans(t, w, mode, month) })
	if checked == 0 {
		t.Fatal("no plan checked")
	}
}

// planWorlds runs check after each of 30 months of a test world under
// each selection mode, with recall and a term limit (and, under direct
// election, no dismissals) and without.
func planWorlds(t *testing.T, check func(w *World, mode string, month int)) {
	t.Helper()
	for _, mode := range []string{"appointed", "indirect", "direct"} {
		for _, extra := range []bool{false, true} {
			p := tinyParams()
			p.Institutions.Selection = mode
			if extra {
				p.Institutions.Recall = true
				p.Institutions.RecallSignatures = 0.15
				p.Institutions.TermLimit = 2
				p.Oversight.RuralCouncil = true
				p.Oversight.RuralCouncilEffort = 0.5
				p.Institutions.SuperiorCanDismiss = mode != "direct"
			}
			w := newTestWorld(t, &p, TrialSeed(7, 0))
			for m := 0; m < 30; m++ {
				if err := w.Step(); err != nil {
					t.Fatal(err)
				}
				check(w, mode, m)
			}
		}
	}
}

// TestAkimPlanBound checks that planBound bounds every plan's value from
// above, and that bestPruned chooses the plan bestEach chooses, for every
// unit's akim (rent opportunities from none to the largest, the last
// term and not), and that the bounds leave some plans out.
func TestAkimPlanBound(t *testing.T) {
	checked, pruned := 0, 0
	planWorlds(t, func(w *World, mode string, month int) {
		for ui := range w.Units {
			u := &w.Units[ui]
			saved := u.Akim
			if !u.Akim.Congruent {
				u.Akim.RentOpp = float64((ui+month)%4) / 3 * w.Params.Fiscal.RentMax
			}
			u.Akim.Terms = month % 3
			v := w.akimView(u, &w.Districts[u.District])
			if v.res > 0 && !v.recall {
				var f akimForecast
				var g akimTerms
				var bounds []float64
				best := math.Inf(-1)
				for _, e := range effortGrid {
					for _, rent := range [2]bool{false, true} {
						pl := akimPlan{effort: e, rent: rent}
						bound, value := v.planBound(&g, pl), v.planValue(&f, pl)
						if !(bound >= value) {
							t.Fatalf("%s month %d unit %d plan %+v: bound %v below value %v", mode, month, ui, pl, bound, value)
						}
						bounds, best = append(bounds, bound), max(best, value)
					}
				}
				for _, b := range bounds {
					if b < best {
						pruned++
					}
				}
				if got, want := v.bestPruned(), v.bestEach(); got != want {
					t.Fatalf("%s month %d unit %d: pruned search chose %+v, every plan %+v", mode, month, ui, got, want)
				}
				checked++
			}
			u.Akim = saved
		}
	})
	if checked == 0 || pruned == 0 {
		t.Fatalf("%d akims checked, %d plans left out", checked, pruned)
	}
	t.Logf("%d akims checked, %d plans left out", checked, pruned)
}

// checkAkimPlans compares value with refValue for every plan of every
// unit's akim of w (a rent opportunity of 0.3 of the largest for every
// rent-seeker), and returns the number of plans compared.
func checkAkimPlans(t *testing.T, w *World, mode string, month int) int {
	t.Helper()
	n := 0
	for ui := range w.Units {
		u := &w.Units[ui]
		d := &w.Districts[u.District]
		saved := u.Akim
		u.Akim.RentOpp = 0.3 * w.Params.Fiscal.RentMax
		u.Akim.Terms = month % 3
		v := w.akimView(u, d)
		if v.res <= 0 {
			u.Akim = saved
			continue
		}
		var f akimForecast
		for _, e := range effortGrid {
			for _, rent := range [2]bool{false, true} {
				pl := akimPlan{effort: e, rent: rent}
				got, want := v.planValue(&f, pl), v.refValue(pl)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s month %d unit %d plan %+v: value %v, reference %v", mode, month, ui, pl, got, want)
				}
				n++
			}
		}
		u.Akim = saved
	}
	return n
}

// TestWinAbove checks that winAbove bounds winChance from above, by less
// than 1e-4, for every unit of a test world over the range of trust.
func TestWinAbove(t *testing.T) {
	p := tinyParams()
	p.Institutions.Selection = "direct"
	w := newTestWorld(t, &p, TrialSeed(7, 0))
	for ui := range w.Units {
		u := &w.Units[ui]
		v := akimView{w: w, u: u}
		for _, spread := range []float64{w.Params.Behavior.ValenceSpread, 0.01, 0} {
			w.Params.Behavior.ValenceSpread = spread
			for i := 0; i <= 1000; i++ {
				trust := float64(i) / 1000
				above, win := v.winAbove(trust), w.winChance(u, trust)
				if !(above >= win && above-win < 1e-4) {
					t.Fatalf("unit %d trust %v spread %v: winAbove %v, winChance %v", ui, trust, spread, above, win)
				}
			}
		}
		w.Params.Behavior.ValenceSpread = p.Behavior.ValenceSpread
	}
}

// TestDismissalBelow checks that dismissalBelow bounds dismissal from
// below, by less than 1e-5, for every unit of a test world over the range
// of satisfaction and for several superiors' noises.
func TestDismissalBelow(t *testing.T) {
	p := tinyParams()
	w := newTestWorld(t, &p, TrialSeed(7, 0))
	for ui := range w.Units {
		u := &w.Units[ui]
		v := w.akimView(u, &w.Districts[u.District])
		v.canDismiss = true
		for _, noise := range []float64{p.Superior.Noise, 0.01, 1, 0} {
			w.Params.Superior.Noise = noise
			for i := -500; i <= 1500; i++ {
				sat := float64(i) / 1000
				below, h := v.dismissalBelow(sat), v.dismissal(sat)
				if !(below <= h && h-below < 1e-5) && !(math.IsNaN(h) && below == 0) {
					t.Fatalf("unit %d sat %v noise %v: dismissalBelow %v, dismissal %v", ui, sat, noise, below, h)
				}
			}
		}
		w.Params.Superior.Noise = p.Superior.Noise
	}
}

// planValue is the akim's expected utility of plan pl as planAkim computes
// it: in one pass over the months when no recall hazard ties its survival
// to its residents' trust (onePass, for the plans bestPruned does not
// leave out), by forecast and value otherwise (bestEach).
func (v *akimView) planValue(f *akimForecast, pl akimPlan) float64 {
	if v.recall {
		v.forecast(f, pl)
		return v.value(f)
	}
	return v.onePass(&f.akimTerms, pl)
}

// refValue is the akim's expected utility of plan pl as value computed it
// before the forecast was shared between paths (the reference value must
// reproduce bit for bit);, kept as its policy for
// the rest of the term and beyond (it plans anew each year, but judges a
// plan as if it kept it), with the rent opportunity taken this year only.
// It runs its own model of the unit forward month by month to the end of
// the term (path): services from the money it allocates (services.go),
// the residents' trust moving towards the performance they perceive
// (relative to the district, less the scandal if its rent is exposed),
// the superior's satisfaction with its conduct and the dismissal and
// recall hazards they imply. Rent is exposed with probability 1-(1-x)^L
// over the L months it is taken (x the monthly exposure chance): the akim
// weighs the path in which it is exposed (at the middle of the year) and
// the one in which it is not by their chances.
func (v *akimView) refValue(pl akimPlan) float64 {
	if !pl.rent {
		return v.refPath(pl, -1)
	}
	months := min(planMonths, v.months)
	exposed := 1 - math.Pow(1-v.exposure, float64(months))
	if exposed == 0 {
		return v.refPath(pl, -1)
	}
	return (1-exposed)*v.refPath(pl, -1) + exposed*v.refPath(pl, (months+1)/2)
}

// refPath is path as it was: the akim's utility of plan pl if its rent is exposed in month
// exposedAt of the plan (never if negative): the discounted flow of office
// value, loyalty, public motivation (congruent) and rent while it
// survives, plus, at the term's end, its chance of being chosen again (by
// the voters' rule or the superior's) times the value of further terms
// under the same plan.
func (v *akimView) refPath(pl akimPlan, exposedAt int) float64 {
	w, u, d := v.w, v.u, v.d
	p := &w.Params
	a := &u.Akim
	b := &p.Behavior
	f := &p.Fiscal
	orders := ordersDone(pl.effort, w.orderLoad(d))
	alloc := allocation(&u.Need, &u.Service, &u.Plan, pl.effort, v.info, p.Participation.BudgetShare)
	prod := u.productivity(v.res, pl.effort)
	spendShare := (1 - w.captureShare(u)) * (1 - w.akimConnected(d)*f.QualityDiscount)
	sat := d.satisfaction(w, u, orders, pl.effort, 0)
	hazard := w.dismissalProb(u, d, sat, false)
	rentHazard := hazard
	if pl.rent {
		rentHazard = w.dismissalProb(u, d, d.satisfaction(w, u, orders, pl.effort, a.RentOpp), false)
	}
	E := b.OfficeValue
	base := E * (1 + b.LoyaltyWeight*a.Loyalty*orders)
	svc := u.Service
	trust, scandal := u.TrustMean, u.Scandal
	value, stay, q := 0.0, 1.0, u.Quality
	for t := 1; t <= v.months; t++ {
		rentNow := pl.rent && t <= planMonths
		control := v.control
		if rentNow {
			control *= 1 - a.RentOpp
		}
		if t == exposedAt {
			scandal = min(1, scandal+b.Scandal)
		}
		q = serviceMonth(&svc, &u.Need, &u.Plan, &alloc, control*spendShare, v.district, v.res, prod, f, b)
		scandal *= scandalDecay
		trust += b.TrustRate * (w.performanceSignal(q, v.otherQ) - scandal - trust)
		h := hazard
		if rentNow {
			h = rentHazard
		}
		if v.recall && u.Akim.Tenure+t >= 12 {
			h = 1 - (1-h)*(1-recallHazard(trust, u.AwareMean, p.Institutions.RecallSignatures))
		}
		stay *= b.Discount * (1 - h)
		flow := base
		if a.Congruent {
			flow += E * b.PublicMotivation * q
		}
		if rentNow {
			flow += v.control * a.RentOpp * (1 - f.KickbackShare)
		}
		value += stay * flow
	}
	if v.lastTerm {
		return value
	}
	var reselect float64
	if w.mode == Direct {
		reselect = w.winChance(u, clamp01(trust))
	} else {
		reselect = d.keepProb(w, u, sat)
	}
	// Later terms under the same plan: the flow at the term's service
	// level, a rent-seeker's average rent (Besley's mu: half the largest
	// opportunity), survival at the plan's hazard.
	flow := base
	if a.Congruent {
		flow += E * b.PublicMotivation * q
	} else {
		flow += v.control * f.RentMax / 2 * (1 - f.KickbackShare)
	}
	return value + stay*reselect*v.refNextTerms(flow, 1-hazard, reselect)
}

// refNextTerms is nextTerms as it was: the value, at the start of a new term, of that term and any
// further ones, with monthly flow flow, monthly survival s and the chance
// reselect of being chosen again at each term's end; a term limit cuts
// the series.
func (v *akimView) refNextTerms(flow, s, reselect float64) float64 {
	w := v.w
	T := w.Params.Institutions.TermMonths
	delta := w.Params.Behavior.Discount
	term := refAnnuity(delta*s, T) * flow
	carry := min(math.Pow(delta*s, float64(T))*reselect, 0.999)
	left := -1 // no limit
	if tl := w.Params.Institutions.TermLimit; tl > 0 {
		left = tl - v.u.Akim.Terms // terms allowed after the current one
		if left <= 0 {
			return 0
		}
	}
	if left < 0 {
		return term / (1 - carry)
	}
	// A finite geometric series of left terms.
	return term * (1 - math.Pow(carry, float64(left))) / (1 - carry)
}

// refAnnuity is annuity as it was: it returns sum_{t=1..n} x^t.
func refAnnuity(x float64, n int) float64 {
	if n <= 0 {
		return 0
	}
	if x == 1 {
		return float64(n)
	}
	return x * (1 - math.Pow(x, float64(n))) / (1 - x)
}
