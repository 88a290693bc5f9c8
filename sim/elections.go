package sim

import (
	"math"
	"math/rand/v2"
)

// Elections: process 9 of the month. When a rural akim's term ends (or the
// post falls vacant) a new akim is chosen by the mode in force: appointment
// by the district akim (loyalty over competence), an indirect vote of the
// district maslikhat among the superior's nominees, or a direct vote of
// residents. Direct votes use the calculus of voting for turnout (Riker and
// Ordeshook 1968: pB - C + D with civic duty and habit) and retrospective
// probabilistic voting for choice (Ferejohn 1986; a multinomial logit over
// performance, party attachment and valence), with administrative
// manipulation. Maslikhat elections run every term in every district.

// candidate is someone on the ballot.
type candidate struct {
	akim      Akim
	incumbent bool
	valence   float64 // common valence shock in a direct election
	votes     float64
}

// feeFactor is the share of would-be candidates a registration fee leaves
// standing: 1/(1 + fee/(6 months of median income)) (assumption).
func feeFactor(fee, medianIncome float64) float64 {
	if medianIncome <= 0 {
		return 1
	}
	return 1 / (1 + fee/(6*medianIncome))
}

// eligibleShare is the share of would-be candidates meeting the education
// and age requirements.
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

// independentStands returns the probability that one would-be independent
// reaches the ballot in district d: entry, eligibility, fee, and pressure
// (refusals, prosecutions and funding threats), which the district akim's
// tolerance scales.
func (w *World) independentStands(d *District) float64 {
	ip := &w.Params.Institutions
	return ip.IndependentEntry * w.eligibleShare() * feeFactor(ip.RegistrationFee, w.Params.World.MedianIncome) *
		(1 - clamp01(ip.Pressure*d.PressureMult))
}

// superiorsChoice returns the index of the candidate the district akim
// prefers: loyalty over competence.
func superiorsChoice(cands []candidate) int {
	best, bestScore := 0, math.Inf(-1)
	for i, c := range cands {
		s := c.akim.Loyalty + 0.2*c.akim.Competence
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return best
}

// nominees draws the superior's n nominees (officials and party nominees),
// with the incumbent among them if it may stand, appending them to
// cands[:0].
func (w *World) nominees(cands []candidate, u *Unit, n int, incumbentRuns bool, r *rand.Rand) []candidate {
	cands = cands[:0]
	if incumbentRuns {
		cands = append(cands, candidate{akim: u.Akim, incumbent: true})
	}
	for len(cands) < n {
		o := Official
		if r.Float64() < 0.4 {
			o = PartyNominee
		}
		cands = append(cands, candidate{akim: newAkim(w.mode, o, r)})
	}
	return cands
}

// selectAkim chooses a new akim for unit u (index ui) of district d by the
// mode in force and returns the election record. incumbentMayRun is false
// after a dismissal or recall.
func (w *World) selectAkim(ui int, d *District, incumbentMayRun bool) ElectionRecord {
	u := &w.Units[ui]
	r := d.rng
	ip := &w.Params.Institutions
	rec := ElectionRecord{Month: w.Month, Kind: AkimElection, Unit: ui, District: u.District, Mode: w.mode,
		Turnout: math.NaN(), Margin: math.NaN()}
	// The ballot lives in the district's scratch space, so that elections
	// allocate nothing once it has grown.
	cands := d.cands
	winner := 0
	switch w.mode {
	case Appointed:
		cands = w.nominees(cands, u, ip.Nominees, incumbentMayRun && r.Float64() < 0.8, r)
		winner = superiorsChoice(cands)
	case Indirect:
		cands = w.nominees(cands, u, max(2, ip.Nominees), incumbentMayRun && r.Float64() < 0.8, r)
		winner = w.deputiesVote(cands, d, r)
	case Direct:
		cands = w.directCandidates(cands, u, d, incumbentMayRun, r)
		rec.Turnout = w.popularVote(u, cands, r)
		winner = 0
		for i := range cands {
			if cands[i].votes > cands[winner].votes {
				winner = i
			}
		}
		total, second := 0.0, 0.0
		for i, c := range cands {
			total += c.votes
			if i != winner && c.votes > second {
				second = c.votes
			}
		}
		if total > 0 && len(cands) > 1 {
			rec.Margin = (cands[winner].votes - second) / total
		}
	}
	d.cands = cands
	rec.Candidates = len(cands)
	for _, c := range cands {
		if c.incumbent {
			rec.IncumbentRan = true
		}
		if c.akim.Origin == Independent {
			rec.Independents++
		}
	}
	win := cands[winner]
	rec.IncumbentWon = win.incumbent
	rec.WinnerOrigin = win.akim.Origin
	rec.WinnerParty = win.akim.Party
	if win.incumbent {
		u.Akim.ChosenBy = w.mode
	} else {
		u.Akim = win.akim
		u.Akim.Tenure = 0
		u.Akim.ChosenBy = w.mode
	}
	u.Akim.TermEnd = w.Month + ip.TermMonths
	return rec
}

// deputiesVote is the indirect mode: each deputy votes for the superior's
// choice (ruling-party and akimat deputies nearly always, business deputies
// often) or, if independent, for the candidate it judges most competent.
func (w *World) deputiesVote(cands []candidate, d *District, r *rand.Rand) int {
	fav := superiorsChoice(cands)
	votes := d.votes[:0]
	for range cands {
		votes = append(votes, 0)
	}
	d.votes = votes
	follow := [4]float64{RulingDeputy: 0.95, AkimatDeputy: 1, BusinessDeputy: 0.6, IndependentDeputy: 0}
	for _, dep := range d.Deputies {
		if r.Float64() < follow[dep.Affiliation] {
			votes[fav]++
			continue
		}
		best, bestS := 0, math.Inf(-1)
		for i, c := range cands {
			if s := c.akim.Competence + 0.15*r.NormFloat64(); s > bestS {
				best, bestS = i, s
			}
		}
		votes[best]++
	}
	win := 0
	for i := range votes {
		if votes[i] > votes[win] {
			win = i
		}
	}
	return win
}

// directCandidates draws the ballot of a direct election: the incumbent
// (usually), the ruling party's nominee (unless the incumbent is one), a
// state official (sometimes) and independents who pass entry, eligibility,
// fee and pressure. It appends them to cands[:0].
func (w *World) directCandidates(cands []candidate, u *Unit, d *District, incumbentMayRun bool, r *rand.Rand) []candidate {
	cands = cands[:0]
	incRuns := incumbentMayRun && r.Float64() < 0.85
	if incRuns {
		cands = append(cands, candidate{akim: u.Akim, incumbent: true})
	}
	if !incRuns || !u.Akim.Party {
		cands = append(cands, candidate{akim: newAkim(Direct, PartyNominee, r)})
	}
	if r.Float64() < 0.4 {
		cands = append(cands, candidate{akim: newAkim(Direct, Official, r)})
	}
	pInd := w.independentStands(d)
	for k := 0; k < 2; k++ {
		if r.Float64() < pInd {
			cands = append(cands, candidate{akim: newAkim(Direct, Independent, r)})
		}
	}
	for i := range cands {
		cands[i].valence = w.Params.Behavior.ValenceSpread * r.NormFloat64()
	}
	return cands
}

// turnoutProb is the calculus of voting: the probability that a citizen
// votes is logistic(3(pB - C + D)), with pB = EfficacyWeight x efficacy
// (the felt chance of making a difference), C the voting cost and D civic
// duty plus habit. Civic duty is felt towards a legitimate order: it is
// scaled by legitimacy / 0.5, so a fall in legitimacy lowers turnout
// (assumption).
func turnoutProb(efficacy, civic, legit float64, votedBefore bool, b *BehaviorParams) float64 {
	return logistic(turnoutLogit(efficacy, civic, legit, votedBefore, b))
}

// turnoutLogit is the argument of the logistic in turnoutProb.
func turnoutLogit(efficacy, civic, legit float64, votedBefore bool, b *BehaviorParams) float64 {
	d := b.CivicDuty * civic * legit / 0.5
	if votedBefore {
		d += b.Habit
	}
	return 3 * (b.EfficacyWeight*efficacy - b.VotingCost + d)
}

// votes reports whether the citizen in lane l of block h votes, given a
// uniform draw u: u below turnoutProb, decided as belowLogistic does,
// mostly without exp.
func (w *World) votes(h *CitizenBlock, l int, u float64) bool {
	return belowLogistic(u, turnoutLogit(float64(h.Efficacy[l]), float64(h.Civic[l]), float64(h.Legit[l]), h.Flags[l]&flagVoted != 0, &w.Params.Behavior))
}

// utility returns a voter's systematic utility for candidate c:
// retrospective performance for the incumbent (weighted by the voter's
// awareness: the uninformed cannot attribute services to the akim), party
// attachment for
// ruling-party candidates, and valence (competence, seen only as far as the
// voter is aware).
func utility(c *candidate, trust, party, awareness float64, b *BehaviorParams) float64 {
	v := c.valence + b.CompetenceWeight*awareness*(c.akim.Competence-0.5)
	if c.incumbent {
		// Only a voter who knows who is responsible for services holds
		// the akim to account for them (attribution).
		v += b.PerformanceWeight*awareness*(trust-0.5) + b.IncumbentAdvantage
	}
	if c.akim.Party {
		v += b.PartyWeight * (party - 0.5)
	}
	return v
}

// popularVote runs a direct vote in unit u among cands, filling their
// votes, and returns the turnout. Manipulation then moves that share of all
// votes from other candidates to the leading ruling-party candidate.
func (w *World) popularVote(u *Unit, cands []candidate, r *rand.Rand) float64 {
	c := &w.Citizens
	b := &w.Params.Behavior
	var eligible, voters int
	var probs [8]float64
	n := min(len(cands), len(probs))
	for i, h := range c.slots(u.Start, u.End) {
		l := i & (BlockLen - 1)
		if h.State[l] == Vacant || h.JailFrac[l] > 0.5 {
			continue
		}
		eligible++
		if !w.votes(h, l, r.Float64()) {
			h.Flags[l] &^= flagVoted
			continue
		}
		h.Flags[l] |= flagVoted
		voters++
		sum := 0.0
		for j := 0; j < n; j++ {
			probs[j] = math.Exp(utility(&cands[j], float64(h.Trust[l]), float64(h.Party[l]), float64(h.Awareness[l]), b))
			sum += probs[j]
		}
		x := r.Float64() * sum
		j := 0
		for ; j < n-1; j++ {
			x -= probs[j]
			if x < 0 {
				break
			}
		}
		cands[j].votes++
	}
	w.manipulate(cands)
	if eligible == 0 {
		return math.NaN()
	}
	return float64(voters) / float64(eligible)
}

// manipulate moves the Manipulation share of all votes to the leading
// ruling-party candidate, taken from the others in proportion.
func (w *World) manipulate(cands []candidate) {
	m := w.Params.Institutions.Manipulation
	ruling := -1
	total := 0.0
	for i, c := range cands {
		total += c.votes
		if c.akim.Party && (ruling < 0 || c.votes > cands[ruling].votes) {
			ruling = i
		}
	}
	if m == 0 || ruling < 0 || total == 0 {
		return
	}
	others := total - cands[ruling].votes
	if others == 0 {
		return
	}
	moved := math.Min(m*total, others)
	for i := range cands {
		if i != ruling {
			cands[i].votes -= moved * cands[i].votes / others
		}
	}
	cands[ruling].votes += moved
}

// maslikhatElection elects district d's maslikhat: a popular vote for
// turnout, and seat by seat an independent stands with the entry
// probability (a quarter of it without single-mandate districts) and wins
// more often where legitimacy is low.
func (w *World) maslikhatElection(di int) ElectionRecord {
	d := &w.Districts[di]
	r := d.rng
	ip := &w.Params.Institutions
	c := &w.Citizens
	var eligible, voters int
	sumLegit, pop := 0.0, 0.0
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		sumLegit += u.LegitMean * float64(u.Pop)
		pop += float64(u.Pop)
		for i, h := range c.slots(u.Start, u.End) {
			l := i & (BlockLen - 1)
			if h.State[l] == Vacant || h.JailFrac[l] > 0.5 {
				continue
			}
			eligible++
			if w.votes(h, l, r.Float64()) {
				h.Flags[l] |= flagVoted
				voters++
			} else {
				h.Flags[l] &^= flagVoted
			}
		}
	}
	legit := 0.5
	if pop > 0 {
		legit = sumLegit / pop
	}
	stand := w.independentStands(d)
	if !ip.MaslikhatSingleMandate {
		stand *= 0.25
	}
	rec := ElectionRecord{Month: w.Month, Kind: MaslikhatElection, Unit: -1, District: di, Mode: w.mode,
		Turnout: math.NaN(), Margin: math.NaN(), Seats: len(d.Deputies)}
	if eligible > 0 {
		rec.Turnout = float64(voters) / float64(eligible)
	}
	standing := 0
	for s := range d.Deputies {
		if r.Float64() < stand {
			standing++
			if r.Float64() < 0.15+0.5*(1-legit) {
				d.Deputies[s].Affiliation = IndependentDeputy
				rec.Independents++
				continue
			}
		}
		d.Deputies[s].Affiliation = initialAffiliation(false, r)
		if d.Deputies[s].Affiliation == IndependentDeputy {
			d.Deputies[s].Affiliation = RulingDeputy
		}
	}
	rec.Candidates = len(d.Deputies) + standing
	d.NextMaslikhat = w.Month + ip.MaslikhatTermMonths
	return rec
}

// budgetVote is the maslikhat's annual vote on the district budget: each
// deputy scrutinises with its oversight effort; with fewer than a third
// scrutinising, the budget passes unamended (a rubber stamp).
func (w *World) budgetVote(d *District) {
	n := 0
	for _, dep := range d.Deputies {
		if d.rng.Float64() < w.Params.Oversight.MaslikhatEffort*deputyEffort[dep.Affiliation] {
			n++
		}
	}
	d.RubberStamp = 3*n < len(d.Deputies)
}
