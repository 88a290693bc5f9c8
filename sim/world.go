package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// UnitType is the legal type of a rural unit.
type UnitType uint8

// The types of rural unit (seed fact: 48 towns of district significance,
// 1,993 rural districts, 198 villages, 106 settlements).
const (
	Town UnitType = iota
	RuralDistrict
	Village
	Settlement
)

var unitTypeNames = [...]string{"town", "rural_district", "village", "settlement"}

// String returns the type's name.
func (t UnitType) String() string { return unitTypeNames[t] }

// Sectors of local services.
const (
	Water = iota
	Roads
	Schools
	Heating
	NumSectors
)

// World is one trial's state: districts, their rural units, the units'
// settlements and the citizens living in them, with their network.
type World struct {
	Params     Params
	Oblasts    []Oblast
	Districts  []District
	Units      []Unit
	Localities []Locality
	Citizens   Citizens
	Network    network
	Month      int // the month being run, 1-based; 0 before the first
	// Workers is the number of goroutines Step runs the month's districts
	// on; 0 or 1 runs them one after another in the calling goroutine.
	// Results do not depend on it: each district has its own random
	// stream and touches only its own units and citizens.
	Workers     int
	represent   float64
	adjacent    []int32      // units adjacent to each unit (Unit.adjStart)
	candidates  []neighbour  // each unit's destinations for migrants (Unit.candStart)
	migRng      *rand.Rand   // draws migrants' destinations, after the districts' month
	migPCG      *rand.PCG    // migRng's generator
	migCum      []float64    // cumulative gravity weights of one origin's candidates
	migTotal    float64      // their sum
	mode        Mode         // selection mode in force
	electShare  float64      // share of akims this month's events choose anew (applyEvents)
	rounding    Rounding     // unrest.rounding in force
	maxSlots    int          // slots of the largest unit
	schedule    []int        // district indices, largest first: the order goroutines take them in
	ps          *passScratch // the citizens' pass's scratch when districts run in the calling goroutine
	team        *team
	teamCleanup runtime.Cleanup
}

// Locality is a settlement (a village or hamlet) of a unit: a contiguous
// run of citizen slots. A unit's first locality is its centre, the
// largest. (Settlement is also one of the legal types of unit.)
type Locality struct {
	Unit       int
	Start, End int     // citizen slots [Start, End)
	Pop        int     // living citizen agents
	X, Y       float64 // position, km
	Active     float64 // active residents this month before arrests, in agents (the sum of their shares)
	Protest    bool    // a protest event this month
}

// Unit is a rural unit (the place) and its rural akim.
type Unit struct {
	Type                       UnitType
	District                   int
	Start, End                 int     // citizen slots [Start, End)
	FirstLocality, EndLocality int     // settlements [FirstLocality, EndLocality)
	Pop                        int     // living citizen agents
	X, Y                       float64 // position, km
	DistanceKm                 float64 // to the district's seat
	Staff                      int     // office staff by the government staffing resolution
	IncomeMult                 float64 // local income level relative to the national median
	// YoungShare and OldShare are the shares of adults aged 18-34 and
	// 60+ its first citizens are drawn with.
	YoungShare, OldShare float64
	Service              [NumSectors]float64
	Need                 [NumSectors]float64 // current need weights, sum 1
	Plan                 [NumSectors]float64 // the plan's sector priorities, frozen
	PlanPop              float64             // residents the plan assumes (frozen)
	BasePolice           float64             // police officers at the unit's normal level
	Police               float64             // police officers now
	Akim                 Akim

	// State carried from month to month.
	Active, Jailed  float64 // active and jailed residents at the end of the month (after arrests), in agents: the sums of the agents' shares
	Protest         bool    // a protest event in one of its settlements this month
	Quality         float64 // need-weighted service level
	AwareShare      float64 // share of citizens with awareness >= 0.5
	AwareMean       float64 // mean awareness
	TrustMean       float64 // mean trust in the akim
	LegitMean       float64 // mean legitimacy
	ParticipateRate float64 // share taking part last month
	Response        float64 // probability participation is answered
	PartyMean       float64 // mean attachment to the ruling party (at the last vote or generation)
	Capture         float64 // local elite capture (fiscal.go), from its residents' income inequality
	IncomeSigma     float64 // log-scale spread of its residents' incomes (local inequality)
	Scandal         float64 // what exposed rent takes off residents' reading of the akim, decaying

	// The district akim's view of the unit (superior.go).
	Satisfaction float64 // running satisfaction with the akim, [0,1]
	ProtestRate  float64 // running share of months with a protest
	RulingVote   float64 // ruling party's share of the vote at the unit's last popular vote
	Conceded     bool    // emergency money promised for next month
	blamed       bool    // the superior blamed the akim for this month's protest

	// The unit's record for residents' learning from votes (elections.go).
	lastVote voteMemory

	// Money of the current month, KZT.
	Own, Tax, Transfer, Concede, Budget, Leak, Rent, Contractor float64
	Captured                                                    float64 // taken by the local elite
	akimMoney                                                   float64 // money the akim allocates, before rent and contractors
	districtMoney                                               float64 // money the district spends in the unit, before contractors
	controlled                                                  float64 // money the akim allocates, after rent and contractors
	districtSpend                                               float64 // money the district spends in the unit, after contractors
	incomeSum                                                   float64 // income of living citizen agents, KZT/month
	logIncomeMult                                               float64 // ln IncomeMult
	// birthMult and deathMult multiply behavior.birth_rate (births per
	// resident) and behavior.death_rate (deaths per old resident, as the
	// oblast's crude rate over the unit's old share) for this unit.
	birthMult, deathMult float64
	// adjacent are the units around it in its district, [adjStart,
	// adjEnd) of World.adjacent; prevActive and prevPop its active agents
	// and population at the start of the district's month, which they
	// read (spillover).
	adjStart, adjEnd    int
	prevActive, prevPop float64
	// candStart and candEnd delimit its migrants' candidate destinations
	// in World.candidates.
	candStart, candEnd int
	// Counts of the current month.
	// Participants take part; Leavers leave the unit, Arrivals come from
	// other units; Births and Deaths.
	Participants, Leavers, Arrivals, Births, Deaths int
}

// Akim is a rural akim (akims.go): its type, and its plan for the year.
type Akim struct {
	Competence float64 // skill at turning money into services, [0,1]
	Congruent  bool    // public-spirited; otherwise a rent-seeker (Besley 2006)
	Loyalty    float64 // taste for doing the superior's orders, [0,1]
	Origin     Origin  // where the akim came from
	Party      int8    // index in Params.Parties; NoParty if self-nominated
	ChosenBy   Mode    // how the akim was chosen
	Tenure     int     // months in office
	TermEnd    int     // month at whose start the term ends
	Terms      int     // consecutive terms begun, the current one included

	// The plan for the budget year, the akim's choice (planAkim).
	Downward float64 // share of capacity and discretionary money for residents' needs, [0,1]
	TakeRent bool    // whether it takes the year's rent opportunity
	RentOpp  float64 // the year's rent opportunity, a share of the money it controls
	planned  bool    // has planned since taking office
}

// District is a district (audan): its akim's policies, its maslikhat and
// its random stream.
type District struct {
	Name           string
	Oblast         int
	X, Y           float64 // the seat's position, km
	FirstUnit, End int     // units [FirstUnit, End)
	Greed          float64 // the district akim's weight on its own extraction and kickbacks
	Deputies       []Deputy
	NextMaslikhat  int
	RubberStamp    bool
	rng            *rand.Rand
	pcg            *rand.PCG // rng's generator
	index          int       // its index in World.Districts
	// The maslikhat's record this term: whether it ever amended the
	// budget, and the district's service level at its election.
	amended, maslikhatHeld bool
	lastMaslikhatQ         float64
	// This month's pool before extraction, extraction, and the share of
	// contracts given to connected firms.
	pool, extracted, connectedCS float64

	// Results of the current month.
	dismissals, recalls int
	elections           []ElectionRecord
	log                 []LogEvent // protests and dismissals (eventlog.go)

	// movers are the month's leavers of its units, in order, placed after
	// every district has run.
	movers []mover

	// Scratch space, reused from month to month.
	cands    []candidate
	votes    []float64
	nominees []scored
	claims   []float64
	value    []float64
}

// staffFor returns the rural akim office staff for a unit of pop residents:
// the midpoint of the government resolution's bracket plus 6 technical
// staff (seed fact: 3-5 up to 1,500 people ... 18-20 over 40,000, plus 4-8
// technical staff).
func staffFor(pop float64) int {
	switch {
	case pop <= 1500:
		return 4 + 6
	case pop <= 3000:
		return 6 + 6
	case pop <= 5000:
		return 8 + 6 // 7-8
	case pop <= 10000:
		return 9 + 6
	case pop <= 20000:
		return 12 + 6 // 10-15
	case pop <= 40000:
		return 16 + 6 // 15-18
	default:
		return 19 + 6
	}
}

// NewWorld generates a world from p and a trial's seed. The same p and
// seed give the same world.
func NewWorld(p *Params, trialSeed uint64) (*World, error) {
	return newWorld(p, trialSeed, 1)
}

// newWorld is NewWorld drawing citizens on up to workers goroutines; the
// world does not depend on workers. Its units are p.Units, or those
// GenerateUnits draws from a stream of their own; everything else is
// drawn from the world stream in the order of the steps below, so their
// order is part of the model.
func newWorld(p *Params, trialSeed uint64, workers int) (*World, error) {
	if err := p.checkOwn(); err != nil {
		return nil, err
	}
	specs := p.Units
	if len(specs) == 0 {
		specs = GenerateUnits(p, trialSeed)
	}
	r := newStream(trialSeed, streamWorld)
	w := &World{Params: *p, represent: float64(p.World.Represent)}
	w.Params.Events = slices.Clone(p.Events)
	if err := w.derive(); err != nil {
		return nil, err
	}
	w.Month = -p.World.BurnInMonths

	drafts := w.groupUnits(specs)
	w.newDistricts(r)
	w.locateUnits(drafts, r)
	draftLocalities(drafts, &p.World, r)
	w.Citizens = newCitizens(w.placeUnits(drafts, r))
	for i := range drafts {
		w.initUnit(i, &drafts[i], r)
	}
	w.neighbourUnits()
	w.migrationCandidates()
	w.migPCG = newPCG(trialSeed, streamMigration)
	w.migRng = rand.New(w.migPCG)
	w.migCum = make([]float64, 0, migrationCandidates)
	for d := range w.Districts {
		w.initDistrict(d, trialSeed, r)
	}
	w.initDistrictCitizens(trialSeed, workers)
	for i := range w.Units {
		u := &w.Units[i]
		w.summariseUnit(u)
		u.Capture = w.localCapture(u)
	}
	for di := range w.Districts {
		d := &w.Districts[di]
		w.chooseEffort(d)
		for ui := d.FirstUnit; ui < d.End; ui++ {
			u := &w.Units[ui]
			u.Satisfaction = d.expectedSatisfaction(w, u, &u.Akim, u.Akim.Competence)
		}
	}
	w.ps = newPassScratch(w.maxSlots)
	w.schedule = make([]int, len(w.Districts))
	for d := range w.schedule {
		w.schedule[d] = d
	}
	slots := func(d int) int { return w.Units[w.Districts[d].End-1].End - w.Units[w.Districts[d].FirstUnit].Start }
	slices.SortStableFunc(w.schedule, func(a, b int) int { return slots(b) - slots(a) })
	return w, nil
}

// draft is a unit before the world is built: its spec, district, size in
// residents, settlements, position and first agents.
type draft struct {
	spec     *UnitSpec
	typ      UnitType
	district int
	size     float64
	places   int     // settlements
	x, y     float64 // position, km
	agents   int     // citizen agents at the start
}

// draftUnits draws every unit's type and size (lognormal around its
// type's median) and assigns units to nd districts: the first units
// drafted (the towns, usually district seats) go to distinct districts,
// so every district gets a unit while units last; the rest are spread at
// random.
func draftUnits(wp *WorldParams, nd int, r *rand.Rand) []draft {
	counts := [4]int{wp.Towns, wp.RuralDistricts, wp.Villages, wp.Settlements}
	medians := [4]float64{wp.TownMedian, wp.RuralDistrictMedian, wp.VillageMedian, wp.SettlementMedian}
	var drafts []draft
	for t, n := range counts {
		for i := 0; i < n; i++ {
			d := draft{typ: UnitType(t), size: medians[t] * math.Exp(wp.PopulationSigma*r.NormFloat64())}
			drafts = append(drafts, d)
		}
	}
	order := r.Perm(nd)
	for i := range drafts {
		if i < nd {
			drafts[i].district = order[i]
		} else {
			drafts[i].district = r.IntN(nd)
		}
	}
	return drafts
}

// Oblast is an oblast of the world: its profile (OblastTable's, or the
// national values for an oblast the table does not have) and its rates
// relative to the national parameters.
type Oblast struct {
	OblastProfile
	rates oblastRates
}

// groupUnits makes the world's oblasts and districts from the specs, each
// in the order of its first appearance, and returns the specs as drafts
// sorted by district (stably).
func (w *World) groupUnits(specs []UnitSpec) []draft {
	wp := &w.Params.World
	table := OblastTable(wp)
	oblasts := map[string]int{}
	districts := map[[2]string]int{}
	var profiles []OblastProfile
	drafts := make([]draft, len(specs))
	for i := range specs {
		sp := &specs[i]
		o, ok := oblasts[sp.Oblast]
		if !ok {
			o = len(profiles)
			oblasts[sp.Oblast] = o
			prof := uniformOblast(wp)
			if wp.OblastTable == "kazakhstan" {
				if j := slices.IndexFunc(table, func(x OblastProfile) bool { return x.Name == sp.Oblast }); j >= 0 {
					prof = table[j]
				}
			}
			prof.Name = sp.Oblast
			profiles = append(profiles, prof)
		}
		key := [2]string{sp.Oblast, sp.District}
		d, ok := districts[key]
		if !ok {
			d = len(w.Districts)
			districts[key] = d
			w.Districts = append(w.Districts, District{Name: sp.District, Oblast: o})
		}
		drafts[i] = draft{spec: sp, typ: sp.Type, district: d, size: float64(sp.Population), places: sp.Localities, x: sp.X, y: sp.Y}
	}
	rates := relativeRates(profiles)
	w.Oblasts = make([]Oblast, len(profiles))
	for o := range profiles {
		w.Oblasts[o] = Oblast{OblastProfile: profiles[o], rates: rates[o]}
	}
	slices.SortStableFunc(drafts, func(a, b draft) int { return a.district - b.district })
	return drafts
}

// newDistricts draws each district akim's greed (superior.greed times a
// draw uniform on [0.5, 1.5]).
func (w *World) newDistricts(r *rand.Rand) {
	for d := range w.Districts {
		dist := &w.Districts[d]
		dist.FirstUnit = -1
		dist.index = d
		dist.Greed = w.Params.Superior.Greed * (0.5 + r.Float64())
	}
}

// initUnit builds unit i from its draft: its district, staff, income
// level, age structure and demography, plan and needs, services, police
// and first akim. Its place in the citizen store and its position are
// set already (placeUnits, locateUnits); its citizens are drawn later,
// district by district (initDistrictCitizens).
func (w *World) initUnit(i int, d *draft, r *rand.Rand) {
	p := &w.Params
	wp := &p.World
	u := &w.Units[i]
	u.Type = d.typ
	u.District = d.district
	dist := &w.Districts[d.district]
	if dist.FirstUnit < 0 {
		dist.FirstUnit = i
	}
	dist.End = i + 1
	ob := &w.Oblasts[dist.Oblast]
	u.Staff = staffFor(d.size)
	u.IncomeMult = d.spec.Income
	if math.IsNaN(u.IncomeMult) {
		u.IncomeMult = incomeIndex(ob.rates.income, u.DistanceKm, u.Type, wp, r)
	}
	u.YoungShare, u.OldShare = orNaN(d.spec.Young, ob.Young), orNaN(d.spec.Old, ob.Old)
	u.birthMult = ob.rates.births
	// Deaths are of the old: their mortality gives the oblast's crude
	// death rate at the unit's first age structure.
	u.deathMult = ob.rates.deaths / max(u.OldShare, 0.05)
	// Needs drawn at plan time, then drifted to today (plans do not adapt).
	base := [NumSectors]float64{0.3, 0.25, 0.25, 0.2}
	for s := range u.Plan {
		u.Plan[s] = base[s] * math.Exp(0.3*r.NormFloat64())
	}
	normalise(&u.Plan)
	u.Need = u.Plan
	for m := 0; m < 12*p.Fiscal.PlanAgeYears; m++ {
		driftNeeds(&u.Need, p.Behavior.NeedDrift, r)
	}
	// The plan was drawn for the population of plan_age_years ago: the
	// growth since is the oblast's natural increase less 1% a year of
	// out-migration (assumption), with noise.
	growth := 12*(p.Behavior.BirthRate*u.birthMult-p.Behavior.DeathRate*ob.rates.deaths) - 0.01 + 0.015*r.NormFloat64()
	u.PlanPop = d.size * math.Exp(-growth*float64(p.Fiscal.PlanAgeYears))
	for s := range u.Service {
		sv := 0.35 + 0.3*r.Float64()
		if d.typ == Town {
			sv += 0.1
		}
		sv -= 0.05 * remoteness(u.DistanceKm, wp.MedianDistanceKm)
		u.Service[s] = clamp01(sv)
	}
	u.BasePolice = p.Unrest.PolicePer1000 * d.size / 1000
	u.Police = u.BasePolice
	u.Akim = newAkim(p, w.mode, randomOrigin(w.mode, r), r)
	u.Akim.TermEnd = w.Month + 1 + r.IntN(p.Institutions.TermMonths)
	u.Akim.Tenure = r.IntN(p.Institutions.TermMonths)
	u.Akim.Terms = 1
	u.IncomeSigma = wp.IncomeSigma * math.Exp(0.25*r.NormFloat64())
	u.RulingVote = 0.7
	u.logIncomeMult = math.Log(u.IncomeMult)
	u.Pop = d.agents
}

// orNaN returns x, or def when x is NaN (unknown).
func orNaN(x, def float64) float64 {
	if math.IsNaN(x) {
		return def
	}
	return x
}

// initDistrict gives district d its random stream, election buffers,
// first maslikhat and maslikhat calendar.
func (w *World) initDistrict(d int, trialSeed uint64, r *rand.Rand) {
	ip := &w.Params.Institutions
	dist := &w.Districts[d]
	dist.pcg = newPCG(trialSeed, streamDistrict+d)
	dist.rng = rand.New(dist.pcg)
	// Room for a month of elections and for a ballot, so that months
	// rarely allocate even while the buffers are young.
	dist.elections = make([]ElectionRecord, 0, dist.End-dist.FirstUnit+2)
	// Room for a month's leavers at twice their usual rate, so that
	// months rarely allocate.
	dist.movers = make([]mover, 0, 16+(w.Units[dist.End-1].End-w.Units[dist.FirstUnit].Start)/200)
	dist.cands = make([]candidate, 0, 8)
	dist.Deputies = make([]Deputy, ip.MaslikhatSeats)
	for s := range dist.Deputies {
		dist.Deputies[s] = initialDeputy(&w.Params, ip.MaslikhatSingleMandate, r)
	}
	dist.NextMaslikhat = ip.MaslikhatFirstElection
	if dist.NextMaslikhat == 0 {
		dist.NextMaslikhat = ip.MaslikhatTermMonths + 1
	}
	// An earlier election of the same cycle that falls in the burn-in
	// (months w.Month+1 .. 0) is held there first.
	for e := dist.NextMaslikhat - ip.MaslikhatTermMonths; e > w.Month && e <= 0; e -= ip.MaslikhatTermMonths {
		dist.NextMaslikhat -= ip.MaslikhatTermMonths
	}
}

// initDistrictCitizens draws every unit's first citizens and its
// network's rewired ties, each district's from its own generation streams
// (streamCitizens+d and streamNetwork+d), so that districts can be drawn
// on several goroutines (up to workers) with the same world.
func (w *World) initDistrictCitizens(trialSeed uint64, workers int) {
	wp := &w.Params.World
	nw := &w.Network
	nw.degree = wp.NetworkDegree
	var links [][]int32
	if nw.degree > 0 {
		nw.mask = make([]uint8, w.Citizens.Len())
		nw.blockOff = make([]uint32, len(w.Citizens.Blocks))
		links = make([][]int32, len(w.Districts))
	}
	var next atomic.Int64
	draw := func() {
		var st *strata // nil: independent draws
		if wp.Composition == "stratified" {
			st = new(strata)
		}
		for {
			d := int(next.Add(1)) - 1
			if d >= len(w.Districts) {
				return
			}
			g := newStreamPCG(trialSeed, streamCitizens+d)
			r := rand.New(&g) // the same stream, for independent draws
			for ui := w.Districts[d].FirstUnit; ui < w.Districts[d].End; ui++ {
				w.initCitizens(&w.Units[ui], r, &g, st)
			}
			if nw.degree == 0 {
				continue
			}
			g = newStreamPCG(trialSeed, streamNetwork+d)
			for ui := w.Districts[d].FirstUnit; ui < w.Districts[d].End; ui++ {
				links[d] = nw.rewire(w, &w.Units[ui], wp.NetworkRewiring, &g, links[d])
			}
		}
	}
	workers = min(workers, len(w.Districts))
	if workers <= 1 {
		draw()
	} else {
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				draw()
			}()
		}
		wg.Wait()
	}
	if nw.degree > 0 {
		nw.links = slices.Concat(links...)
		nw.index()
	}
}

// initCitizens fills Pop of the slots of each settlement of u with new
// citizens, their traits drawn independently or, with st, dealt from the
// settlement's strata (world.composition). The citizens are spread
// evenly over the settlement's slots (citizenSlot), so its vacant houses,
// the room for births and arrivals, lie between them, not all at its end.
// r and g draw from one stream: r the independent draws, g the strata's.
func (w *World) initCitizens(u *Unit, r *rand.Rand, g *pcg, st *strata) {
	for si := u.FirstLocality; si < u.EndLocality; si++ {
		s := &w.Localities[si]
		if st == nil {
			for k := range s.Pop {
				w.newCitizen(u, s.citizenSlot(k), r, false)
			}
			continue
		}
		st.deal(s.Pop, g)
		for k := range s.Pop {
			w.setCitizen(u, s.citizenSlot(k), &st.draws[k], false)
		}
	}
}

// citizenSlot returns the slot of the settlement's first citizen number
// k (0 <= k < Pop at world creation): Pop citizens spread evenly over its
// slots. With the vacant slots in one run at the end of the ring, the
// newborns and arrivals that fill them were one another's neighbours, a
// ring of their own whose length in agents grows with the agents a
// settlement holds, and so with world.represent; spread, they settle
// among the first residents at any scale (docs/ODD.md 2.4).
func (s *Locality) citizenSlot(k int) int {
	return s.Start + k*(s.End-s.Start)/s.Pop
}

// newCitizen draws citizen i of unit u with independent draws from r: a
// birth, or a first citizen under world.composition = "independent".
func (w *World) newCitizen(u *Unit, i int, r *rand.Rand, newborn bool) {
	var v traitDraws
	drawTraits(&v, r)
	w.setCitizen(u, i, &v, newborn)
}

// setCitizen makes citizen i of unit u from its trait draws v, of the
// unit's age structure. A newborn enters as a young adult (cohort
// replacement).
func (w *World) setCitizen(u *Unit, i int, v *traitDraws, newborn bool) {
	wp := &w.Params.World
	c := &w.Citizens
	h, l := c.at(i)
	h.State[l] = Living
	// The age band and the education level by their uniform draws, from
	// 0/1 flags, not branches, which random draws mispredict: Young (0)
	// if young, else Old (2) if old, else Middle (1); Higher (2) if
	// higher, else Vocational (1) if vocational, else NoEducation (0).
	x := v[traitAge]
	young, old := oneIf(newborn || x < u.YoungShare), oneIf(x < u.YoungShare+u.OldShare)
	h.Age[l] = (Middle + old) * (1 - young)
	x = v[traitEdu]
	higher, voc := oneIf(x < wp.HigherEducationShare), oneIf(x < wp.HigherEducationShare+wp.VocationalShare)
	c.Edu[i] = voc + higher*(Higher-voc)
	// Income is lognormal around the unit's level; the unit's own spread
	// (its local inequality) does not change its mean income: the median
	// falls as the spread rises (exp(z - sigma^2/2) has mean 1).
	z := u.IncomeSigma*v[traitIncome] - u.IncomeSigma*u.IncomeSigma/2
	c.Income[i] = float32(wp.MedianIncome * u.IncomeMult * eduIncome[c.Edu[i]] * math.Exp(z))
	// hardshipFromIncome(Income, median), with ln(income/median) from its
	// parts instead of a logarithm.
	h.IncomeHard[l] = float32(hardshipFromLogIncome(u.logIncomeMult+logEduIncome[c.Edu[i]]+z, wp.MedianIncome))
	civic := clamp01(0.5 + 0.1*float64(int(c.Edu[i])-1) + 0.2*v[traitCivic])
	h.Civic[l] = float32(civic)
	h.Awareness[l] = float32(clamp01(w.baseAwareness(civic) + 0.1*v[traitAwareness]))
	h.Efficacy[l] = float32(clamp01(0.4 + 0.15*v[traitEfficacy]))
	h.Trust[l] = float32(clamp01(0.5 + 0.1*v[traitTrust]))
	h.TrustDist[l] = float32(clamp01(0.5 + 0.1*v[traitTrustDist]))
	h.Party[l] = float32(clamp01(0.5 + 0.2*v[traitParty]))
	h.Frustr[l] = 0
	h.ActiveFrac[l], h.JailFrac[l], h.NbrVoted[l] = 0, 0, 0
	h.Flags[l], h.Voted[l] = 0, 0
	if !newborn {
		h.Voted[l] = votedShare(initialVoted)
	}
	h.Legit[l] = 0.5
}

// oneIf returns 1 if b, else 0 (without a branch: the compiler sets it
// from the condition's flags).
func oneIf(b bool) uint8 {
	var x uint8
	if b {
		x = 1
	}
	return x
}

// eduIncome is the income multiplier of each education level, and
// logEduIncome its logarithm.
var (
	eduIncome    = [3]float64{NoEducation: 0.85, Vocational: 1.05, Higher: 1.35}
	logEduIncome = [3]float64{math.Log(eduIncome[0]), math.Log(eduIncome[1]), math.Log(eduIncome[2])}
)

// initialVoted is the share of each agent's residents who voted at the
// last election before the run (assumption, near observed turnout), so
// that voting habit starts near its steady state.
const initialVoted = 0.7

// baseAwareness is the awareness a citizen of the given civic-mindedness
// returns to without campaigns or participation.
func (w *World) baseAwareness(civic float64) float64 {
	return baseAwareness(w.Params.Participation.InitialAwareness, civic)
}

// baseAwareness is World.baseAwareness given the initial awareness
// parameter.
func baseAwareness(initial, civic float64) float64 {
	return clamp01(initial + 1.2*(civic-0.5))
}

func normalise(v *[NumSectors]float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	if s <= 0 {
		for i := range v {
			v[i] = 1.0 / NumSectors
		}
		return
	}
	for i := range v {
		v[i] /= s
	}
}

// driftNeeds moves need weights one month along a multiplicative random walk.
func driftNeeds(v *[NumSectors]float64, step float64, r *rand.Rand) {
	if step == 0 {
		return
	}
	for i := range v {
		v[i] *= math.Exp(step * r.NormFloat64())
	}
	normalise(v)
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// derive sets what the world keeps from its parameters' words: the
// selection mode and the rounding of C/A in force.
func (w *World) derive() error {
	var err error
	if w.mode, err = modeOf(w.Params.Institutions.Selection); err != nil {
		return err
	}
	w.rounding, err = RoundingOf(w.Params.Unrest.Rounding)
	return err
}

// modeOf returns the selection mode named by a scenario word:
// "appointed", "indirect" or "direct".
func modeOf(s string) (Mode, error) {
	if i := slices.Index(modeNames[:], s); i >= 0 {
		return Mode(i), nil
	}
	return 0, fmt.Errorf("sim: %q is no selection mode; want one of %s", s, strings.Join(modeNames[:], ", "))
}

func logf(x float64) float64 { return math.Log(x) }
