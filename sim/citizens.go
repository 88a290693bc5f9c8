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
// about 50 bytes.
type Citizens struct {
	State     []uint8   // Vacant, Quiescent, Active or Jailed
	Age       []uint8   // Young, Middle or Old
	Edu       []uint8   // NoEducation, Vocational or Higher
	Flags     []uint8   // flagVoted, flagParticipated
	Jail      []uint16  // months of jail left
	Income    []float32 // monthly income, KZT
	Civic     []float32 // civic-mindedness in [0,1]: baseline awareness and civic duty
	Awareness []float32 // awareness of institutions in [0,1]
	Efficacy  []float32 // political efficacy in [0,1]
	Trust     []float32 // trust in the rural akim in [0,1]
	TrustDist []float32 // trust in the district akimat in [0,1]
	Party     []float32 // attachment to the ruling party in [0,1]
	Risk      []float32 // risk aversion R in [0,1] (Epstein 2002)
	Frustr    []float32 // hardship from unanswered participation, decays
	Legit     []float32 // legitimacy L in [0,1], last computed
}

// newCitizens allocates n citizen slots, all Vacant.
func newCitizens(n int) Citizens {
	return Citizens{
		State:     make([]uint8, n),
		Age:       make([]uint8, n),
		Edu:       make([]uint8, n),
		Flags:     make([]uint8, n),
		Jail:      make([]uint16, n),
		Income:    make([]float32, n),
		Civic:     make([]float32, n),
		Awareness: make([]float32, n),
		Efficacy:  make([]float32, n),
		Trust:     make([]float32, n),
		TrustDist: make([]float32, n),
		Party:     make([]float32, n),
		Risk:      make([]float32, n),
		Frustr:    make([]float32, n),
		Legit:     make([]float32, n),
	}
}

// Len returns the number of slots.
func (c *Citizens) Len() int { return len(c.State) }

// bytesPerCitizen is the storage of one slot, for memory reports.
const bytesPerCitizen = 4*1 + 2 + 10*4

// hardshipFromIncome is the part of hardship due to income relative to the
// rural median (assumption: log-linear, 0.05 at the median, 0.23 at 0.3
// of it, so that in normal times grievance stays under Epstein's threshold
// for nearly everyone, as rural Kazakhstan is quiet in normal times).
func hardshipFromIncome(income, median float64) float64 {
	if income <= 0 || median <= 0 {
		return 1
	}
	return clamp01(0.05 - 0.15*logf(income/median))
}

// live is the citizens' monthly pass over unit u (processes 6, 7, 8 and 11
// for each citizen in slot order): perceive and update trust and
// legitimacy; take part or not; turn active or not by Epstein's rule, or
// count down a jail term; leave, or be born into a vacant slot. It uses
// only the district's stream, so units of different districts can run in
// parallel without changing results.
func (w *World) live(u *Unit, d *District) {
	p := &w.Params
	c := &w.Citizens
	r := d.rng
	b := &p.Behavior
	pp := &p.Participation
	rep := w.represent
	orders := w.orderLoad(d)
	u.Response = responseProb(u.Akim.Downward, orders, pp.BudgetShare)
	// Epstein's A counts the citizen itself: actives in residents plus one.
	pArrest := ArrestProbability(p.Unrest.K, u.Police, float64(u.Active)*rep+1, RoundingOf(p.Unrest.Rounding))
	cost := w.participationCost(u)
	median := p.World.MedianIncome
	extractShare := 0.0
	if d.pool > 0 {
		extractShare = d.extracted / d.pool
	}
	pBirth := 0.0
	if vacant := (u.End - u.Start) - u.Pop; vacant > 0 {
		pBirth = min(1, b.BirthRate*float64(u.Pop)/float64(vacant))
	}
	transparency := p.Oversight.Transparency
	threshold := p.Unrest.Threshold
	q := u.Quality

	var active, jailed, pop, participants, leavers, arrivals, aware int
	var sumAware, sumTrust, sumLegit, sumIncome float64
	for i := u.Start; i < u.End; i++ {
		st := c.State[i]
		if st == Vacant {
			if pBirth == 0 || r.Float64() >= pBirth {
				continue
			}
			w.newCitizen(u, i, r, true)
			arrivals++
			st = Quiescent
		}
		aw := float64(c.Awareness[i])
		// 6. Perception, trust, legitimacy.
		perceived := perceive(q, b.PerceptionNoise, aw, transparency, r.Float64())
		trust := float64(c.Trust[i])
		trust += b.TrustRate * (perceived - trust)
		td := float64(c.TrustDist[i])
		td += b.TrustRate * (clamp01(perceived-0.5*extractShare) - td)
		// 7. Participation (not from jail).
		eff := float64(c.Efficacy[i])
		frustr := float64(c.Frustr[i]) * 0.97
		flags := c.Flags[i] &^ flagParticipated
		civic := float64(c.Civic[i])
		if st != Jailed && r.Float64() < participationProb(eff, aw, 1-perceived, civic, cost) {
			flags |= flagParticipated
			participants++
			aw += participationLearning * (1 - aw)
			if r.Float64() < u.Response {
				eff += pp.EfficacyGain * (1 - eff)
				trust = min(1, trust+0.05)
			} else {
				eff -= pp.EfficacyLoss * eff
				frustr += pp.IgnoredGrievance
			}
		}
		aw += pp.AwarenessDecay*(w.baseAwareness(civic)-aw) + pp.Campaign*(1-aw)
		aw = clamp01(aw)
		legit := legitimacy(procedural(u.Akim.ChosenBy, p.Institutions.Manipulation, float64(c.Party[i])), trust, td, b.ProceduralWeight, b.LegitimacyShift)
		// 8. Unrest.
		hard := clamp01(hardshipFromIncome(float64(c.Income[i]), median) + b.HardshipService*(1-perceived) + b.HardshipShift + frustr)
		switch {
		case st == Jailed && c.Jail[i] > 0:
			c.Jail[i]--
		case Activate(Grievance(hard, legit), float64(c.Risk[i]), pArrest, threshold):
			st = Active
		default:
			st = Quiescent
		}
		// 11. Migration (not from jail).
		if st != Jailed && r.Float64() < leaveProb(b.MigrationRate, b.YoungMigration, hard, perceived, incomeGap(float64(c.Income[i]), median), c.Age[i] == Young) {
			c.State[i] = Vacant
			leavers++
			continue
		}
		c.State[i] = st
		c.Flags[i] = flags
		c.Awareness[i] = float32(aw)
		c.Trust[i] = float32(trust)
		c.TrustDist[i] = float32(td)
		c.Efficacy[i] = float32(clamp01(eff))
		c.Frustr[i] = float32(frustr)
		c.Legit[i] = float32(legit)
		pop++
		switch st {
		case Active:
			active++
		case Jailed:
			jailed++
		}
		if aw >= 0.5 {
			aware++
		}
		sumAware += aw
		sumTrust += trust
		sumLegit += legit
		sumIncome += float64(c.Income[i])
	}
	u.Pop, u.Active, u.Jailed = pop, active, jailed
	u.Participants, u.Leavers, u.Arrivals = participants, leavers, arrivals
	u.incomeSum = sumIncome
	if pop > 0 {
		n := float64(pop)
		u.AwareShare, u.AwareMean = float64(aware)/n, sumAware/n
		u.TrustMean, u.LegitMean = sumTrust/n, sumLegit/n
		u.ParticipateRate = float64(participants) / n
	}
	u.Protest = pop > 0 && float64(active)/float64(pop) > p.Unrest.ProtestThreshold
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
