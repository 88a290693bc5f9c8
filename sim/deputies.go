package sim

import (
	"math"
	"math/rand/v2"
)

// Deputies of the district maslikhat (ODD+D, docs/ODD.md 7.10). A deputy
// has a party (or none), ties to the akimat (business people get its
// contracts; education specialists and akimat staff are employed by it;
// seed fact: the 2020 composition) and a civic motivation. Each year it
// chooses its oversight effort: what it cares about and what its voters
// reward (in single-mandate districts, as far as they know their deputy;
// more under the imperative mandate) against what scrutiny risks (its
// contracts or job, party discipline). Its vote on the district budget
// and, in the indirect mode, on rural akims follows from that effort;
// whether the maslikhat rubber-stamps the budget emerges from the votes.
// Seats are won by citizens' votes: party lists before 2023, single-
// mandate districts from 2023.

// Deputy ties to the akimat.
const (
	NoTie uint8 = iota
	BusinessTie
	EducationTie
	AkimatTie
)

// Deputy is a district maslikhat seat and its holder.
type Deputy struct {
	Party  int8    // index in Params.Parties; NoParty for an independent
	Tie    uint8   // NoTie, BusinessTie, EducationTie or AkimatTie
	Civic  float64 // civic motivation, [0,1]
	Effort float64 // oversight effort, its choice, [0,1]
	// Mandate says the seat was won in a single-mandate district (its
	// voters can reward it) rather than on a party list.
	Mandate bool
}

// newDeputy draws a deputy of party party: ties by the composition of
// [deputies] (seed fact), civic motivation uniform.
func newDeputy(p *Params, party int8, mandate bool, r *rand.Rand) Deputy {
	dp := &p.Deputies
	dep := Deputy{Party: party, Mandate: mandate, Civic: r.Float64()}
	switch x := r.Float64(); {
	case x < dp.Business:
		dep.Tie = BusinessTie
	case x < dp.Business+dp.Education:
		dep.Tie = EducationTie
	case x < dp.Business+dp.Education+dp.Akimat:
		dep.Tie = AkimatTie
	}
	return dep
}

// chooseEffort sets each of district d's deputies' oversight effort:
// (civic + reelection + recall fear - tie cost - party discipline) / (2
// effort cost), in [0,1]. Reelection and recall fear count only for seats
// won in single-mandate districts, in proportion to how visible a
// deputy's work is to its voters: the district's aware residents (68%
// could not name a deputy in 2016: seed fact), and what transparency
// (online broadcast of sessions) shows the rest.
func (w *World) chooseEffort(d *District) {
	p := &w.Params
	dp := &p.Deputies
	aware := w.districtMean(d, 0, awareOf)
	aware += p.Oversight.Transparency * (1 - aware)
	for s := range d.Deputies {
		dep := &d.Deputies[s]
		gain := dep.Civic
		if dep.Mandate {
			gain += dp.Reelection * aware
			if p.Institutions.DeputyRecall {
				gain += dp.RecallFear * aware
			}
		}
		if dep.Tie != NoTie {
			gain -= dp.TieCost
		}
		if dep.Party == RulingParty {
			gain -= dp.PartyDiscipline
		}
		dep.Effort = clamp01(gain / (2 * dp.EffortCost))
	}
}

// budgetVote is the maslikhat's annual vote on the district budget: each
// deputy asks for amendments with the probability of its oversight
// effort; with fewer than a third asking, the budget passes unamended (a
// rubber stamp).
func (w *World) budgetVote(d *District) {
	n := 0
	for _, dep := range d.Deputies {
		if d.rng.Float64() < dep.Effort {
			n++
		}
	}
	d.RubberStamp = 3*n < len(d.Deputies)
	if !d.RubberStamp {
		d.amended = true
	}
}

// maslikhatElection elects district d's maslikhat by citizens' votes: on
// party lists (seats by largest remainder among the parties over the
// threshold) or, with institutions.maslikhat_single_mandate, seat by seat
// in single-mandate districts of equal electorates.
func (w *World) maslikhatElection(di int) ElectionRecord {
	d := &w.Districts[di]
	ip := &w.Params.Institutions
	rec := ElectionRecord{Month: w.Month, Kind: MaslikhatElection, Unit: -1, District: di, Mode: w.mode,
		Turnout: math.NaN(), Margin: math.NaN(), Seats: len(d.Deputies), WinnerParty: NoParty}
	feedback, learn := w.maslikhatFeedback(d)
	if ip.MaslikhatSingleMandate {
		w.singleMandates(d, &rec, feedback, learn)
	} else {
		w.partyLists(d, &rec, feedback, learn)
	}
	for _, dep := range d.Deputies {
		if dep.Party == NoParty {
			rec.Independents++
		}
	}
	d.amended = false
	d.lastMaslikhatQ = w.districtMean(d, 0, qualityOf)
	d.maslikhatHeld = true
	w.chooseEffort(d)
	d.NextMaslikhat = w.Month + ip.MaslikhatTermMonths
	return rec
}

// listThreshold is the share of the vote a party list needs for seats
// (the 7% threshold of maslikhat party-list elections; assumption where
// it varied).
const listThreshold = 0.07

// partyLists runs a party-list election in district d: every party runs a
// list; citizens vote for lists as for candidates without a competence
// signal; seats go by largest remainder among lists over the threshold.
func (w *World) partyLists(d *District, rec *ElectionRecord, feedback, learn float64) {
	p := &w.Params
	r := d.rng
	cands := d.cands[:0]
	for pi := range p.Parties {
		cands = append(cands, candidate{party: int8(pi), akim: Akim{Competence: 0.5}})
	}
	w.campaign(cands, r)
	for i := range cands {
		cands[i].signal = 0.5 // a list has no candidate to read
	}
	first, last := w.Units[d.FirstUnit].Start, w.Units[d.End-1].End
	eligible, voters := w.castVotes(first, last, cands, feedback, learn)
	w.manipulate(cands)
	d.cands = cands
	if eligible > 0 {
		rec.Turnout = voters / eligible
	}
	rec.Candidates = len(cands)
	rec.PartyCandidates = len(cands)
	seats := largestRemainder(cands, len(d.Deputies), listThreshold)
	s := 0
	for i, n := range seats {
		for range n {
			d.Deputies[s] = newDeputy(p, cands[i].party, false, r)
			s++
		}
	}
}

// largestRemainder divides seats among the candidates (lists) by their
// votes with the Hare quota, among those with at least threshold of the
// vote (all, if none has). It returns the seats per list.
func largestRemainder(lists []candidate, seats int, threshold float64) []int {
	total := totalVotes(lists)
	out := make([]int, len(lists))
	if total == 0 || seats == 0 {
		out[0] = seats
		return out
	}
	var qualified float64
	for _, l := range lists {
		if l.votes/total >= threshold {
			qualified += l.votes
		}
	}
	use := func(l candidate) bool { return qualified == 0 || l.votes/total >= threshold }
	if qualified == 0 {
		qualified = total
	}
	given := 0
	rem := make([]float64, len(lists))
	for i, l := range lists {
		if !use(l) {
			rem[i] = -1
			continue
		}
		q := l.votes / qualified * float64(seats)
		out[i] = int(q)
		rem[i] = q - float64(out[i])
		given += out[i]
	}
	for ; given < seats; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// singleMandates elects each of district d's seats in its own district of
// an equal share of the district's citizen slots, in slot order.
func (w *World) singleMandates(d *District, rec *ElectionRecord, feedback, learn float64) {
	first, last := w.Units[d.FirstUnit].Start, w.Units[d.End-1].End
	seats := len(d.Deputies)
	var eligible, voters float64
	for s := range seats {
		lo := first + (last-first)*s/seats
		hi := first + (last-first)*(s+1)/seats
		e, v := w.seatElection(d, s, lo, hi, rec, feedback, learn)
		eligible += e
		voters += v
	}
	if eligible > 0 {
		rec.Turnout = voters / eligible
	}
}

// seatElection elects seat s of district d by the citizens of slots [lo,
// hi): the sitting deputy if it stands, party nominees, and independents
// who choose to stand; plurality of expected votes. It adds the ballot to
// the record and returns the eligible and expected voters.
func (w *World) seatElection(d *District, s, lo, hi int, rec *ElectionRecord, feedback, learn float64) (eligible, voters float64) {
	r := d.rng
	cands := w.seatBallot(d.cands[:0], d, s, lo, hi, r)
	d.cands = cands
	w.campaign(cands, r)
	eligible, voters = w.castVotes(lo, hi, cands, feedback, learn)
	w.manipulate(cands)
	winner, _ := countVotes(cands)
	rec.Candidates += len(cands)
	for _, c := range cands {
		if c.party == NoParty {
			rec.IndependentCandidates++
		} else {
			rec.PartyCandidates++
		}
	}
	win := cands[winner]
	if win.incumbent {
		d.Deputies[s].Mandate = true
		return eligible, voters
	}
	d.Deputies[s] = win.deputy
	d.Deputies[s].Party = win.party
	d.Deputies[s].Mandate = true
	return eligible, voters
}

// seatBallot draws the candidates for seat s (electorate slots [lo, hi)):
// the sitting deputy, every party's nominee with its nomination
// probability (the ruling party always), and would-be independents who
// stand when the chance they read times the value of the seat beats the
// fee, the campaign and the expected pressure.
func (w *World) seatBallot(cands []candidate, d *District, s, lo, hi int, r *rand.Rand) []candidate {
	p := &w.Params
	sitting := d.Deputies[s]
	cands = append(cands, candidate{deputy: sitting, party: sitting.Party, incumbent: true, akim: Akim{Competence: sitting.Civic}})
	for pi := range p.Parties {
		if sitting.Party == int8(pi) || r.Float64() >= p.Parties[pi].Nominate {
			continue
		}
		dep := newDeputy(p, int8(pi), true, r)
		cands = append(cands, candidate{deputy: dep, party: int8(pi), akim: Akim{Competence: dep.Civic}})
	}
	residents := float64(hi-lo) * w.represent * w.eligibleShare()
	n := min(poisson(p.Candidates.Potential*residents/1000, r), p.Candidates.MaxPotential)
	press := d.pressure(p)
	value := p.Candidates.DeputyValue * float64(p.Institutions.MaslikhatTermMonths)
	aware := w.districtMean(d, 0, awareOf)
	partyMean := w.districtMean(d, 0.5, partyOf)
	for range n {
		dep := newDeputy(p, NoParty, true, r)
		own := p.Behavior.ValenceSpread * r.NormFloat64()
		income := p.World.MedianIncome * math.Exp(p.World.IncomeSigma*r.NormFloat64())
		mine := own + p.Behavior.CompetenceWeight*aware*(dep.Civic-0.5)
		theirs := p.Behavior.PartyWeight*(partyMean-0.5) + p.partyAppeal(RulingParty)
		win := 0.5
		if sd := p.Behavior.ValenceSpread; sd > 0 {
			win = normalCDF((mine - theirs) / sd)
		}
		cost := p.Institutions.MaslikhatFee + p.Candidates.CampaignMonths*income + press*p.Candidates.PressureMonths*income
		if win*value <= cost || r.Float64() < press {
			continue
		}
		cands = append(cands, candidate{deputy: dep, party: NoParty, akim: Akim{Competence: dep.Civic}})
		if len(cands) == maxBallot {
			break
		}
	}
	return cands
}

// maslikhatFeedback is what district d's residents learn at a maslikhat
// election about whether their last one changed anything, and the weight
// with which they learn it: half for whether the maslikhat ever amended
// the budget in its term, half for whether services improved.
func (w *World) maslikhatFeedback(d *District) (feedback, weight float64) {
	if !d.maslikhatHeld {
		return 0, 0
	}
	amended := 0.0
	if d.amended {
		amended = 1
	}
	return 0.5*amended + 0.5*clamp01(0.5+5*(w.districtMean(d, 0, qualityOf)-d.lastMaslikhatQ)), w.Params.Behavior.EfficacyLearning
}

// deputyRecalls is the imperative mandate (seed fact: 2022): once a year,
// residents of each single-mandate seat may petition to recall their
// deputy; the share who sign is the share of aware residents who see the
// order as illegitimate (legitimacy under 0.4); past
// institutions.recall_signatures a ballot follows, which recalls when
// most of those voting do, and a by-election fills the seat.
func (w *World) deputyRecalls(d *District) {
	if !w.Params.Institutions.DeputyRecall {
		return
	}
	first, last := w.Units[d.FirstUnit].Start, w.Units[d.End-1].End
	seats := len(d.Deputies)
	for s := range seats {
		if !d.Deputies[s].Mandate {
			continue
		}
		lo := first + (last-first)*s/seats
		hi := first + (last-first)*(s+1)/seats
		need := w.Params.Institutions.RecallSignatures
		sign, against := w.petition(lo, hi, func(h *CitizenBlock, l int) float64 { return float64(h.Legit[l]) }, need)
		if sign < need || against <= 0.5 {
			continue
		}
		rec := ElectionRecord{Month: w.Month, Kind: DeputyRecall, Unit: -1, District: d.index, Mode: w.mode,
			Turnout: math.NaN(), Margin: math.NaN(), Seats: 1, IncumbentRan: true, WinnerParty: NoParty}
		d.Deputies[s] = Deputy{Party: NoParty, Mandate: true} // the recalled deputy cannot stand
		w.seatElection(d, s, lo, hi, &rec, 0, 0)
		rec.WinnerParty = d.Deputies[s].Party
		d.elections = append(d.elections, rec)
	}
}

// petition returns, for the citizens of slots [lo, hi), the expected share
// who sign a recall petition against an office-holder they judge by
// judge (in [0,1]; under 0.4 they are dissatisfied): dissatisfied
// citizens sign as far as they are aware; and, when that share reaches
// need (institutions.recall_signatures), the expected share of the recall
// ballot's votes to recall (each votes to recall with probability
// logistic(10 (0.5 - judge))). Below need no ballot is held and against
// is 0: most petitions fail, and the ballot's exponentials are most of
// the cost (the akims' recall is tried every month).
func (w *World) petition(lo, hi int, judge func(h *CitizenBlock, l int) float64, need float64) (sign, against float64) {
	c := &w.Citizens
	var n, signed float64
	for h, l := range c.residents(lo, hi) {
		free := 1 - float64(h.JailFrac[l])
		n += free
		if judge(h, l) < 0.4 {
			signed += free * float64(h.Awareness[l])
		}
	}
	if n == 0 {
		return 0, 0
	}
	if sign = signed / n; sign < need {
		return sign, 0
	}
	var votes, yes float64
	for h, l := range c.residents(lo, hi) {
		pv := (1 - float64(h.JailFrac[l])) * w.voteProb(h, l)
		votes += pv
		yes += pv * logistic(10*(0.5-judge(h, l)))
	}
	if votes == 0 {
		return 0, 0
	}
	return sign, yes / votes
}

// initialDeputy draws a sitting deputy at the start of a run: a
// ruling-party member with probability 0.8 (0.85 on party lists), an
// independent with 0.1 in single-mandate districts, otherwise a member of
// another party chosen in proportion to the parties' nomination
// probabilities (assumption, near what the election rules settle at;
// the burn-in lets elections replace them).
func initialDeputy(p *Params, singleMandate bool, r *rand.Rand) Deputy {
	x := r.Float64()
	party := int8(RulingParty)
	switch {
	case singleMandate && x < 0.1:
		party = NoParty
	case singleMandate && x < 0.2, !singleMandate && x < 0.15:
		party = otherParty(p, r)
	}
	return newDeputy(p, party, singleMandate, r)
}

// otherParty draws a party other than the ruling one in proportion to
// their nomination probabilities (the ruling party if there is none).
func otherParty(p *Params, r *rand.Rand) int8 {
	total := 0.0
	for _, pa := range p.Parties[min(1, len(p.Parties)):] {
		total += pa.Nominate
	}
	if total == 0 {
		return RulingParty
	}
	x := r.Float64() * total
	for i := 1; i < len(p.Parties); i++ {
		x -= p.Parties[i].Nominate
		if x < 0 {
			return int8(i)
		}
	}
	return int8(len(p.Parties) - 1)
}

// districtMean is the mean over district d's residents of a unit-level
// quantity (each unit weighted by its agents), or empty when the district
// has no residents.
func (w *World) districtMean(d *District, empty float64, of func(u *Unit) float64) float64 {
	var a, n float64
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		a += of(u) * float64(u.Pop)
		n += float64(u.Pop)
	}
	if n == 0 {
		return empty
	}
	return a / n
}

// The unit-level quantities deputies read across their district.
func awareOf(u *Unit) float64   { return u.AwareShare }
func partyOf(u *Unit) float64   { return u.PartyMean }
func qualityOf(u *Unit) float64 { return u.Quality }
