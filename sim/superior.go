package sim

import (
	"math"
	"math/rand/v2"
)

// The district akim (the rural akims' superior; ODD+D, docs/ODD.md 7.4).
// Its objective is set from above by the oblast (superior.* weights:
// quiet, orders done, the ruling party's votes, budget execution) plus its
// own greed for extraction and kickbacks (Myerson 2015; Seabright 1996).
// It judges each rural akim by how much the akim serves that objective
// (its satisfaction) and decides, to serve it: transfers among units
// (discretionary rule), nominations, dismissals, the response to protest,
// how hard to press independent candidates, how much of the pool to
// extract and how many contracts to give connected firms. Patronage
// towards loyal units and the punishment of independents' units are not
// written anywhere: they follow from what the objective rewards.

// reviewRate is the monthly chance that a district akim reconsiders a
// rural akim it can dismiss, outside protests (assumption: about once a
// year).
const reviewRate = 1.0 / 12

// Believed effects of the responses to a protest on the district akim's
// quiet objective (assumption): emergency money quiets most, more police
// some, blaming the rural akim shifts the oblast's blame.
const (
	concedeQuiet = 0.5
	policeQuiet  = 0.3
	blameQuiet   = 0.3
)

// weightSum is the sum of the district akim's objective weights, its own
// greed included.
func (d *District) weightSum(p *Params) float64 {
	s := &p.Superior
	return s.Quiet + s.Orders + s.Votes + s.Execution + d.Greed
}

// execution is the share of a unit's budget executed as the district
// planned: the akim's competence, times the share of its money that
// follows the plan rather than residents' needs.
func execution(competence, effort, load float64) float64 {
	return clamp01((0.5+competence)/1.3) * (1 - effort*(1-load))
}

// satisfaction is the district akim's judgement of unit u's akim in [0,1]
// if the akim does the share orders of its orders, gives the share effort
// of its capacity to residents and takes rent kick (a share of the money
// it controls): the objective's weighted components.
func (d *District) satisfaction(w *World, u *Unit, orders, effort, kick float64) float64 {
	p := &w.Params
	s := &p.Superior
	quiet := 1 - u.ProtestRate
	votes := 0.5 * u.RulingVote
	if u.Akim.ruling() {
		votes += 0.5
	}
	exec := execution(u.Akim.Competence, effort, w.orderLoad(d))
	k := 0.0
	if p.Fiscal.RentMax > 0 {
		k = clamp01(2 * kick * p.Fiscal.KickbackShare / p.Fiscal.RentMax)
	}
	sum := d.weightSum(p)
	if sum == 0 {
		return 0.5
	}
	return (s.Quiet*quiet + s.Orders*orders + s.Votes*votes + s.Execution*exec + d.Greed*k) / sum
}

// replacementSatisfaction is the satisfaction the district akim expects
// from a replacement for unit u's akim: a loyal ruling-party official of
// average competence who gives residents a fifth of its effort and takes
// the average rent of a random appointee.
func (d *District) replacementSatisfaction(w *World, u *Unit) float64 {
	p := &w.Params
	s := &p.Superior
	load := w.orderLoad(d)
	const effort = 0.2
	votes := 0.5*u.RulingVote + 0.5
	exec := execution(0.5, effort, load)
	k := 0.0
	if p.Fiscal.RentMax > 0 {
		k = clamp01((1 - p.Behavior.CongruentShare) * p.Fiscal.KickbackShare)
	}
	sum := d.weightSum(p)
	if sum == 0 {
		return 0.5
	}
	return (s.Quiet*(1-u.ProtestRate) + s.Orders*ordersDone(effort, load) + s.Votes*votes + s.Execution*exec + d.Greed*k) / sum
}

// dismissalCost is what dismissing unit u's akim costs its superior.
func (w *World) dismissalCost(u *Unit) float64 {
	ip := &w.Params.Institutions
	c := ip.DismissalCost
	if u.Akim.ChosenBy == Direct {
		c += ip.ElectedDismissalCost
	}
	return c
}

// dismissalProb is the monthly probability that unit u's superior
// dismisses its akim when it judges it at satisfaction sat: it
// reconsiders the akim at reviewRate (every month after a protest, when
// blame also counts) and dismisses when a replacement is expected to
// serve it better by more than the cost, judged with noise.
func (w *World) dismissalProb(u *Unit, d *District, sat float64, protest bool) float64 {
	if !w.Params.Institutions.SuperiorCanDismiss {
		return 0
	}
	gain := d.replacementSatisfaction(w, u) - sat - w.dismissalCost(u)
	rate := reviewRate
	if protest {
		gain += blameQuiet * w.Params.Superior.Quiet / d.weightSum(&w.Params)
		rate = 1
	}
	return rate * logistic(gain/w.Params.Superior.Noise)
}

// keepProb is the probability that the superior keeps (appoints again, or
// nominates again) unit u's akim, judged at sat, when its term ends: it
// does when the akim serves it better than a replacement would, judged
// with noise.
func (d *District) keepProb(w *World, u *Unit, sat float64) float64 {
	return logistic((sat - d.replacementSatisfaction(w, u)) / w.Params.Superior.Noise)
}

// judge updates the superior's running satisfaction with unit u's akim
// from this month's conduct (a 12-month exponential average).
func (d *District) judge(w *World, u *Unit) {
	kick := 0.0
	if u.Akim.TakeRent {
		kick = u.Akim.RentOpp
	}
	s := d.satisfaction(w, u, ordersDone(u.Akim.Downward, w.orderLoad(d)), u.Akim.Downward, kick)
	u.Satisfaction += (s - u.Satisfaction) / 12
	protest := 0.0
	if u.Protest {
		protest = 1
	}
	u.ProtestRate += (protest - u.ProtestRate) / 12
}

// otherQuality is the population-weighted mean service level of district
// d's units other than u (the voters' yardstick); u's own when it is
// alone.
func (d *District) otherQuality(w *World, u *Unit) float64 {
	var q, n float64
	for ui := d.FirstUnit; ui < d.End; ui++ {
		o := &w.Units[ui]
		if o == u {
			continue
		}
		q += float64(o.Pop) * o.Quality
		n += float64(o.Pop)
	}
	if n == 0 {
		return u.Quality
	}
	return q / n
}

// oversight is the maslikhat's check on the district akimat in [0,1]: the
// maslikhat's powers times its deputies' mean oversight effort.
func (d *District) oversight(p *Params) float64 {
	if len(d.Deputies) == 0 {
		return 0
	}
	s := 0.0
	for _, dep := range d.Deputies {
		s += dep.Effort
	}
	return clamp01(p.Oversight.MaslikhatPowers * s / float64(len(d.Deputies)))
}

// extractionShare is the share of the pool district d's akim extracts: it
// gains greed x share x pool and risks penalty x pool with a chance of
// being caught of oversight x share^2, so it extracts greed/(2 penalty
// oversight), at most fiscal.extraction.
func (d *District) extractionShare(p *Params) float64 {
	o := d.oversight(p) * p.Superior.Penalty
	if o <= 0 {
		return p.Fiscal.Extraction
	}
	return min(p.Fiscal.Extraction, d.Greed/(2*o))
}

// connectedShare is the share of district d's contracts that go to
// connected firms: their kickbacks weighed against the risk oversight
// brings, at most fiscal.connected_share.
func (d *District) connectedShare(p *Params) float64 {
	o := d.oversight(p) * p.Superior.Penalty
	if d.Greed+o == 0 {
		return 0
	}
	return p.Fiscal.ConnectedShare * d.Greed / (d.Greed + o)
}

// akimConnected is the share of a rural akim's contracts that go to the
// district's connected firms: half the district's share, less under a
// rural council's audits.
func (w *World) akimConnected(d *District) float64 {
	p := &w.Params
	cs := 0.5 * d.connectedCS
	if p.Oversight.RuralCouncil {
		cs *= 1 - p.Oversight.RuralCouncilEffort
	}
	return cs
}

// pressure is the probability that district d's akim keeps an independent
// candidate off the ballot: institutions.pressure (the tools at hand)
// used as far as its objective counts the ruling party's votes.
func (d *District) pressure(p *Params) float64 {
	s := &p.Superior
	pub := s.Quiet + s.Orders + s.Votes + s.Execution
	if pub == 0 {
		return 0
	}
	return p.Institutions.Pressure * min(1, 3*s.Votes/pub)
}

// moneyValue is what a tenge in unit u is worth to district d's akim,
// relative to its objective: buying quiet where legitimacy is low,
// rewarding units that vote for the ruling party and akims who do orders,
// execute the plan and pay kickbacks.
func (d *District) moneyValue(w *World, u *Unit) float64 {
	p := &w.Params
	s := &p.Superior
	kick := 0.0
	if u.Akim.TakeRent {
		kick = u.Akim.RentOpp
	}
	k := 0.0
	if p.Fiscal.RentMax > 0 {
		k = clamp01(2 * kick * p.Fiscal.KickbackShare / p.Fiscal.RentMax)
	}
	load := w.orderLoad(d)
	votes := 0.5 * u.RulingVote
	if u.Akim.ruling() {
		votes += 0.5
	}
	sum := d.weightSum(p)
	if sum == 0 {
		return 0
	}
	return (s.Quiet*(1-u.LegitMean) + s.Votes*votes + s.Orders*ordersDone(u.Akim.Downward, load) +
		s.Execution*execution(u.Akim.Competence, u.Akim.Downward, load) + d.Greed*k) / sum
}

// patronageWeights multiplies each unit's claim (claims[i] for unit
// d.FirstUnit+i) by the district akim's preference: 1 + 4 x patronage x
// (value - mean value), at least 0.05, the mean weighted by the claims.
func (d *District) patronageWeights(w *World, claims []float64) {
	patron := w.Params.Fiscal.PatronageWeight
	if patron == 0 {
		return
	}
	if cap(d.value) < len(claims) {
		d.value = make([]float64, len(claims))
	}
	d.value = d.value[:len(claims)]
	var mean, total float64
	for i, c := range claims {
		v := d.moneyValue(w, &w.Units[d.FirstUnit+i])
		d.value[i] = v
		mean += c * v
		total += c
	}
	if total == 0 {
		return
	}
	mean /= total
	for i := range claims {
		claims[i] *= max(0.05, 1+4*patron*(d.value[i]-mean))
	}
}

// nominate draws candidates for unit u's akim from the superior's pool
// (officials, and ruling-party nominees) and keeps the n it expects to
// serve it best, appending them to cands[:0]; the incumbent is among them
// if it may stand and the superior wants to keep it.
func (w *World) nominate(cands []candidate, u *Unit, d *District, n int, incumbentMayRun bool, r *rand.Rand) []candidate {
	cands = cands[:0]
	if incumbentMayRun && r.Float64() < d.keepProb(w, u, u.Satisfaction) {
		cands = append(cands, candidate{akim: u.Akim, incumbent: true})
	}
	pool := d.nominees[:0]
	for range n + 2 {
		o := Official
		if r.Float64() < 0.4 {
			o = PartyNominee
		}
		a := newAkim(&w.Params, w.mode, o, r)
		// The superior knows its officials' competence, with noise.
		score := d.expectedSatisfaction(w, u, &a, a.Competence+0.1*r.NormFloat64())
		pool = append(pool, scored{a, score})
	}
	d.nominees = pool
	for len(cands) < n && len(pool) > 0 {
		best := 0
		for i := range pool {
			if pool[i].score > pool[best].score {
				best = i
			}
		}
		cands = append(cands, candidate{akim: pool[best].akim})
		pool[best] = pool[len(pool)-1]
		pool = pool[:len(pool)-1]
	}
	return cands
}

// scored is a would-be nominee and the superior's expectation of it.
type scored struct {
	akim  Akim
	score float64
}

// expectedSatisfaction is the satisfaction the superior expects from akim a
// in unit u, reading its competence as seen: a loyal akim is expected to
// give residents little (effort (1 - loyalty)/2) and do its orders.
func (d *District) expectedSatisfaction(w *World, u *Unit, a *Akim, seen float64) float64 {
	saved := u.Akim
	u.Akim = *a
	u.Akim.Competence = clamp01(seen)
	effort := 0.5 * (1 - a.Loyalty)
	s := d.satisfaction(w, u, ordersDone(effort, w.orderLoad(d)), effort, 0)
	u.Akim = saved
	return s
}

// respondToProtest is the district akim's response to a protest in unit
// u this month: nothing, emergency money next month, more police, or
// blaming the akim (a dismissal), whichever serves its objective best. It
// reports whether it blamed the akim.
func (w *World) respondToProtest(u *Unit, d *District) (blamed bool) {
	p := &w.Params
	sum := d.weightSum(p)
	if sum == 0 {
		return false
	}
	quiet := p.Superior.Quiet / sum
	res := float64(u.Pop) * w.represent
	// Emergency money costs the district akim what it could have
	// extracted from it, valued at its greed.
	money := p.Unrest.ConcedeMoney * res
	concede := -math.Inf(1)
	if money > 0 {
		concede = quiet*concedeQuiet - d.Greed/sum*money/max(d.pool, money)
	}
	police := -math.Inf(1)
	if p.Unrest.AddPolice > 0 {
		police = quiet * policeQuiet
	}
	blame := -math.Inf(1)
	if p.Institutions.SuperiorCanDismiss {
		blame = quiet*blameQuiet + d.replacementSatisfaction(w, u) - u.Satisfaction - w.dismissalCost(u)
	}
	switch best := max(0, concede, police, blame); {
	case best == 0:
	case best == concede:
		u.Conceded = true
	case best == police:
		u.Police = max(u.Police, u.BasePolice*(1+p.Unrest.AddPolice))
	default:
		return true
	}
	return false
}
