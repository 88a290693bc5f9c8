package sim

import (
	"iter"
	"math"
	"math/rand/v2"
)

// Citizen states. Epstein's three states are the classic model's
// (classic.go). In the main model a slot is Vacant or Living: an agent
// stands for world.represent residents who share its traits, and the
// shares of them who are active and jailed are the agent's ActiveFrac and
// JailFrac (unrest.go), not a state.
const (
	Vacant    uint8 = iota // no one lives here
	Quiescent              // Epstein's quiet state
	Active                 // Epstein's active (protesting) state
	Jailed                 // in jail
)

// Living marks an occupied slot of the main model.
const Living = Quiescent

// Age bands of adult citizens.
const (
	Young  uint8 = iota // 18-34: migrates first
	Middle              // 35-59
	Old                 // 60+
)

// Education levels, as in the candidate requirement.
const (
	NoEducation uint8 = iota
	Vocational
	Higher
)

// Citizen flags.
const (
	flagParticipated uint8 = 1 << iota // took part this month
)

// votedUnit is CitizenBlock.Voted's unit: a share of 1 is 255.
const votedUnit = 255

// votedShare returns the share p in [0,1] in CitizenBlock.Voted's unit,
// rounded to the nearest.
func votedShare(p float64) uint8 { return uint8(p*votedUnit + 0.5) }

// Citizens is the store of citizen agents, struct-of-arrays in blocks.
// Slot i's fields that the monthly pass reads are in Blocks[i/BlockLen],
// at lane i%BlockLen of each field's array (at returns both); the fields
// read only on rare paths are one slice each, indexed by i. Citizens of a
// settlement occupy contiguous slots, the settlements of a unit are
// contiguous ([Unit.Start, Unit.End)), and so are the units of a
// district, so a unit's work is one pass over contiguous memory.
type Citizens struct {
	Blocks []CitizenBlock // the fields the pass reads, BlockLen slots a block
	Edu    []uint8        // NoEducation, Vocational or Higher
	Income []float32      // monthly income, KZT
	n      int            // slots
}

// BlockLen is the number of slots in a CitizenBlock.
const BlockLen = 16

// CitizenBlock holds the hot fields of BlockLen consecutive slots, one
// array per field. Keeping them together lets the citizens' pass address
// every field from one pointer and stream one run of memory instead of a
// dozen (docs/PERFORMANCE.md).
type CitizenBlock struct {
	State [BlockLen]uint8 // Vacant or Living
	Flags [BlockLen]uint8 // flagParticipated
	Age   [BlockLen]uint8 // Young, Middle or Old
	// Voted is the share of the agent's residents who voted at the last
	// popular vote, in 255ths (votedShare): the expected share, not one
	// draw for them all, so the habit an agent carries does not depend
	// on how many residents it stands for (at 1:1 it is the chance that
	// its resident voted). It also keeps the float fields 4-byte aligned.
	Voted      [BlockLen]uint8
	IncomeHard [BlockLen]float32 // hardship due to income, hardshipFromIncome(Income, median); fixed for life
	Civic      [BlockLen]float32 // civic-mindedness in [0,1]: baseline awareness and civic duty
	Awareness  [BlockLen]float32 // awareness of institutions in [0,1]
	Efficacy   [BlockLen]float32 // political efficacy in [0,1]
	Trust      [BlockLen]float32 // trust in the rural akim in [0,1]
	TrustDist  [BlockLen]float32 // trust in the district akimat in [0,1]
	Party      [BlockLen]float32 // attachment to the ruling party in [0,1]
	Frustr     [BlockLen]float32 // hardship from unanswered participation, decays
	Legit      [BlockLen]float32 // legitimacy L in [0,1], last computed
	ActiveFrac [BlockLen]float32 // share of the agent's residents active (after arrests)
	JailFrac   [BlockLen]float32 // share of the agent's residents in jail
	// NbrVoted is the share of the agent's network neighbours who voted
	// at their last popular vote, as of last month (the settlement's
	// share when the network is off): the social part of the voting
	// habit, an input of turnout.
	NbrVoted [BlockLen]float32
}

// newCitizens allocates n citizen slots, all Vacant.
func newCitizens(n int) Citizens {
	return Citizens{
		Blocks: make([]CitizenBlock, (n+BlockLen-1)/BlockLen),
		Edu:    make([]uint8, n),
		Income: make([]float32, n),
		n:      n,
	}
}

// Len returns the number of slots.
func (c *Citizens) Len() int { return c.n }

// SlotBytes returns the storage of one citizen slot of w: its citizen
// fields (the same in every world), and the social network's share (its
// links a slot, which depend on the world), in bytes. Memory per living
// citizen is these times the slots over the living citizens.
func (w *World) SlotBytes() (citizen, network float64) {
	return bytesPerCitizen, w.Network.bytesPerSlot()
}

// at returns the block of slot i and its lane in the block.
func (c *Citizens) at(i int) (*CitizenBlock, int) {
	return &c.Blocks[uint(i)/BlockLen], i & (BlockLen - 1)
}

// slots iterates over slots lo..hi-1 in order, giving each slot's index
// and block (its lane is the index % BlockLen): cheaper than at for every
// slot of a run.
func (c *Citizens) slots(lo, hi int) iter.Seq2[int, *CitizenBlock] {
	return func(yield func(int, *CitizenBlock) bool) {
		for base := lo &^ (BlockLen - 1); base < hi; base += BlockLen {
			h := &c.Blocks[uint(base)/BlockLen]
			for i := max(lo, base); i < min(hi, base+BlockLen); i++ {
				if !yield(i, h) {
					return
				}
			}
		}
	}
}

// bytesPerCitizen is the storage of one slot without the network, for
// memory reports: the block's fields (16 bytes of them padding and
// bytes, 12 float32) per slot, education and income.
const bytesPerCitizen = 4*1 + 12*4 + 1 + 4

// hardshipFromIncome is the part of hardship due to income relative to the
// rural median (assumption: log-linear, 0.05 at the median, 0.23 at 0.3
// of it, so that in normal times grievance stays under Epstein's threshold
// for nearly everyone, as rural Kazakhstan is quiet in normal times).
func hardshipFromIncome(income, median float64) float64 {
	if income <= 0 {
		return 1
	}
	return hardshipFromLogIncome(logf(income/median), median)
}

// hardshipFromLogIncome is hardshipFromIncome given ln(income/median).
func hardshipFromLogIncome(logRatio, median float64) float64 {
	if median <= 0 {
		return 1
	}
	return clamp01(0.05 - 0.15*logRatio)
}

// live is the citizens' monthly pass over unit u (processes 6, 7, 8 and 11
// for each citizen, settlement by settlement in slot order): perceive and
// update trust and legitimacy, with a pull towards the network
// neighbours' trust; take part or not; awareness, with a pull towards the
// neighbours'; the shares of the agent's residents released from jail and
// active by Epstein's rule in its neighbourhood; leave, or be born into a
// vacant slot. Neighbours are read from a snapshot of last month's values
// (passScratch), so slot order decides nothing. The pass uses only the
// district's stream, so units of different districts can run in parallel
// without changing results.
//
// Random numbers (ODD 3.2): the pass draws from a SplitMix64 sequence
// started at one draw of the district's stream, whose n-th number is
// splitmix64(start + n*golden). Slot i owns numbers 3i, 3i+1 and 3i+2
// (slotDraws), whatever the other slots do. Number 3i gives a 24-bit
// uniform for perception and a 40-bit uniform U for participation.
// Participation needs U below its probability, which is never above
// participationCeiling, so for U >= participationCeiling (three citizens
// in four) it is decided at once, and (U - ceiling)/(1 - ceiling), uniform
// on [0,1) given U >= ceiling, is the migration uniform. A citizen with U
// < ceiling takes number 3i+1: 32 bits decide whether its participation is
// answered, 32 whether it leaves. Number 3i+2 decides a birth into a
// vacant slot. A migration uniform above the largest possible leaving
// probability decides without the citizen's own probability. Each
// decision keeps its probability.
func (w *World) live(u *Unit, d *District, ps *passScratch) {
	k := w.newPassUnit(u, d, ps)
	// The unit's income is kept up to date as citizens are born and leave
	// (income is fixed for life), rather than summed over every citizen.
	t := passTally{incomeSum: u.incomeSum}
	up := &w.Params.Unrest
	u.Protest = false
	for si := u.FirstLocality; si < u.EndLocality; si++ {
		s := &w.Localities[si]
		before := t
		k.locality(s, si-u.FirstLocality, &t)
		s.Pop = t.pop - before.pop
		s.Active = t.active - before.active
		s.Protest = up.protestEvent(s.Pop, s.Active, w.represent)
		u.Protest = u.Protest || s.Protest
	}
	u.Pop, u.Active, u.Jailed = t.pop, t.active, t.jailed
	u.Participants, u.Leavers, u.Births, u.Deaths = t.participants, t.leavers, t.births, t.deaths
	u.incomeSum = 0 // no rounding residue in an empty unit
	if t.pop > 0 {
		u.incomeSum = t.incomeSum
		n := float64(t.pop)
		u.AwareShare, u.AwareMean = float64(t.aware)/n, t.sumAware/n
		u.TrustMean, u.LegitMean = t.sumTrust/n, t.sumLegit/n
		u.ParticipateRate = float64(t.participants) / n
	}
}

// passUnit holds what the citizens' pass over a unit reads besides the
// citizens: the unit's and the parameters' values, computed once a unit,
// the snapshot of last month's neighbourhood values, and what births need.
// The loop reads them from the struct, so that the loads fold into its
// arithmetic: as locals, most of them would be spilled to the stack and
// reloaded anyway.
type passUnit struct {
	q, amp, trustRate, halfExtract, response        float64
	gain, loss, ignored, decay, campaign            float64
	initialAware, modeShare, procWeight, legitShift float64
	perfWeight, perfShift                           float64
	hardService, hardShift, threshold               float64
	migration, young, maxLeave, median, cost        float64
	pBirth                                          float64 // in the settlement being run
	birth                                           float64 // monthly births per resident
	// ageRate is the monthly rate of leaving each age band: ageing for
	// the young and middle-aged, death for the old (per old resident).
	ageRate [Old + 1]float64
	// Unrest: police in vision (C), vision (V), arrest constant, rounding,
	// release from jail, and the unit's part of the neighbourhood's active
	// share (spillover).
	copsInVision, vision, arrestK, release float64
	rounding                               Rounding
	socialAware, socialTrust               float64
	sm                                     uint64 // the pass's SplitMix64 sequence starts here (slotDraws)
	// The last arrest probability computed (arrestProb) and its actives.
	lastActives, lastArrest float64

	w   *World
	u   *Unit
	ui  int // u's index
	d   *District
	r   *rand.Rand
	ps  *passScratch
	net *network
}

// newPassUnit computes the unit's constants of the pass and takes the
// snapshot of its citizens' last-month values (passScratch.snapshot).
func (w *World) newPassUnit(u *Unit, d *District, ps *passScratch) *passUnit {
	p := &w.Params
	b := &p.Behavior
	pp := &p.Participation
	up := &p.Unrest
	orders := w.orderLoad(d)
	u.Response = responseProb(u.Akim.Downward, orders, pp.BudgetShare)
	k := &ps.k
	*k = passUnit{w: w, u: u, ui: w.Localities[u.FirstLocality].Unit, d: d, r: d.rng, ps: ps, net: &w.Network}
	k.cost = w.participationCost(u)
	k.median = p.World.MedianIncome
	if d.pool > 0 {
		k.halfExtract = 0.5 * (d.extracted / d.pool)
	}
	k.q, k.response = u.Quality, u.Response
	// Residents read their akim from its performance (relative to the
	// district's other units as far as they use the yardstick) less any
	// scandal of exposed rent: perceived quality shifted by perfShift.
	k.perfShift = w.performanceSignal(u.Quality, d.otherQuality(w, u)) - u.Quality - u.Scandal
	// perceive(q, noise, aw, transparency, u) with the unit's part of the
	// noise, noise*(1-transparency), taken out of the loop.
	k.amp = b.PerceptionNoise * (1 - p.Oversight.Transparency)
	k.trustRate = b.TrustRate
	k.gain, k.loss, k.ignored = pp.EfficacyGain, pp.EfficacyLoss, pp.IgnoredGrievance
	k.decay, k.campaign, k.initialAware = pp.AwarenessDecay, pp.Campaign, pp.InitialAwareness
	// The parts of procedural legitimacy and legitimacy that do not depend
	// on the citizen (proceduralMode, legitimacyWeighted).
	k.modeShare = 0.8 * modeLegitimacy(u.Akim.ChosenBy, p.Institutions.Manipulation)
	k.procWeight, k.legitShift = b.ProceduralWeight, b.LegitimacyShift
	k.perfWeight = 1 - k.procWeight
	k.hardService, k.hardShift = b.HardshipService, b.HardshipShift
	k.threshold = up.Threshold
	k.migration, k.young = b.MigrationRate, b.YoungMigration
	// No one leaves with a probability above maxLeave (leaveProb's push
	// is at most 1), so a migration uniform at or above it decides
	// without computing the citizen's probability.
	k.maxLeave = min(1, k.migration*max(1, k.young))
	k.vision, k.arrestK, k.rounding = up.VisionResidents, up.K, w.rounding
	if res := float64(u.Pop) * w.represent; res > 0 {
		k.copsInVision = u.Police / res * up.VisionResidents
	}
	k.release = jailRelease(up.MaxJailMonths)
	k.lastActives = math.NaN() // equal to no count of actives
	k.socialAware, k.socialTrust = pp.SocialLearning, b.SocialTrust
	// The pass draws from its own SplitMix64 sequence, started at one draw
	// of the district's stream: far cheaper per draw than the stream's
	// PCG, and as good for this purpose (it passes BigCrush).
	k.sm = d.rng.Uint64()
	ps.snapshot(w, u)
	// Spillover: the adjacent units' active share last month.
	if up.Spillover > 0 {
		var act, pop float64
		for _, a := range w.adjacent[u.adjStart:u.adjEnd] {
			act += w.Units[a].prevActive
			pop += w.Units[a].prevPop
		}
		if pop > 0 {
			ps.spill, ps.adj = up.Spillover, act/pop
		}
	}
	k.ageRate = [Old + 1]float64{Old: b.DeathRate * u.deathMult}
	if b.Ageing {
		k.ageRate[Young], k.ageRate[Middle] = 1/(12.0*yearsYoung), 1/(12.0*yearsMiddle)
	}
	k.birth = b.BirthRate * u.birthMult
	return k
}

// arrestProb returns ArrestProbability for a actives in vision, in the
// unit. Neighbourhoods with the same active share (most often none) give
// the same a, so the last value is kept: the exponential is computed only
// when a changes.
func (k *passUnit) arrestProb(a float64) float64 {
	if a != k.lastActives {
		k.lastActives, k.lastArrest = a, ArrestProbability(k.arrestK, k.copsInVision, a, k.rounding)
	}
	return k.lastArrest
}

// passTally is what the citizens' pass over a unit adds up.
type passTally struct {
	pop, participants, leavers, births, deaths, aware int
	active, jailed                                    float64 // sums of the agents' shares
	sumAware, sumTrust, sumLegit                      float64
	incomeSum                                         float64
}

// locality runs the pass over settlement s's slots, adding to t; s is
// settlement number j of the unit.
func (k *passUnit) locality(s *Locality, j int, t *passTally) {
	k.pBirth = 0
	if vacant := (s.End - s.Start) - s.Pop; vacant > 0 {
		k.pBirth = min(1, k.birth*float64(s.Pop)/float64(vacant))
	}
	c := &k.w.Citizens
	k.ps.startLocality(k.net, s, j)
	for base := s.Start &^ (BlockLen - 1); base < s.End; base += BlockLen {
		k.block(&c.Blocks[uint(base)/BlockLen], base, max(s.Start-base, 0), min(s.End-base, BlockLen), t)
	}
}

// block runs the citizens' pass (live) over lanes [l0, l1) of block h,
// whose first slot is base, adding to t. It is a function of its own so
// that h is one register and every field one addressing mode away.
func (k *passUnit) block(h *CitizenBlock, base, l0, l1 int, t *passTally) {
	c := &k.w.Citizens
	ps := k.ps
	for l := l0; l < l1; l++ {
		j := l & (BlockLen - 1) // l itself; the mask drops bounds checks
		i := base + j
		n := slotDraws(k.sm, i)
		if h.State[j] == Vacant {
			if k.pBirth == 0 || uniform53(splitmix64(n+golden2)) >= k.pBirth {
				ps.skip(k.net, i)
				continue
			}
			k.w.newCitizen(k.u, i, k.r, true)
			t.incomeSum += float64(c.Income[i])
			t.births++
		} else if k.demography(h, j, uniform53(splitmix64(n+golden2))) {
			t.incomeSum -= float64(c.Income[i])
			t.deaths++
			ps.skip(k.net, i)
			continue
		}
		nb := &ps.means
		ps.neighbours(k.net, i, nb)
		x := splitmix64(n)
		uPerceive := float64(int64(x>>40)) * 0x1p-24
		uPart := float64(int64(x&(1<<40-1))) * 0x1p-40
		var uMigrate float64
		aw := float64(h.Awareness[j])
		// 6. Perception, trust, legitimacy; trust drifts towards the
		// neighbours'.
		perceived := perceive(k.q, k.amp, aw, 0, uPerceive)
		trust := float64(h.Trust[j])
		trust += k.trustRate * (clamp01(perceived+k.perfShift) - trust)
		if nb.n > 0 {
			trust += k.socialTrust * (nb.trust - trust)
		}
		td := float64(h.TrustDist[j])
		td += k.trustRate * (clamp01(perceived-k.halfExtract) - td)
		// Jail: a share of the prisoners is released; the rest of the
		// agent's residents are free to take part and leave, and those
		// who are jailed were active, so the least risk averse.
		jail := float64(h.JailFrac[j]) * (1 - k.release)
		free := 1 - jail
		// 7. Participation (the free residents).
		frustr := float64(h.Frustr[j]) * 0.97
		flags := h.Flags[j] &^ flagParticipated
		civic := float64(h.Civic[j])
		if uPart >= participationCeiling {
			// uPart is uniform on [ceiling, 1), given that.
			uMigrate = (uPart - participationCeiling) * (1 / (1 - participationCeiling))
		} else {
			// Number 3i+1: 32 bits for the answer, 32 for migration.
			x2 := splitmix64(n + golden)
			uMigrate = float64(int64(x2>>32)) * 0x1p-32
			if free > 0 {
				eff, part := float64(h.Efficacy[j]), false
				// uPart < free*participationProb(...), as belowLogistic.
				v, z := uPart*(1/participationCeiling)/free, participationLogit(eff, aw, 1-perceived, civic, k.cost)
				if v < 1 {
					var sure bool
					if part, sure = logisticBounds(v, z); !sure {
						part = v < logistic(z)
					}
				}
				if part {
					flags |= flagParticipated
					t.participants++
					aw += participationLearning * (1 - aw)
					if float64(int64(x2&(1<<32-1)))*0x1p-32 < k.response {
						eff += k.gain * (1 - eff)
						trust = min(1, trust+0.05)
					} else {
						eff -= k.loss * eff
						frustr += k.ignored
					}
					h.Efficacy[j] = float32(clamp01(eff))
				}
			}
		}
		aw += k.decay*(baseAwareness(k.initialAware, civic)-aw) + k.campaign*(1-aw)
		if nb.n > 0 {
			aw += k.socialAware * (nb.aware - aw)
		}
		aw = clamp01(aw)
		proc := proceduralMode(k.modeShare, float64(h.Party[j]))
		legit := legitimacyWeighted(proc, trust, td, k.procWeight, k.perfWeight, k.legitShift)
		// 8. Unrest: the residents willing to be active are the least
		// risk averse; those of them not in jail are active.
		hard := clamp01(float64(h.IncomeHard[j]) + k.hardService*(1-perceived) + k.hardShift + frustr)
		act := 0.0
		if g := Grievance(hard, legit); g > k.threshold {
			a := k.vision*nb.activeShare(ps.spill, ps.adj) + 1 // actives in vision, counting the citizen itself
			act = max(0, ActiveShare(g, k.arrestProb(a), k.threshold)-jail)
		}
		// 11. Migration (the household of the free residents).
		if uMigrate < k.maxLeave {
			inc := float64(c.Income[i])
			if uMigrate < free*leaveProb(k.migration, k.young, hard, perceived, incomeGap(inc, k.median), h.Age[j] == Young) {
				k.d.movers = append(k.d.movers, mover{from: int32(k.ui), edu: c.Edu[i], age: h.Age[j], flags: flags, voted: h.Voted[j], income: c.Income[i],
					civic: h.Civic[j], aware: float32(aw), efficacy: h.Efficacy[j], trust: float32(trust), trustDist: float32(td),
					party: h.Party[j], frustr: float32(frustr), legit: float32(legit), nbrVoted: float32(nb.voted)})
				h.State[j] = Vacant
				t.incomeSum -= inc
				t.leavers++
				continue
			}
		}
		h.Flags[j] = flags
		h.Awareness[j] = float32(aw)
		h.Trust[j] = float32(trust)
		h.TrustDist[j] = float32(td)
		h.Frustr[j] = float32(frustr)
		h.Legit[j] = float32(legit)
		h.ActiveFrac[j] = float32(act)
		h.JailFrac[j] = float32(jail)
		h.NbrVoted[j] = float32(nb.voted)
		t.pop++
		t.active += float64(h.ActiveFrac[j])
		t.jailed += float64(h.JailFrac[j])
		aware := 0
		if aw >= 0.5 {
			aware = 1
		}
		t.aware += aware
		t.sumAware += aw
		t.sumTrust += trust
		t.sumLegit += legit
	}
}

// Lengths of the young and middle age bands, years: 18-34 and 35-59.
const (
	yearsYoung  = 17
	yearsMiddle = 25
)

// demography ages the citizen in lane j of h by one month, given a
// uniform v: young to middle age, middle to old, at one over the band's
// length a month; an old citizen dies at the unit's mortality of the old.
// It reports a death, leaving the slot Vacant.
func (k *passUnit) demography(h *CitizenBlock, j int, v float64) bool {
	// One comparison with the age band's rate (a lookup, not a branch on
	// the age, which varies from slot to slot); the change itself is rare.
	age := min(h.Age[j], Old)
	if v >= k.ageRate[age] {
		return false
	}
	switch age {
	case Young:
		h.Age[j] = Middle
	case Middle:
		h.Age[j] = Old
	default:
		h.State[j] = Vacant
		return true
	}
	return false
}

// summariseUnit sets unit u's summary state from its citizens without
// changing them (used at world creation).
func (w *World) summariseUnit(u *Unit) {
	c := &w.Citizens
	var pop, aware int
	var sumAware, sumTrust, sumLegit, sumIncome float64
	for si := u.FirstLocality; si < u.EndLocality; si++ {
		s := &w.Localities[si]
		s.Pop = 0
		for i, h := range c.slots(s.Start, s.End) {
			l := i & (BlockLen - 1)
			if h.State[l] == Vacant {
				continue
			}
			s.Pop++
			aw := float64(h.Awareness[l])
			if aw >= 0.5 {
				aware++
			}
			sumAware += aw
			sumTrust += float64(h.Trust[l])
			sumLegit += float64(h.Legit[l])
			sumIncome += float64(c.Income[i])
		}
		pop += s.Pop
	}
	u.Pop = pop
	u.incomeSum = sumIncome
	u.PartyMean = w.partyMean(u)
	if pop > 0 {
		n := float64(pop)
		u.AwareShare, u.AwareMean = float64(aware)/n, sumAware/n
		u.TrustMean, u.LegitMean = sumTrust/n, sumLegit/n
	}
	q := 0.0
	for s := range u.Service {
		q += u.Need[s] * u.Service[s]
	}
	u.Quality = q
}
