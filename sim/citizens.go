package sim

import "iter"

import "math/rand/v2"

// Citizen states. A slot that is Vacant holds nobody: it is room for a
// birth in its unit (see migration.go).
const (
	Vacant    uint8 = iota // no one lives here
	Quiescent              // Epstein's quiet state
	Active                 // Epstein's active (protesting) state
	Jailed                 // in jail; Jail holds the months left
)

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
	flagVoted        uint8 = 1 << iota // voted in the last popular vote
	flagParticipated                   // took part this month
)

// Citizens is the store of citizen agents, struct-of-arrays in blocks.
// Slot i's fields that the monthly pass reads are in Blocks[i/BlockLen],
// at lane i%BlockLen of each field's array (at returns both); the fields
// read only on rare paths are one slice each, indexed by i. Citizens of a
// unit occupy the contiguous slots [Unit.Start, Unit.End), so a unit's
// work is one pass over contiguous memory, and each field of a block is
// contiguous for loops that read one field. Small numeric types keep a
// citizen at 50 bytes.
type Citizens struct {
	Blocks []CitizenBlock // State, Flags and the float fields the pass reads, BlockLen slots a block
	Age    []uint8        // Young, Middle or Old
	Edu    []uint8        // NoEducation, Vocational or Higher
	Jail   []uint16       // months of jail left
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
	State      [BlockLen]uint8   // Vacant, Quiescent, Active or Jailed
	Flags      [BlockLen]uint8   // flagVoted, flagParticipated
	IncomeHard [BlockLen]float32 // hardship due to income, hardshipFromIncome(Income, median); fixed for life
	Civic      [BlockLen]float32 // civic-mindedness in [0,1]: baseline awareness and civic duty
	Awareness  [BlockLen]float32 // awareness of institutions in [0,1]
	Efficacy   [BlockLen]float32 // political efficacy in [0,1]
	Trust      [BlockLen]float32 // trust in the rural akim in [0,1]
	TrustDist  [BlockLen]float32 // trust in the district akimat in [0,1]
	Party      [BlockLen]float32 // attachment to the ruling party in [0,1]
	Risk       [BlockLen]float32 // risk aversion R in [0,1] (Epstein 2002)
	Frustr     [BlockLen]float32 // hardship from unanswered participation, decays
	Legit      [BlockLen]float32 // legitimacy L in [0,1], last computed
}

// newCitizens allocates n citizen slots, all Vacant.
func newCitizens(n int) Citizens {
	return Citizens{
		Blocks: make([]CitizenBlock, (n+BlockLen-1)/BlockLen),
		Age:    make([]uint8, n),
		Edu:    make([]uint8, n),
		Jail:   make([]uint16, n),
		Income: make([]float32, n),
		n:      n,
	}
}

// Len returns the number of slots.
func (c *Citizens) Len() int { return c.n }

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

// stateLanes is the mask of the eight states in w (a block's State bytes
// read as one little-endian word) that equal st. States are 0 to 3, so a
// byte equals st when its two low bits do; each byte of eq is then 0 or
// 1, and the multiplication gathers the eight into the top byte.
func stateLanes(w uint64, st uint8) uint8 {
	const ones = 0x0101010101010101
	d := w ^ (uint64(st) * ones) // zero bytes where the state is st
	eq := ^(d | d>>1) & ones
	return uint8(eq * 0x0102040810204080 >> 56)
}

// bytesPerCitizen is the storage of one slot, for memory reports.
const bytesPerCitizen = 4*1 + 2 + 11*4

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
// for each citizen in slot order): perceive and update trust and
// legitimacy; take part or not; turn active or not by Epstein's rule, or
// count down a jail term; leave, or be born into a vacant slot. It uses
// only the district's stream, so units of different districts can run in
// parallel without changing results.
//
// Random numbers (docs/PERFORMANCE.md, ODD 3.2): the pass draws from a
// SplitMix64 sequence started at one draw of the district's stream, whose
// n-th number is splitmix64(start + n*golden). Slot i owns numbers 3i,
// 3i+1 and 3i+2 (slotDraws), whatever the other slots do, so that slots
// can be handled in any grouping.
// Number 3i gives a 24-bit uniform for perception and a 40-bit uniform U
// for participation. Participation needs U < participationProb, which is
// never above participationCeiling, so for U >= participationCeiling
// (three citizens in four) it is decided at once, and (U -
// ceiling)/(1 - ceiling), uniform on [0,1) given U >= ceiling, is the
// migration uniform. A citizen with U < ceiling takes number 3i+1: 32 bits
// decide whether its participation is answered, 32 whether it leaves. A
// prisoner's migration uniform is U. Number 3i+2 decides a birth into a
// vacant slot. A migration uniform above the largest possible leaving
// probability decides without the citizen's own probability. Each
// decision keeps its probability.
func (w *World) live(u *Unit, d *District) {
	p := &w.Params
	b := &p.Behavior
	pp := &p.Participation
	orders := w.orderLoad(d)
	u.Response = responseProb(u.Akim.Downward, orders, pp.BudgetShare)
	k := passUnit{w: w, u: u, r: d.rng}
	// Epstein's A counts the citizen itself: actives in residents plus one.
	k.pArrest = ArrestProbability(p.Unrest.K, u.Police, float64(u.Active)*w.represent+1, RoundingOf(p.Unrest.Rounding))
	k.cost = w.participationCost(u)
	k.median = p.World.MedianIncome
	if d.pool > 0 {
		k.halfExtract = 0.5 * (d.extracted / d.pool)
	}
	if vacant := (u.End - u.Start) - u.Pop; vacant > 0 {
		k.pBirth = min(1, b.BirthRate*float64(u.Pop)/float64(vacant))
	}
	k.q, k.response = u.Quality, u.Response
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
	k.threshold = p.Unrest.Threshold
	k.migration, k.young = b.MigrationRate, b.YoungMigration
	// No one leaves with a probability above maxLeave (leaveProb's push
	// is at most 1), so a migration uniform at or above it decides
	// without computing the citizen's probability.
	k.maxLeave = min(1, k.migration*max(1, k.young))

	// The unit's income is kept up to date as citizens are born and leave
	// (income is fixed for life), rather than summed over every citizen.
	t := passTally{incomeSum: u.incomeSum}
	// The pass draws from its own SplitMix64 sequence, started at one draw
	// of the district's stream: far cheaper per draw than the stream's
	// PCG, and as good for this purpose (it passes BigCrush).
	k.sm = d.rng.Uint64()
	// Slot i is lane i%BlockLen of block i/BlockLen: the unit's slots are
	// the lanes [l0, l1) of each of its blocks in turn.
	c := &w.Citizens
	lo, hi := u.Start, u.End
	for base := lo &^ (BlockLen - 1); base < hi; base += BlockLen {
		k.block(&c.Blocks[uint(base)/BlockLen], base, max(lo-base, 0), min(hi-base, BlockLen), &t)
	}

	count := &t.count
	pop := count[Quiescent] + count[Active] + count[Jailed]
	u.Pop, u.Active, u.Jailed = pop, count[Active], count[Jailed]
	u.Participants, u.Leavers, u.Arrivals = t.participants, t.leavers, t.arrivals
	u.incomeSum = 0 // no rounding residue in an empty unit
	if pop > 0 {
		u.incomeSum = t.incomeSum
		n := float64(pop)
		u.AwareShare, u.AwareMean = float64(t.aware)/n, laneSum(&t.sumAware)/n
		u.TrustMean, u.LegitMean = laneSum(&t.sumTrust)/n, laneSum(&t.sumLegit)/n
		u.ParticipateRate = float64(t.participants) / n
	}
	u.Protest = pop > 0 && float64(count[Active])/float64(pop) > p.Unrest.ProtestThreshold
}

// passUnit holds what the citizens' pass over a unit reads besides the
// citizens: the unit's and the parameters' values, computed once a unit,
// and what births need. The loop reads them from the struct, so that the
// loads fold into its arithmetic: as locals, most of them would be spilled
// to the stack and reloaded anyway.
type passUnit struct {
	q, amp, trustRate, halfExtract, response         float64
	gain, loss, ignored, decay, campaign             float64
	initialAware, modeShare, procWeight, legitShift  float64
	perfWeight                                       float64
	hardService, hardShift, threshold, pArrest       float64
	migration, young, maxLeave, median, cost, pBirth float64
	sm                                               uint64 // the pass's SplitMix64 sequence starts here (slotDraws)

	w *World
	u *Unit
	r *rand.Rand
}

// passTally is what the citizens' pass over a unit adds up.
type passTally struct {
	count                                  [Jailed + 1]int // living citizens by state at the end of the pass
	participants, leavers, arrivals, aware int
	// Sums of the living citizens' awareness, trust and legitimacy, each
	// in eight parts: slot i adds to part i%8, in slot order (laneSum).
	sumAware, sumTrust, sumLegit [8]float64
	incomeSum                    float64
}

// block runs the citizens' pass (live) over lanes [l0, l1) of block h,
// whose first slot is base, adding to t. It is a function of its own so
// that h is one register and every field one addressing mode away.
func (k *passUnit) block(h *CitizenBlock, base, l0, l1 int, t *passTally) {
	c := &k.w.Citizens
	aware := t.aware // participants, leavers, arrivals and income are rarer: counted in t
	for l := l0; l < l1; l++ {
		j := l & (BlockLen - 1) // l itself; the mask drops bounds checks
		st := h.State[j]
		n := slotDraws(k.sm, base+j)
		if st == Vacant {
			if k.pBirth == 0 {
				continue
			}
			if uniform53(splitmix64(n+golden2)) >= k.pBirth {
				continue
			}
			k.w.newCitizen(k.u, base+j, k.r, true)
			t.incomeSum += float64(c.Income[base+j])
			t.arrivals++
			st = Quiescent
		}
		x := splitmix64(n)
		uPerceive := float64(int64(x>>40)) * 0x1p-24
		uPart := float64(int64(x&(1<<40-1))) * 0x1p-40
		uMigrate := uPart // a prisoner's
		aw := float64(h.Awareness[j])
		// 6. Perception, trust, legitimacy.
		perceived := perceive(k.q, k.amp, aw, 0, uPerceive)
		trust := float64(h.Trust[j])
		trust += k.trustRate * (perceived - trust)
		td := float64(h.TrustDist[j])
		td += k.trustRate * (clamp01(perceived-k.halfExtract) - td)
		// 7. Participation (not from jail).
		frustr := float64(h.Frustr[j]) * 0.97
		flags := h.Flags[j] &^ flagParticipated
		civic := float64(h.Civic[j])
		if st != Jailed {
			if uPart >= participationCeiling {
				// uPart is uniform on [ceiling, 1), given that.
				uMigrate = (uPart - participationCeiling) * (1 / (1 - participationCeiling))
			} else {
				// Number 3i+1: 32 bits for the answer, 32 for migration.
				x2 := splitmix64(n + golden)
				uMigrate = float64(int64(x2>>32)) * 0x1p-32
				// uPart < participationProb(...), as belowLogistic.
				// Efficacy changes only here, so it is read and written only here.
				eff := float64(h.Efficacy[j])
				v, z := uPart*(1/participationCeiling), participationLogit(eff, aw, 1-perceived, civic, k.cost)
				part, sure := logisticBounds(v, z)
				if !sure {
					part = v < logistic(z)
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
		aw = clamp01(aw)
		proc := proceduralMode(k.modeShare, float64(h.Party[j]))
		legit := legitimacyWeighted(proc, trust, td, k.procWeight, k.perfWeight, k.legitShift)
		// 8. Unrest.
		switch {
		case st == Jailed && c.Jail[base+j] > 0:
			c.Jail[base+j]--
		default:
			hard := clamp01(float64(h.IncomeHard[j]) + k.hardService*(1-perceived) + k.hardShift + frustr)
			if Activate(Grievance(hard, legit), float64(h.Risk[j]), k.pArrest, k.threshold) {
				st = Active
			} else {
				st = Quiescent
			}
			// 11. Migration (not from jail).
			if uMigrate < k.maxLeave {
				inc := float64(c.Income[base+j])
				if uMigrate < leaveProb(k.migration, k.young, hard, perceived, incomeGap(inc, k.median), c.Age[base+j] == Young) {
					h.State[j] = Vacant
					t.incomeSum -= inc
					t.leavers++
					continue
				}
			}
		}
		h.State[j] = st
		h.Flags[j] = flags
		h.Awareness[j] = float32(aw)
		h.Trust[j] = float32(trust)
		h.TrustDist[j] = float32(td)
		h.Frustr[j] = float32(frustr)
		h.Legit[j] = float32(legit)
		t.count[st&3]++
		if aw >= 0.5 {
			aware++
		}
		t.sumAware[j&7] += aw // base is a multiple of 8: j&7 is the slot's part
		t.sumTrust[j&7] += trust
		t.sumLegit[j&7] += legit
	}
	t.aware = aware
}

// laneSum adds the eight parts of a sum, in order. The citizens' pass
// keeps its sums in eight parts (slot i adds to part i%8).
func laneSum(p *[8]float64) float64 {
	s := p[0]
	for _, x := range p[1:] {
		s += x
	}
	return s
}

// summariseUnit sets unit u's summary state from its citizens without
// changing them (used at world creation).
func (w *World) summariseUnit(u *Unit) {
	c := &w.Citizens
	var pop, aware int
	var sumAware, sumTrust, sumLegit, sumIncome float64
	for i := u.Start; i < u.End; i++ {
		h, l := c.at(i)
		if h.State[l] == Vacant {
			continue
		}
		pop++
		aw := float64(h.Awareness[l])
		if aw >= 0.5 {
			aware++
		}
		sumAware += aw
		sumTrust += float64(h.Trust[l])
		sumLegit += float64(h.Legit[l])
		sumIncome += float64(c.Income[i])
	}
	u.Pop = pop
	u.incomeSum = sumIncome
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
