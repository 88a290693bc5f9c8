package sim

import (
	"iter"
	"math"
	"math/rand/v2"
)

// Elections: process 9 of the month. When a rural akim's term ends (or
// the post falls vacant) a new akim is chosen by the mode in force:
// appointment by the district akim, an indirect vote of the district
// maslikhat among the district akim's nominees, or a direct vote of
// residents. In a popular vote (a direct akim election, a maslikhat seat,
// a recall ballot) each citizen votes with the probability of the
// calculus of voting (Riker and Ordeshook 1968: pB - C + D, with civic
// duty and habit) and chooses by a multinomial logit over what it knows
// (retrospective voting, Ferejohn 1986: its trust in the incumbent, read
// from the services it perceived; campaign signals of the challengers'
// competence; party attachment; valence). No voter sees a candidate's
// true competence. Votes are counted as expected values over agents, each
// standing for the same number of residents, so a winner does not depend
// on how many agents a unit has.

// candidate is someone on a ballot.
type candidate struct {
	akim      Akim    // the akim it would be (akim elections)
	deputy    Deputy  // the deputy it would be (maslikhat seats)
	party     int8    // nominating party; NoParty if self-nominated
	incumbent bool    // the sitting akim or deputy
	valence   float64 // common valence shock (campaign, local reputation)
	signal    float64 // what voters learn of its competence
	votes     float64 // expected votes
}

// voteMemory is what residents remember of their unit's last popular
// vote, to judge at the next whether voting changed anything.
type voteMemory struct {
	held      bool    // a vote has been held
	quality   float64 // the unit's service level then
	overruled bool    // the akim it elected was later dismissed from above
}

// selectAkim chooses a new akim for unit u (index ui) of district d by the
// mode in force and returns the election record. incumbentMayRun is false
// after a dismissal or recall.
func (w *World) selectAkim(ui int, d *District, incumbentMayRun bool) ElectionRecord {
	u := &w.Units[ui]
	r := d.rng
	ip := &w.Params.Institutions
	rec := ElectionRecord{Month: w.Month, Kind: AkimElection, Unit: ui, District: u.District, Mode: w.mode,
		Turnout: math.NaN(), Margin: math.NaN(), WinnerParty: NoParty}
	mayRun := incumbentMayRun && !w.termLimited(&u.Akim)
	cands := d.cands
	winner := 0
	switch w.mode {
	case Appointed:
		cands = w.nominate(cands, u, d, ip.Nominees, mayRun, r)
		winner = 0 // the superior's first choice
	case Indirect:
		cands = w.nominate(cands, u, d, max(2, ip.Nominees), mayRun, r)
		winner = w.deputiesVote(cands, d, r)
	case Direct:
		cands = w.akimBallot(cands, u, d, mayRun, r)
		rec.Turnout = w.popularVote(u, cands, r)
		winner, rec.Margin = countVotes(cands)
		w.rememberVote(u)
	}
	d.cands = cands
	w.recordCandidates(&rec, cands, winner)
	win := cands[winner]
	if win.incumbent {
		u.Akim.Terms++
	} else {
		u.Akim = win.akim
		u.Akim.Party = win.party
		u.Akim.Tenure = 0
		u.Akim.Terms = 1
		u.Satisfaction = d.expectedSatisfaction(w, u, &u.Akim, u.Akim.Competence)
		w.freshStart(u)
	}
	u.Akim.ChosenBy = w.mode
	u.Akim.TermEnd = w.Month + ip.TermMonths
	u.Akim.planned = false
	return rec
}

// termLimited reports whether akim a has served every term allowed.
func (w *World) termLimited(a *Akim) bool {
	tl := w.Params.Institutions.TermLimit
	return tl > 0 && a.Terms >= tl
}

// recordCandidates fills the record's candidate counts and winner.
func (w *World) recordCandidates(rec *ElectionRecord, cands []candidate, winner int) {
	rec.Candidates = len(cands)
	for _, c := range cands {
		if c.incumbent {
			rec.IncumbentRan = true
		}
		if c.party == NoParty {
			rec.Independents++
			rec.IndependentCandidates++
		} else {
			rec.PartyCandidates++
		}
	}
	win := &cands[winner]
	rec.IncumbentWon = win.incumbent
	rec.WinnerOrigin = win.akim.Origin
	rec.WinnerParty = win.party
	rec.WinnerCompetence = win.akim.Competence
	rec.WinnerCongruent = win.akim.Congruent
}

// countVotes returns the candidate with the most expected votes (the first on
// a tie) and the margin: its share minus the runner-up's, NaN if
// uncontested.
func countVotes(cands []candidate) (winner int, margin float64) {
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
	margin = math.NaN()
	if total > 0 && len(cands) > 1 {
		margin = (cands[winner].votes - second) / total
	}
	return winner, margin
}

// deputiesVote is the indirect mode: each deputy votes for the superior's
// first nominee unless its own oversight effort makes it judge for
// itself (with the probability of its effort), when it votes for the
// nominee whose competence it reads as highest.
func (w *World) deputiesVote(cands []candidate, d *District, r *rand.Rand) int {
	votes := d.votes[:0]
	for range cands {
		votes = append(votes, 0)
	}
	d.votes = votes
	for _, dep := range d.Deputies {
		if r.Float64() >= dep.Effort {
			votes[0]++
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

// turnoutLogit is the calculus of voting for a citizen who did not vote
// last time: the probability that it votes is logistic(3(pB - C + D)),
// with pB = EfficacyWeight x efficacy (the felt chance of making a
// difference), C the voting cost and D civic duty (voteProb adds the
// habits). Civic duty is felt towards a legitimate order: it is scaled by
// legitimacy / 0.5, so a fall in legitimacy lowers turnout (assumption).
func turnoutLogit(efficacy, civic, legit float64, b *BehaviorParams) float64 {
	d := b.CivicDuty * civic * legit / 0.5
	return 3 * (b.EfficacyWeight*efficacy - b.VotingCost + d)
}

// voteProb is the expected share of the residents of the citizen in lane
// l of block h who vote: the calculus of voting, its duty raised by the
// share of its network neighbours' residents who voted last time
// (behavior.social_habit; Granovetter's social pull on turnout), and by
// the habit (behavior.habit) for the share of its own residents who did
// (CitizenBlock.Voted). The habit is mixed by that share, not drawn for
// all the residents at once, so turnout does not depend on how many
// residents an agent stands for.
func (w *World) voteProb(h *CitizenBlock, l int) float64 {
	b := &w.Params.Behavior
	z := turnoutLogit(float64(h.Efficacy[l]), float64(h.Civic[l]), float64(h.Legit[l]), b) + 3*b.SocialHabit*float64(h.NbrVoted[l])
	p := logistic(z)
	if v := h.Voted[l]; v != 0 {
		f := float64(v) / votedUnit
		p += f * (logistic(z+3*b.Habit) - p)
	}
	return p
}

// voter is what a citizen brings to the ballot box.
type voter struct {
	trust, party, awareness, legit float64
}

// utility returns a voter's systematic utility for candidate c:
// the candidate's valence and its party's appeal; its campaign signal of
// competence, read as far as the voter is aware; for the incumbent, the
// voter's trust (its reading of the incumbent's performance), as far as
// it is aware who is responsible, and the incumbent's advantage; for the
// ruling party's candidate, the voter's attachment to the ruling party
// and its view of the order's legitimacy.
func (w *World) utility(c *candidate, v *voter) float64 {
	b := &w.Params.Behavior
	u := c.valence + w.Params.partyAppeal(c.party)
	if c.incumbent {
		u += b.PerformanceWeight*v.awareness*(v.trust-0.5) + b.IncumbentAdvantage
	} else {
		u += b.CompetenceWeight * v.awareness * (c.signal - 0.5)
	}
	if c.party == RulingParty {
		u += b.PartyWeight * ((v.party - 0.5) + 0.5*(v.legit-0.5))
	}
	return u
}

// partyAppeal is party i's appeal (0 for self-nominated candidates).
func (p *Params) partyAppeal(i int8) float64 {
	if i < 0 || int(i) >= len(p.Parties) {
		return 0
	}
	return p.Parties[i].Appeal
}

// campaign draws each candidate's valence shock and the campaign signal of
// its competence voters receive (competence plus noise of
// behavior.signal_noise).
func (w *World) campaign(cands []candidate, r *rand.Rand) {
	b := &w.Params.Behavior
	for i := range cands {
		cands[i].valence = b.ValenceSpread * r.NormFloat64()
		cands[i].signal = cands[i].akim.Competence + b.SignalNoise*r.NormFloat64()
		cands[i].votes = 0
	}
}

// popularVote runs a direct vote in unit u among cands, filling their
// expected votes, and returns the turnout. Residents first move their
// efficacy towards what their last vote achieved (learnFromVotes).
// Manipulation then moves that share of all votes to the leading
// ruling-party candidate.
func (w *World) popularVote(u *Unit, cands []candidate, r *rand.Rand) float64 {
	w.campaign(cands, r)
	feedback, learn := w.voteFeedback(u)
	eligible, voters := w.castVotes(u.Start, u.End, cands, feedback, learn)
	u.PartyMean = w.partyMean(u)
	if total := totalVotes(cands); total > 0 {
		u.RulingVote = rulingVotes(cands) / total
	}
	w.manipulate(cands)
	if eligible == 0 {
		return math.NaN()
	}
	return voters / eligible
}

// residents iterates over the occupied slots among lo..hi-1 in order
// (slots without the vacant ones), giving each one's block and lane.
func (c *Citizens) residents(lo, hi int) iter.Seq2[*CitizenBlock, int] {
	return func(yield func(*CitizenBlock, int) bool) {
		for i, h := range c.slots(lo, hi) {
			if l := i & (BlockLen - 1); h.State[l] != Vacant && !yield(h, l) {
				return
			}
		}
	}
}

// castVotes lets the citizens of slots [lo, hi) vote among cands: each adds
// its turnout probability times its choice probabilities to the
// candidates' expected votes, and keeps as habit the share of its
// residents who voted (CitizenBlock.Voted). With learn > 0 each first moves its efficacy towards feedback. It
// returns the eligible and the expected voters, and updates the units'
// mean party attachment.
func (w *World) castVotes(lo, hi int, cands []candidate, feedback, learn float64) (eligible, voters float64) {
	c := &w.Citizens
	var probs [maxBallot]float64
	n := min(len(cands), maxBallot)
	for h, l := range c.residents(lo, hi) {
		// Its residents in jail cannot vote: it counts for the free share.
		free := 1 - float64(h.JailFrac[l])
		eligible += free
		if learn > 0 {
			h.Efficacy[l] = float32(clamp01(float64(h.Efficacy[l]) + learn*(feedback-float64(h.Efficacy[l]))))
		}
		pv := w.voteProb(h, l)
		h.Voted[l] = votedShare(pv)
		voters += free * pv
		v := voter{trust: float64(h.Trust[l]), party: float64(h.Party[l]), awareness: float64(h.Awareness[l]), legit: float64(h.Legit[l])}
		sum := 0.0
		for j := range n {
			probs[j] = math.Exp(w.utility(&cands[j], &v))
			sum += probs[j]
		}
		for j := range n {
			cands[j].votes += free * pv * probs[j] / sum
		}
	}
	return eligible, voters
}

// maxBallot is the most candidates a ballot counts.
const maxBallot = 12

func totalVotes(cands []candidate) float64 {
	t := 0.0
	for _, c := range cands {
		t += c.votes
	}
	return t
}

func rulingVotes(cands []candidate) float64 {
	t := 0.0
	for _, c := range cands {
		if c.party == RulingParty {
			t += c.votes
		}
	}
	return t
}

// manipulate moves the Manipulation share of all votes to the leading
// ruling-party candidate, taken from the others in proportion.
func (w *World) manipulate(cands []candidate) {
	m := w.Params.Institutions.Manipulation
	ruling := -1
	total := 0.0
	for i, c := range cands {
		total += c.votes
		if c.party == RulingParty && (ruling < 0 || c.votes > cands[ruling].votes) {
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

// voteFeedback is what unit u's residents learn at a popular vote about
// whether their last one changed anything, in [0,1], and the weight with
// which they learn it (0 before any vote): half for whether the akim they
// elected served on or was dismissed from above, half for whether
// services improved since (a rise of 0.1 in the service level counts
// fully).
func (w *World) voteFeedback(u *Unit) (feedback, weight float64) {
	m := &u.lastVote
	if !m.held {
		return 0, 0
	}
	kept := 1.0
	if m.overruled {
		kept = 0
	}
	return 0.5*kept + 0.5*clamp01(0.5+5*(u.Quality-m.quality)), w.Params.Behavior.EfficacyLearning
}

// rememberVote records unit u's vote for residents to judge at the next.
func (w *World) rememberVote(u *Unit) {
	u.lastVote = voteMemory{held: true, quality: u.Quality}
}

// partyMean is unit u's residents' mean attachment to the ruling party.
func (w *World) partyMean(u *Unit) float64 {
	var s, n float64
	for h, l := range w.Citizens.residents(u.Start, u.End) {
		s += float64(h.Party[l])
		n++
	}
	if n == 0 {
		return 0.5
	}
	return s / n
}

// freshStart sets what residents think of unit u's new akim: the scandal
// of its predecessor's rent goes with the predecessor, and each resident
// keeps half of its trust in the office and starts the other half from
// the neutral 0.5, to learn the new akim's performance afresh
// (assumption).
func (w *World) freshStart(u *Unit) {
	u.Scandal = 0
	var sum, n float64
	for h, l := range w.Citizens.residents(u.Start, u.End) {
		t := 0.5*float64(h.Trust[l]) + 0.25
		h.Trust[l] = float32(t)
		sum += float64(h.Trust[l])
		n++
	}
	if n > 0 {
		u.TrustMean = sum / n
	}
}
