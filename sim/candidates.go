package sim

import (
	"math"
	"math/rand/v2"
)

// Candidates (ODD+D, docs/ODD.md 7.9): who stands. Parties nominate: the
// ruling party fields a candidate wherever the sitting akim is not its
// member (or does not stand) and pays its campaign; the other parties
// field one with their nomination probability. Would-be independents
// stand as citizen-candidates (Osborne and Slivinski 1996; Besley and
// Coate 1997): when their own reading of their chance of winning times
// the value of office beats the registration fee, the campaign's cost in
// months of their income and the expected cost of pressure (refusal,
// prosecution, threats: the district akim's choice). The number of
// would-be independents is a rate per eligible resident, so it does not
// depend on the agent scale.

// akimBallot draws the ballot of a direct rural akim election in unit u of
// district d, appending it to cands[:0]: the incumbent if it may and wants
// to stand (and, if it is a party member, its party still backs it), party
// nominees, and independents who choose to stand.
func (w *World) akimBallot(cands []candidate, u *Unit, d *District, incumbentMayRun bool, r *rand.Rand) []candidate {
	p := &w.Params
	cands = cands[:0]
	incRuns := incumbentMayRun && w.incumbentStands(u)
	if incRuns && u.Akim.Party != NoParty && w.winChance(u, u.TrustMean) < 0.5 {
		// Its party drops an incumbent it expects to lose (below the even
		// chance it gives a fresh nominee) and nominates someone else.
		incRuns = false
	}
	if incRuns {
		cands = append(cands, candidate{akim: u.Akim, party: u.Akim.Party, incumbent: true})
	}
	for pi := range p.Parties {
		if incRuns && u.Akim.Party == int8(pi) {
			continue
		}
		if r.Float64() >= p.Parties[pi].Nominate {
			continue
		}
		o := PartyNominee
		if pi == RulingParty && r.Float64() < 0.4 {
			o = Official // a state official on the ruling party's ticket
		}
		a := newAkim(p, Direct, o, r)
		cands = append(cands, candidate{akim: a, party: int8(pi)})
	}
	return w.independentsStand(cands, u, d, r)
}

// incumbentStands reports whether unit u's akim stands again: it does
// when its forecast chance of winning makes the campaign worth it (its
// party pays a member's campaign).
func (w *World) incumbentStands(u *Unit) bool {
	p := &w.Params
	win := w.winChance(u, u.TrustMean)
	value := win * p.Behavior.OfficeValue * float64(p.Institutions.TermMonths)
	cost := p.Institutions.AkimFee
	if !u.Akim.ruling() {
		cost += p.Candidates.CampaignMonths * p.World.MedianIncome * 2
	}
	return value >= cost
}

// independentsStand draws unit u's would-be independent candidates and
// appends those who stand and are not kept off the ballot by pressure.
func (w *World) independentsStand(cands []candidate, u *Unit, d *District, r *rand.Rand) []candidate {
	p := &w.Params
	eligible := float64(u.Pop) * w.represent * w.eligibleShare()
	n := min(poisson(p.Candidates.Potential*eligible/1000, r), p.Candidates.MaxPotential)
	press := d.pressure(p)
	value := p.Behavior.OfficeValue * float64(p.Institutions.TermMonths)
	for range n {
		a := newAkim(p, Direct, Independent, r)
		own := p.Behavior.ValenceSpread * r.NormFloat64() // what the would-be candidate knows of its appeal
		income := p.World.MedianIncome * math.Exp(p.World.IncomeSigma*r.NormFloat64())
		win := w.entrantChance(u, a.Competence, own)
		cost := p.Institutions.AkimFee + p.Candidates.CampaignMonths*income + press*p.Candidates.PressureMonths*income
		if win*value <= cost {
			continue
		}
		if r.Float64() < press {
			continue // refused registration, prosecuted or threatened off
		}
		cands = append(cands, candidate{akim: a, party: NoParty})
		if len(cands) == maxBallot {
			break
		}
	}
	return cands
}

// entrantChance is a would-be independent's reading of its chance against
// the front-runner it expects: the incumbent, read from residents' mean
// trust, or a ruling-party nominee; competence counts as far as residents
// are aware, its own appeal (own) as it sees it, and valence shocks are
// the rest of the uncertainty.
func (w *World) entrantChance(u *Unit, competence, own float64) float64 {
	b := &w.Params.Behavior
	mine := own + b.CompetenceWeight*u.AwareMean*(competence-0.5)
	theirs := b.PartyWeight*(u.PartyMean-0.5) + w.Params.partyAppeal(RulingParty)
	if u.Akim.Tenure > 0 {
		theirs += b.PerformanceWeight*u.AwareMean*(u.TrustMean-0.5) + b.IncumbentAdvantage
	}
	sd := b.ValenceSpread
	if sd == 0 {
		if mine > theirs {
			return 1
		}
		return 0
	}
	return normalCDF((mine - theirs) / sd)
}

// eligibleShare is the share of adult residents meeting the education and
// age requirements for candidates.
func (w *World) eligibleShare() float64 {
	ip, wp := &w.Params.Institutions, &w.Params.World
	e := 1.0
	switch ip.Education {
	case "higher":
		e = wp.HigherEducationShare
	case "vocational":
		e = wp.HigherEducationShare + wp.VocationalShare
	}
	return e * clamp01(1-float64(ip.MinAge-18)/60)
}

// poisson draws a Poisson number with mean lambda (Knuth's multiplication
// method for small means, a rounded normal approximation above 30).
func poisson(lambda float64, r *rand.Rand) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l := math.Exp(-lambda)
	k, prod := 0, r.Float64()
	for prod > l {
		k++
		prod *= r.Float64()
	}
	return k
}
