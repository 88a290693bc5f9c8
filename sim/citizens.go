package sim

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

// Citizens is the struct-of-arrays store of citizen agents. Index i across
// every slice is one citizen; citizens of a unit occupy the contiguous range
// [Unit.Start, Unit.End), so a unit's work is a pass over short slices and
// a district's over one longer run. Small numeric types keep a citizen at
// 50 bytes.
type Citizens struct {
	State      []uint8   // Vacant, Quiescent, Active or Jailed
	Age        []uint8   // Young, Middle or Old
	Edu        []uint8   // NoEducation, Vocational or Higher
	Flags      []uint8   // flagVoted, flagParticipated
	Jail       []uint16  // months of jail left
	Income     []float32 // monthly income, KZT
	IncomeHard []float32 // hardship due to income, hardshipFromIncome(Income, median); fixed for life
	Civic      []float32 // civic-mindedness in [0,1]: baseline awareness and civic duty
	Awareness  []float32 // awareness of institutions in [0,1]
	Efficacy   []float32 // political efficacy in [0,1]
	Trust      []float32 // trust in the rural akim in [0,1]
	TrustDist  []float32 // trust in the district akimat in [0,1]
	Party      []float32 // attachment to the ruling party in [0,1]
	Risk       []float32 // risk aversion R in [0,1] (Epstein 2002)
	Frustr     []float32 // hardship from unanswered participation, decays
	Legit      []float32 // legitimacy L in [0,1], last computed
}

// newCitizens allocates n citizen slots, all Vacant.
func newCitizens(n int) Citizens {
	return Citizens{
		State:      make([]uint8, n),
		Age:        make([]uint8, n),
		Edu:        make([]uint8, n),
		Flags:      make([]uint8, n),
		Jail:       make([]uint16, n),
		Income:     make([]float32, n),
		IncomeHard: make([]float32, n),
		Civic:      make([]float32, n),
		Awareness:  make([]float32, n),
		Efficacy:   make([]float32, n),
		Trust:      make([]float32, n),
		TrustDist:  make([]float32, n),
		Party:      make([]float32, n),
		Risk:       make([]float32, n),
		Frustr:     make([]float32, n),
		Legit:      make([]float32, n),
	}
}

// Len returns the number of slots.
func (c *Citizens) Len() int { return len(c.State) }

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
// SplitMix64 sequence started at one draw of the district's stream. A
// living citizen takes one 64-bit draw, split into a 24-bit uniform for perception and a 40-bit uniform U
// for participation. Participation needs U < participationProb, which is
// never above participationCeiling, so for U >= participationCeiling (three
// citizens in four) it is decided at once, and (U - ceiling)/(1 - ceiling),
// uniform on [0,1) given U >= ceiling, is the migration uniform. A citizen
// with U < ceiling takes a second draw: 32 bits decide whether its
// participation is answered, 32 bits whether it leaves. A migration
// uniform above the largest possible leaving probability decides without
// the citizen's own probability. Each decision keeps its probability; only
// which bits decide it changed.
func (w *World) live(u *Unit, d *District) {
	p := &w.Params
	c := &w.Citizens
	r := d.rng
	b := &p.Behavior
	pp := &p.Participation
	orders := w.orderLoad(d)
	u.Response = responseProb(u.Akim.Downward, orders, pp.BudgetShare)
	// Everything below the loop reads is copied to locals first: the
	// compiler does not hoist loads through pointers out of loops.
	// Epstein's A counts the citizen itself: actives in residents plus one.
	pArrest := ArrestProbability(p.Unrest.K, u.Police, float64(u.Active)*w.represent+1, RoundingOf(p.Unrest.Rounding))
	cost := w.participationCost(u)
	median := p.World.MedianIncome
	halfExtract := 0.0 // half the share of the pool the district extracted
	if d.pool > 0 {
		halfExtract = 0.5 * (d.extracted / d.pool)
	}
	pBirth := 0.0
	if vacant := (u.End - u.Start) - u.Pop; vacant > 0 {
		pBirth = min(1, b.BirthRate*float64(u.Pop)/float64(vacant))
	}
	q, response := u.Quality, u.Response
	// perceive(q, noise, aw, transparency, u) with the unit's part of the
	// noise, noise*(1-transparency), taken out of the loop.
	amp := b.PerceptionNoise * (1 - p.Oversight.Transparency)
	trustRate := b.TrustRate
	gain, loss, ignored := pp.EfficacyGain, pp.EfficacyLoss, pp.IgnoredGrievance
	decay, campaign, initialAware := pp.AwarenessDecay, pp.Campaign, pp.InitialAwareness
	modeLegit := modeLegitimacy(u.Akim.ChosenBy, p.Institutions.Manipulation)
	procWeight, legitShift := b.ProceduralWeight, b.LegitimacyShift
	hardService, hardShift := b.HardshipService, b.HardshipShift
	threshold := p.Unrest.Threshold
	migration, young := b.MigrationRate, b.YoungMigration
	// No one leaves with a probability above maxLeave (leaveProb's push
	// is at most 1), so a migration uniform at or above it decides
	// without computing the citizen's probability.
	maxLeave := min(1, migration*max(1, young))

	// The unit's slots, resliced to one length so that the compiler can
	// drop bounds checks in the loop.
	// Fields read only on rare paths (Age, Jail, Income) are indexed
	// through c, to leave registers to the rest.
	lo, hi := u.Start, u.End
	state := c.State[lo:hi]
	n := len(state)
	flagsS := c.Flags[lo:hi][:n]
	incomeHard := c.IncomeHard[lo:hi][:n]
	civicS := c.Civic[lo:hi][:n]
	awareS := c.Awareness[lo:hi][:n]
	effS := c.Efficacy[lo:hi][:n]
	trustS := c.Trust[lo:hi][:n]
	tdS := c.TrustDist[lo:hi][:n]
	party := c.Party[lo:hi][:n]
	risk := c.Risk[lo:hi][:n]
	frustrS := c.Frustr[lo:hi][:n]
	legitS := c.Legit[lo:hi][:n]

	var count [Jailed + 1]int // living citizens by state at the end of the pass
	var participants, leavers, arrivals, aware int
	var sumAware, sumTrust, sumLegit float64
	// The unit's income is kept up to date as citizens are born and leave
	// (income is fixed for life), rather than summed over every citizen.
	incomeSum := u.incomeSum
	// The pass draws from its own SplitMix64 sequence, started at one draw
	// of the district's stream: far cheaper per draw than the stream's
	// PCG, and as good for this purpose (it passes BigCrush).
	sm := r.Uint64()
	for j := range state {
		st := state[j]
		if st == Vacant {
			if pBirth == 0 {
				continue
			}
			x := splitmix64(sm)
			sm += golden
			if uniform53(x) >= pBirth {
				continue
			}
			w.newCitizen(u, lo+j, r, true)
			incomeSum += float64(c.Income[lo+j])
			arrivals++
			st = Quiescent
		}
		x := splitmix64(sm)
		sm += golden
		uPerceive := float64(int64(x>>40)) * 0x1p-24
		uPart := float64(int64(x&(1<<40-1))) * 0x1p-40
		aw := float64(awareS[j])
		// 6. Perception, trust, legitimacy.
		perceived := perceive(q, amp, aw, 0, uPerceive)
		trust := float64(trustS[j])
		trust += trustRate * (perceived - trust)
		td := float64(tdS[j])
		td += trustRate * (clamp01(perceived-halfExtract) - td)
		// 7. Participation (not from jail).
		eff := float64(effS[j])
		frustr := float64(frustrS[j]) * 0.97
		flags := flagsS[j] &^ flagParticipated
		civic := float64(civicS[j])
		uMigrate := uPart // a prisoner's U is unused
		if st != Jailed {
			if uPart >= participationCeiling {
				uMigrate = (uPart - participationCeiling) * (1 / (1 - participationCeiling))
			} else {
				// A second draw: 32 bits for the answer, 32 for migration.
				x2 := splitmix64(sm)
				sm += golden
				uMigrate = float64(int64(x2>>32)) * 0x1p-32
				// uPart < participationProb(...), as belowLogistic.
				v, z := uPart*(1/participationCeiling), participationLogit(eff, aw, 1-perceived, civic, cost)
				part, sure := logisticBounds(v, z)
				if !sure {
					part = v < logistic(z)
				}
				if part {
					flags |= flagParticipated
					participants++
					aw += participationLearning * (1 - aw)
					if float64(int64(x2&(1<<32-1)))*0x1p-32 < response {
						eff += gain * (1 - eff)
						trust = min(1, trust+0.05)
					} else {
						eff -= loss * eff
						frustr += ignored
					}
					eff = clamp01(eff)
				}
			}
		}
		aw += decay*(baseAwareness(initialAware, civic)-aw) + campaign*(1-aw)
		aw = clamp01(aw)
		legit := legitimacy(proceduralWith(modeLegit, float64(party[j])), trust, td, procWeight, legitShift)
		// 8. Unrest.
		switch {
		case st == Jailed && c.Jail[lo+j] > 0:
			c.Jail[lo+j]--
		default:
			hard := clamp01(float64(incomeHard[j]) + hardService*(1-perceived) + hardShift + frustr)
			if Activate(Grievance(hard, legit), float64(risk[j]), pArrest, threshold) {
				st = Active
			} else {
				st = Quiescent
			}
			// 11. Migration (not from jail).
			if uMigrate < maxLeave {
				inc := float64(c.Income[lo+j])
				if uMigrate < leaveProb(migration, young, hard, perceived, incomeGap(inc, median), c.Age[lo+j] == Young) {
					state[j] = Vacant
					incomeSum -= inc
					leavers++
					continue
				}
			}
		}
		state[j] = st
		flagsS[j] = flags
		awareS[j] = float32(aw)
		trustS[j] = float32(trust)
		tdS[j] = float32(td)
		effS[j] = float32(eff)
		frustrS[j] = float32(frustr)
		legitS[j] = float32(legit)
		count[st&3]++
		if aw >= 0.5 {
			aware++
		}
		sumAware += aw
		sumTrust += trust
		sumLegit += legit
	}
	pop := count[Quiescent] + count[Active] + count[Jailed]
	u.Pop, u.Active, u.Jailed = pop, count[Active], count[Jailed]
	u.Participants, u.Leavers, u.Arrivals = participants, leavers, arrivals
	u.incomeSum = 0 // no rounding residue in an empty unit
	if pop > 0 {
		u.incomeSum = incomeSum
		n := float64(pop)
		u.AwareShare, u.AwareMean = float64(aware)/n, sumAware/n
		u.TrustMean, u.LegitMean = sumTrust/n, sumLegit/n
		u.ParticipateRate = float64(participants) / n
	}
	u.Protest = pop > 0 && float64(count[Active])/float64(pop) > p.Unrest.ProtestThreshold
}

// summariseUnit sets unit u's summary state from its citizens without
// changing them (used at world creation).
func (w *World) summariseUnit(u *Unit) {
	c := &w.Citizens
	var pop, aware int
	var sumAware, sumTrust, sumLegit, sumIncome float64
	for i := u.Start; i < u.End; i++ {
		if c.State[i] == Vacant {
			continue
		}
		pop++
		aw := float64(c.Awareness[i])
		if aw >= 0.5 {
			aware++
		}
		sumAware += aw
		sumTrust += float64(c.Trust[i])
		sumLegit += float64(c.Legit[i])
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
