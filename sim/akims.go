package sim

import (
	"math"
	"math/rand/v2"
)

// Rural akims: who they are, and what they choose (ODD+D, docs/ODD.md
// 7.3). An akim has a competence and a motivation: congruent
// (public-spirited) or rent-seeking (Besley 2006). Once a budget year
// (each January, and when it takes office) it chooses its plan: the share
// of its office's capacity and discretionary money that goes to
// residents' needs rather than the superior's orders and plan (its
// downward orientation), and, if it is a rent-seeker, whether to take the
// year's rent opportunity. It weighs what the plan brings this year
// against the value of keeping office times its chance of surviving,
// given who can remove it and how they judge: the voters' retrospective
// rule under direct election, the district akim's satisfaction under
// appointment and indirect election, and the dismissal and recall
// hazards in between. It knows the rules in force, its unit's money,
// needs and services, its residents' mean trust and awareness, and its
// superior's objective; it does not know what its residents will perceive
// or who will challenge it.

// newAkim draws an akim of the given origin. Competence does not depend on
// origin (uniform on [0.2, 0.8] for everyone; assumption), so any
// difference in who governs well comes from selection; motivation is
// congruent with probability behavior.congruent_share, whatever the
// origin. Origin sets loyalty to the superior and party: officials and
// party nominees are loyal, independents are not (assumption).
func newAkim(p *Params, chosenBy Mode, o Origin, r *rand.Rand) Akim {
	a := Akim{Origin: o, ChosenBy: chosenBy, Party: NoParty}
	a.Competence = 0.2 + 0.6*r.Float64()
	a.Congruent = r.Float64() < p.Behavior.CongruentShare
	switch o {
	case Independent:
		a.Loyalty = 0.4 * r.Float64()
	case PartyNominee:
		a.Loyalty = 0.7 + 0.3*r.Float64()
		a.Party = RulingParty
	default: // Official
		a.Loyalty = 0.6 + 0.4*r.Float64()
		if r.Float64() < 0.7 {
			a.Party = RulingParty
		}
		a.Origin = Official
	}
	return a
}

// randomOrigin draws the origin of a sitting akim at the start of a run.
func randomOrigin(m Mode, r *rand.Rand) Origin {
	x := r.Float64()
	if m == Direct {
		switch {
		case x < 0.35:
			return Official
		case x < 0.8:
			return PartyNominee
		default:
			return Independent
		}
	}
	if x < 0.6 {
		return Official
	}
	return PartyNominee
}

// ruling reports whether the akim belongs to the ruling party.
func (a *Akim) ruling() bool { return a.Party == RulingParty }

// akimPlan is an akim's choice for a budget year.
type akimPlan struct {
	effort float64 // share of capacity and discretionary money for residents' needs
	rent   bool    // take the year's rent opportunity
}

// effortGrid is the set of downward orientations an akim considers.
var effortGrid = [...]float64{0, 0.2, 0.4, 0.6, 0.8, 1}

// planMonths is the length of an akim's planning period: a budget year.
const planMonths = 12

// exposureRate is the monthly chance that rent is exposed when every
// check (monitoring residents, transparency, a rural council) is at full
// strength; the chance scales with rentChecks (assumption: about one
// exposure a year under full scrutiny).
const exposureRate = 0.1

// rentChecks is how much of an akim's conduct residents and institutions
// can see, in [0,1]: residents monitoring spending (twice the
// participation rate), budget transparency, and a rural council's audits.
func (w *World) rentChecks(u *Unit) float64 {
	p := &w.Params
	free := (1 - clamp01(2*u.ParticipateRate)) * (1 - p.Oversight.Transparency)
	if p.Oversight.RuralCouncil {
		free *= 1 - p.Oversight.RuralCouncilEffort
	}
	return 1 - free
}

// akimView is what an akim knows when it plans, gathered once for all its
// options.
type akimView struct {
	w          *World
	u          *Unit
	d          *District
	res        float64 // residents
	control    float64 // money it allocates this month, before rent (KZT)
	district   float64 // money the district spends in the unit, after contractors (KZT)
	info       float64 // how well it knows residents' needs
	otherQ     float64 // mean service level of the district's other units (yardstick)
	months     int     // months of the term left, this one included (at most planHorizon)
	lastTerm   bool    // it cannot be chosen again (term limit)
	exposure   float64 // monthly chance its rent is exposed
	spendShare float64 // share of the money it controls that reaches services (after capture and contractors)
	recall     bool    // residents can recall it (or will, once it has served a year)
	// The superior's view of a replacement (dismissalProb, keepProb):
	canDismiss  bool    // the superior can dismiss it
	replacement float64 // the satisfaction it expects from a replacement
	dismissCost float64 // what a dismissal costs it
	exposed     float64 // chance that rent taken this year is exposed (value)
	// What a scandal takes off the residents' trust at the term's end
	// (scandalDrag), without and with the rent's exposure:
	drag, dragExposed float64
	// The residents' trust's decay over a block of planBound, and over
	// the term's last, shorter block (scandalDrag):
	decay, decayRem float64
}

// planHorizon is the most months ahead an akim looks within its term.
const planHorizon = 60

// forecast writes the NumSectors sectors out by hand: both constants
// below must be unsigned, so NumSectors must be 4.
const (
	_ uint = NumSectors - 4
	_ uint = 4 - NumSectors
)

// planAkim chooses unit u's akim's plan for the coming year and applies it.
func (w *World) planAkim(u *Unit, d *District) {
	a := &u.Akim
	if a.Congruent {
		a.RentOpp = 0
	} else {
		a.RentOpp = w.Params.Fiscal.RentMax * d.rng.Float64()
	}
	v := w.akimView(u, d)
	if v.res <= 0 {
		a.Downward, a.TakeRent = 0.5, false
		return
	}
	var best akimPlan
	if v.recall {
		best = v.bestEach()
	} else {
		best = v.bestPruned()
	}
	a.Downward, a.TakeRent = best.effort, best.rent
}

// bestEach is the plan of highest value, the first in effortGrid's order
// (without rent before with) if several tie, and an effort of 0.5 if no
// plan has a value above -Inf, computing every plan's value.
func (v *akimView) bestEach() akimPlan {
	a := &v.u.Akim
	best, bestU := akimPlan{effort: 0.5}, math.Inf(-1)
	var f akimForecast
	for _, e := range effortGrid {
		for _, rent := range [2]bool{false, true} {
			if rent && (a.Congruent || a.RentOpp == 0) {
				continue
			}
			v.forecast(&f, akimPlan{effort: e, rent: rent})
			if x := v.value(&f); x > bestU {
				best, bestU = f.pl, x
			}
		}
	}
	return best
}

// akimView gathers what unit u's akim knows for planning.
func (w *World) akimView(u *Unit, d *District) akimView {
	p := &w.Params
	v := akimView{w: w, u: u, d: d, res: float64(u.Pop) * w.represent}
	v.control = u.akimMoney
	v.district = u.districtMoney * (1 - d.connectedCS*p.Fiscal.QualityDiscount)
	v.info = w.needsInfo(u)
	v.spendShare = (1 - w.captureShare(u)) * (1 - w.akimConnected(d)*p.Fiscal.QualityDiscount)
	v.otherQ = d.otherQuality(w, u)
	v.months = min(planHorizon, max(1, u.Akim.TermEnd-w.Month))
	v.lastTerm = w.termLimited(&u.Akim)
	v.exposure = w.ExposureChance(u)
	v.recall = p.Institutions.Recall && w.mode == Direct && u.Akim.ChosenBy == Direct
	v.canDismiss = p.Institutions.SuperiorCanDismiss
	v.replacement = d.replacementSatisfaction(w, u)
	v.dismissCost = w.dismissalCost(u)
	v.exposed = 1 - math.Pow(1-v.exposure, float64(min(planMonths, v.months)))
	v.scandalDrag()
	return v
}

// keepChance is the superior's chance of keeping the akim at the end of
// its term under the plan f forecasts (keepProb), computed once an effort.
func (v *akimView) keepChance(f *akimTerms) float64 {
	if !f.keepKnown {
		f.keep, f.keepKnown = logistic((f.sat-v.replacement)/v.w.Params.Superior.Noise), true
	}
	return f.keep
}

// ordersDone is the share of the superior's orders an akim fulfils when it
// gives the share effort of its capacity to residents and the rest to
// orders that take the share load of its capacity.
func ordersDone(effort, load float64) float64 {
	if load <= 0 {
		return 1
	}
	return min(1, (1-effort)/load)
}

// value is the akim's expected utility of the plan f forecasts, kept as
// its policy for the rest of the term and beyond (it plans anew each year,
// but judges a plan as if it kept it), with the rent opportunity taken
// this year only. It runs its own model of the unit forward month by
// month to the end of the term (forecast, path): services from the money
// it allocates (services.go), the residents' trust moving towards the
// performance they perceive (relative to the district, less the scandal
// if its rent is exposed), the superior's satisfaction with its conduct
// and the dismissal and recall hazards they imply. Rent is exposed with
// probability 1-(1-x)^L over the L months it is taken (x the monthly
// exposure chance): the akim weighs the path in which it is exposed (at
// the middle of the year) and the one in which it is not by their
// chances.
func (v *akimView) value(f *akimForecast) float64 {
	if !f.pl.rent {
		return v.path(f, -1)
	}
	months := min(planMonths, v.months)
	exposed := 1 - math.Pow(1-v.exposure, float64(months))
	if exposed == 0 {
		return v.path(f, -1)
	}
	return (1-exposed)*v.path(f, -1) + exposed*v.path(f, (months+1)/2)
}

// akimForecast is an akim's forecast of plan pl, computed once for what
// its paths share: the services, and so the performance residents
// perceive, do not depend on whether rent is exposed, and everything but
// the services and the rent hazard is the same for the plans with and
// without rent at one effort (planAkim considers them one after the
// other).
type akimForecast struct {
	akimTerms
	q      [planHorizon]float64 // need-weighted service level, month by month
	signal [planHorizon]float64 // performance residents perceive (performanceSignal)
}

// akimTerms are the terms of an akim's forecast of plan pl that are not
// month by month.
type akimTerms struct {
	pl         akimPlan
	ready      bool                // the effort's terms below are those of pl.effort
	orders     float64             // share of the superior's orders done
	alloc      [NumSectors]float64 // allocation of the money it controls
	prod       float64             // productivity
	sat        float64             // the superior's satisfaction, without rent
	hazard     float64             // monthly dismissal chance without rent
	base       float64             // monthly office value and loyalty
	powKnown   bool                // pw and ann are known
	pw, ann    float64             // x^T and sum_{t=1..T} x^t, x the monthly survival of a later term (nextTerms)
	keepKnown  bool                // keep is known
	keep       float64             // the superior's chance of keeping it (keepProb)
	rentKnown  bool                // renting is known
	renting    float64             // monthly dismissal chance while taking rent, at this effort
	rentHazard float64             // monthly dismissal chance in the months of pl's rent
	exact      bool                // hazard is known
	// Lower bounds on hazard and renting (dismissalBelow), and what
	// nextTerms's pw and ann are at most (planBound):
	low, rentingLow           float64
	rentLowKnown, lowPowKnown bool
	lowPw, lowAnn             float64
	tailKnown                 bool         // reselect and tail are known (appointment, indirect election)
	reselect                  float64      // chance of being chosen again
	tail                      float64      // nextTerms
	fullKnown                 bool         // full is known
	full                      boundStretch // planBound's blocks without rent (fullStretch)
	// Upper bounds on the need-weighted service level over each block, and
	// on the residents' trust at the term's end (serviceBlocks):
	blocksKnown bool
	blockQ      [planHorizon/boundBlock + 1]float64
	trustUp     float64
}

// forecast fills f for plan pl, keeping the effort's terms when f already
// holds a plan at the same effort: the plan's hazards, and the unit's
// services month by month to the end of the term. The money spent in
// each sector is the same every month of a stretch with the same control
// (the rent year, the rest), so its improvement is computed once a
// stretch.
func (v *akimView) forecast(f *akimForecast, pl akimPlan) {
	w, u := v.w, v.u
	a := &u.Akim
	b := &w.Params.Behavior
	fp := &w.Params.Fiscal
	v.planTerms(&f.akimTerms, pl)
	svc := u.Service
	var gain [NumSectors]float64
	keep := 1 - b.Depreciation
	t := 1
	for stretch := 0; stretch < 2; stretch++ {
		control, end := v.control, v.months
		if stretch == 0 {
			if !pl.rent {
				continue
			}
			control *= 1 - a.RentOpp
			end = min(planMonths, v.months)
		}
		controlled := control * v.spendShare
		for s := range gain {
			spend := (controlled*f.alloc[s] + v.district*u.Plan[s]) / v.res
			gain[s] = min(1, spend/fp.ServiceCostPerCapita*f.prod)
		}
		// The sectors by hand, in registers (the arithmetic of serviceMonth).
		s0, s1, s2, s3 := svc[0], svc[1], svc[2], svc[3]
		g0, g1, g2, g3 := gain[0], gain[1], gain[2], gain[3]
		n0, n1, n2, n3 := u.Need[0], u.Need[1], u.Need[2], u.Need[3]
		for ; t <= end; t++ {
			s0 = clamp01(s0*keep + (1-s0)*g0)
			s1 = clamp01(s1*keep + (1-s1)*g1)
			s2 = clamp01(s2*keep + (1-s2)*g2)
			s3 = clamp01(s3*keep + (1-s3)*g3)
			q := 0.0
			q += n0 * s0
			q += n1 * s1
			q += n2 * s2
			q += n3 * s3
			f.q[t-1] = q
			f.signal[t-1] = w.performanceSignal(q, v.otherQ)
		}
		svc = [NumSectors]float64{s0, s1, s2, s3}
	}
}

// planTerms sets f's plan to pl and fills its hazards, keeping the
// effort's terms when f already holds a plan at the same effort.
func (v *akimView) planTerms(f *akimTerms, pl akimPlan) {
	if !f.ready || f.pl.effort != pl.effort {
		v.effortTerms(f, pl.effort)
	}
	f.pl, f.tailKnown = pl, false
	if !f.exact {
		f.hazard, f.exact = v.dismissal(f.sat), true
	}
	f.rentHazard = f.hazard
	if pl.rent {
		if !f.rentKnown {
			f.renting, f.rentKnown = v.dismissal(v.d.satisfaction(v.w, v.u, f.orders, pl.effort, v.u.Akim.RentOpp)), true
		}
		f.rentHazard = f.renting
	}
}

// effortTerms fills the terms of f that depend only on the effort.
func (v *akimView) effortTerms(f *akimTerms, effort float64) {
	w, u, d := v.w, v.u, v.d
	p := &w.Params
	b := &p.Behavior
	f.orders = ordersDone(effort, w.orderLoad(d))
	f.alloc = allocation(&u.Need, &u.Service, &u.Plan, effort, v.info, p.Participation.BudgetShare)
	f.prod = u.productivity(v.res, effort)
	f.sat = d.satisfaction(w, u, f.orders, effort, 0)
	f.base = b.OfficeValue * (1 + b.LoyaltyWeight*u.Akim.Loyalty*f.orders)
	f.ready, f.exact, f.powKnown, f.keepKnown, f.rentKnown = true, false, false, false, false
	f.low, f.fullKnown, f.blocksKnown = v.dismissalBelow(f.sat), false, false
	f.rentLowKnown, f.lowPowKnown = false, false
}

// dismissal is the monthly chance that the superior dismisses the akim
// when it judges it at satisfaction sat (dismissalProb without a protest).
func (v *akimView) dismissal(sat float64) float64 {
	if !v.canDismiss {
		return 0
	}
	return reviewRate * logistic((v.replacement-sat-v.dismissCost)/v.w.Params.Superior.Noise)
}

// path is the akim's utility of the plan f forecasts if its rent is
// exposed in month exposedAt of the plan (never if negative): the
// discounted flow of office value, loyalty, public motivation (congruent)
// and rent while it survives, plus, at the term's end, its chance of
// being chosen again (by the voters' rule or the superior's) times the
// value of further terms under the same plan.
func (v *akimView) path(f *akimForecast, exposedAt int) float64 {
	pl := f.pl
	w, u := v.w, v.u
	p := &w.Params
	a := &u.Akim
	b := &p.Behavior
	fp := &p.Fiscal
	motive := b.OfficeValue * b.PublicMotivation
	rentFlow := v.control * a.RentOpp * (1 - fp.KickbackShare)
	survive, surviveRent := b.Discount*(1-f.hazard), b.Discount*(1-f.rentHazard)
	trust, scandal := u.TrustMean, u.Scandal
	value, stay, q := 0.0, 1.0, u.Quality
	for t := 1; t <= v.months; t++ {
		rentNow := pl.rent && t <= planMonths
		if t == exposedAt {
			scandal = min(1, scandal+b.Scandal)
		}
		q = f.q[t-1]
		scandal *= scandalDecay
		trust += b.TrustRate * (f.signal[t-1] - scandal - trust)
		s := survive
		if rentNow {
			s = surviveRent
		}
		if v.recall && u.Akim.Tenure+t >= 12 {
			h := f.hazard
			if rentNow {
				h = f.rentHazard
			}
			h = 1 - (1-h)*(1-recallHazard(trust, u.AwareMean, p.Institutions.RecallSignatures))
			s = b.Discount * (1 - h)
		}
		stay *= s
		flow := f.base
		if a.Congruent {
			flow += motive * q
		}
		if rentNow {
			flow += rentFlow
		}
		value += stay * flow
	}
	return v.finish(&f.akimTerms, value, stay, q, trust)
}

// finish is path's end: the utility of a term that ends with the
// discounted flow value, the chance stay of still being in office, the
// service level q and the residents' trust, adding (unless the term is
// the last allowed) the chance of being chosen again times the value of
// further terms under the same plan.
func (v *akimView) finish(f *akimTerms, value, stay, q, trust float64) float64 {
	w, u := v.w, v.u
	if v.lastTerm {
		return value
	}
	if f.tailKnown {
		return value + stay*f.reselect*f.tail
	}
	var reselect float64
	if w.mode == Direct {
		reselect = w.winChance(u, clamp01(trust))
	} else {
		reselect = v.keepChance(f)
	}
	tail := v.nextTerms(f, v.laterFlow(f, q), reselect)
	if w.mode != Direct { // the same for both paths
		f.reselect, f.tail, f.tailKnown = reselect, tail, true
	}
	return value + stay*reselect*tail
}

// laterFlow is the monthly flow of later terms under the plan f
// forecasts, when the term ends at service level q: the flow at that
// level, a rent-seeker's average rent (Besley's mu: half the largest
// opportunity); nextTerms adds survival at the plan's hazard.
func (v *akimView) laterFlow(f *akimTerms, q float64) float64 {
	b, fp := &v.w.Params.Behavior, &v.w.Params.Fiscal
	flow := f.base
	if v.u.Akim.Congruent {
		flow += b.OfficeValue * b.PublicMotivation * q
	} else {
		flow += v.control * fp.RentMax / 2 * (1 - fp.KickbackShare)
	}
	return flow
}

// nextTerms is the value, at the start of a new term, of that term and any
// further ones, with monthly flow flow, monthly survival that of the plan
// f forecasts without rent, and the chance reselect of being chosen again
// at each term's end; a term limit cuts the series.
func (v *akimView) nextTerms(f *akimTerms, flow, reselect float64) float64 {
	w := v.w
	left := v.termsLeft()
	if left == 0 {
		return 0
	}
	if !f.powKnown {
		T := w.Params.Institutions.TermMonths
		x := w.Params.Behavior.Discount * (1 - f.hazard)
		f.pw = math.Pow(x, float64(T))
		f.ann, f.powKnown = annuity(x, f.pw, T), true
	}
	return termSeries(f.ann, f.pw, flow, reselect, left)
}

// termSeries is the value of left further terms (any number if left is
// negative) with monthly flow flow, when a term's discounted survival
// sums to ann and ends at pw and reselect is the chance of being chosen
// again at each term's end.
func termSeries(ann, pw, flow, reselect float64, left int) float64 {
	term := ann * flow
	carry := min(pw*reselect, 0.999)
	if left < 0 {
		return term / (1 - carry)
	}
	// A finite geometric series of left terms.
	return term * (1 - math.Pow(carry, float64(left))) / (1 - carry)
}

// termsLeft is the number of terms the akim may serve after the current
// one, -1 if there is no limit.
func (v *akimView) termsLeft() int {
	if tl := v.w.Params.Institutions.TermLimit; tl > 0 {
		return max(0, tl-v.u.Akim.Terms)
	}
	return -1
}

// annuity returns sum_{t=1..n} x^t, given xn = x^n.
func annuity(x, xn float64, n int) float64 {
	if n <= 0 {
		return 0
	}
	if x == 1 {
		return float64(n)
	}
	return x * (1 - xn) / (1 - x)
}

// winChance is an akim's forecast of its chance of winning a direct
// election when residents' mean trust in it is trust: the voters' rule
// (elections.go) applied to the mean voter, with the incumbent against a
// typical challenger (a ruling-party nominee if it is not one, else an
// independent) and the candidates' valence shocks as the only
// uncertainty.
func (w *World) winChance(u *Unit, trust float64) float64 {
	edge, sd := w.winEdge(u, trust)
	if sd == 0 {
		switch {
		case edge > 0:
			return 1
		case edge < 0:
			return 0
		}
		return 0.5
	}
	return normalCDF(edge / sd)
}

// winEdge returns winChance's edge of the incumbent over the challenger
// when residents' mean trust in it is trust, and the spread of the
// difference of their valence shocks.
func (w *World) winEdge(u *Unit, trust float64) (edge, sd float64) {
	b := &w.Params.Behavior
	a := &u.Akim
	edge = b.PerformanceWeight*u.AwareMean*(trust-0.5) + b.IncumbentAdvantage
	if a.ruling() {
		edge += b.PartyWeight * (u.PartyMean - 0.5)
	} else {
		edge -= b.PartyWeight*(u.PartyMean-0.5) + w.Params.partyAppeal(RulingParty)
	}
	return edge, b.ValenceSpread * math.Sqrt2
}

// normalCDF is the standard normal distribution function.
func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// performanceSignal is what residents read their akim's performance from:
// the unit's service level q, and, with weight behavior.yardstick, its
// level relative to the district's other units (otherQ), centred at 0.5
// (Besley and Case 1995).
func (w *World) performanceSignal(q, otherQ float64) float64 {
	y := w.Params.Behavior.Yardstick
	return clamp01((1-y)*q + y*(0.5+q-otherQ))
}

// needsInfo is how well unit u's akim knows its residents' needs: a base,
// what residents who take part tell it, and transparency (assumption).
func (w *World) needsInfo(u *Unit) float64 {
	return clamp01(0.3 + 2*u.ParticipateRate + 0.3*w.Params.Oversight.Transparency)
}

// productivity is how much service a tenge the akim spends buys in unit
// u: the akim's competence, the office's staffing for its residents, and
// the share of its time given to residents rather than orders.
func (u *Unit) productivity(res, effort float64) float64 {
	return (0.5 + u.Akim.Competence) * u.staffCapacity(res) * effortProductivity(effort)
}

// AkimMoney returns the money unit u's akim allocates this month, before
// its rent and contractors (KZT): own revenue, emergency money and, with
// an own budget, the transfer.
func (u *Unit) AkimMoney() float64 { return u.akimMoney }

// ExposureChance returns the monthly chance that rent taken by unit u's
// akim is exposed, given the checks on it (rentChecks).
func (w *World) ExposureChance(u *Unit) float64 { return exposureRate * w.rentChecks(u) }
