package sim

import (
	"math"
	"runtime"
	"unsafe"
)

// WorldSize is an upper bound on the size of a world generated from some
// parameters, known before generating it: what a service that accepts
// scenarios from others checks against its limits.
type WorldSize struct {
	Districts int // districts laid out (those that get no unit are dropped)
	Units     int // rural units of all four types
	// Slots bounds the citizen slots allocated (living citizens plus each
	// unit's spare capacity), whatever the random unit sizes come out as.
	Slots int
}

// SizeOf returns the bound on the world p generates. Generated unit sizes
// are scaled to world.population within [min, max]_unit_population, so
// the residents number at most max(population, units ×
// min_unit_population); a units file gives them. Each unit's agent count
// rounds up by less than one and is at least one; its room for growth
// (World.slack) adds spare slots, each of its settlements rounds that up
// by less than one, and the bound leaves each unit 16 slots more for the
// layout's alignment.
func SizeOf(p *Params) WorldSize {
	wp := &p.World
	units := wp.Towns + wp.RuralDistricts + wp.Villages + wp.Settlements
	residents := math.Max(float64(wp.Population), float64(units)*float64(wp.MinUnitPopulation))
	localities := float64(units) * (wp.LocalitiesPerUnit + 1)
	districts := 0
	table := OblastTable(wp)
	for _, o := range table {
		districts += o.Districts
	}
	if len(p.Units) > 0 {
		units, residents, localities = len(p.Units), 0, 0
		seen := map[[2]string]bool{}
		for i := range p.Units {
			sp := &p.Units[i]
			residents += float64(sp.Population)
			localities += float64(max(sp.Localities, 0)) + wp.LocalitiesPerUnit + 1
			seen[[2]string{sp.Oblast, sp.District}] = true
		}
		districts = len(seen)
	}
	agents := residents/float64(max(1, wp.Represent)) + 2*float64(units)
	growth := 0.0
	b := &p.Behavior
	for _, r := range append(relativeRates(table), oblastRates{births: 1, deaths: 1}) {
		growth = math.Max(growth, 12*(b.BirthRate*r.births-b.DeathRate*r.deaths))
	}
	slack := wp.CapacitySlack + growthRoomYears*growth
	slots := agents*(1+slack) + localities + 17*float64(units)
	return WorldSize{
		Districts: districts,
		Units:     units,
		Slots:     int(math.Min(math.Ceil(slots), math.MaxInt32)),
	}
}

// The bytes behind the estimates below, from the types they count.
const (
	// slotBytes is a citizen slot: its share of a CitizenBlock, its Edu
	// and Income (newCitizens), its network mask and share of the block
	// offsets, and room for every one of its ring positions rewired (an
	// int32 target each; network.go), at most maxDegreeBytes.
	slotBytes = int64(unsafe.Sizeof(CitizenBlock{})/BlockLen) + 1 + 4 + 1 + 1 + maxDegreeBytes
	// maxDegreeBytes bounds the rewired links a slot stores (degree ×
	// rewiring × 4 bytes, about 2.4 at the defaults) and its share of the
	// citizens' pass's scratch (a snapshot of the largest unit's slots),
	// with room to spare (TestBytesBoundTheWorld).
	maxDegreeBytes = 12
	// unitBytes is a unit, its draft, its settlements, its neighbours
	// and migration candidates, and its share of its district's election
	// records (initDistrict reserves one a unit).
	unitBytes = int64(unsafe.Sizeof(Unit{})+unsafe.Sizeof(draft{})+unsafe.Sizeof(ElectionRecord{})) +
		4*int64(unsafe.Sizeof(Locality{})) + 64*int64(unsafe.Sizeof(neighbour{}))
	// districtBytes is a district with its random stream, deputies,
	// candidates and the vector pass's scratch: 2 KiB is above what
	// they take (TestBytesBoundTheWorld).
	districtBytes = int64(unsafe.Sizeof(District{})) + 2<<10
	// worldBytes is what a world holds whatever its size: its own fields,
	// parameters and streams.
	worldBytes = 64 << 10
	// electionBytes is an election recorded twice while a trial runs:
	// in the trial's list of every election and in its result, with two
	// entries of the event log (eventlog.go): its own, and room for a
	// protest or dismissal beside it.
	electionBytes = 2*int64(unsafe.Sizeof(ElectionRecord{})) + 2*int64(unsafe.Sizeof(LogEvent{}))
	// classicCellBytes bounds a classic grid's cell with the agent on
	// it and its bits (NewClassicWorld); its vision neighbourhoods are
	// counted apart (classicVisionBytes).
	classicCellBytes = 64
	// classicStepBytes is a step of a classic trial's result.
	classicStepBytes = int64(unsafe.Sizeof([]float64(nil))) + 8*NumClassicMetrics
)

// Bytes returns about how many bytes a world of size s holds: its
// citizen slots, units and districts. It is an estimate for refusing a
// run that cannot fit in memory before it starts, not an exact count.
func (s WorldSize) Bytes() int64 {
	return worldBytes + int64(s.Slots)*slotBytes + int64(s.Units)*unitBytes + int64(s.Districts)*districtBytes
}

// RunBytes returns about how many bytes Run holds at once for trials
// trials of months months of p on workers goroutines (0 meaning
// GOMAXPROCS), beside what its caller keeps: a world and its elections
// for each trial running, and the results RunFunc holds until their
// turn comes (two a worker at most). The world's size is SizeOf(p); see
// WorldSize.RunBytes.
func RunBytes(p *Params, months, trials, workers int) int64 {
	return SizeOf(p).RunBytes(p, months, trials, workers)
}

// RunBytes is the package's RunBytes for worlds of size s, whatever p's
// world says: p gives the terms of office and the burn-in, which set how
// many elections a trial records. A unit is counted an election every
// institutions.term_months, plus one a year for the early ones
// (dismissals, recalls), and a district one every maslikhat term; events
// that shorten terms are not counted.
func (s WorldSize) RunBytes(p *Params, months, trials, workers int) int64 {
	running, waiting := inFlight(trials, workers)
	elections := s.elections(p, months) * electionBytes
	result := int64(months)*int64(unsafe.Sizeof(Record{})) + elections/2
	return int64(running)*(s.Bytes()+elections) + int64(waiting)*result
}

// elections bounds the elections a trial of months months of p records
// in worlds of size s, burn-in included, as RunBytes counts them.
func (s WorldSize) elections(p *Params, months int) int64 {
	ip := &p.Institutions
	perMonth := float64(s.Units)*(1/float64(max(1, ip.TermMonths))+1.0/12) +
		float64(s.Districts)/float64(max(1, ip.MaslikhatTermMonths))
	return int64(math.Ceil(perMonth * float64(months+p.World.BurnInMonths)))
}

// ClassicRunBytes is RunBytes for the classic model (RunClassic): steps
// steps of p.Classic's grid.
func ClassicRunBytes(p *Params, steps, trials, workers int) int64 {
	running, waiting := inFlight(trials, workers)
	world := int64(p.Classic.Width)*int64(p.Classic.Height)*classicCellBytes + classicVisionBytes(&p.Classic)
	result := int64(steps) * classicStepBytes
	return int64(running)*(world+result) + int64(waiting)*result
}

// classicVisionBytes bounds the memory of the citizens' and the cops'
// vision neighbourhoods on c's grid (bitNeighbourBytes), which grows
// with the grid's width and the visions' radii; events that widen vision
// later are not counted.
func classicVisionBytes(c *ClassicParams) int64 {
	if c.Width < 1 || c.Height < 1 {
		return 0
	}
	n := int64(0)
	for _, r := range []int{c.CitizenVision, c.CopVision} {
		n += bitNeighbourBytes(neighbourhood(c.Neighbourhood, r, c.Width, c.Height), int32(c.Width))
	}
	return n
}

// inFlight returns how many of trials trials RunFunc runs at once on
// workers goroutines (0 meaning GOMAXPROCS), and how many results it
// may hold waiting for their turn: its window, two a worker.
func inFlight(trials, workers int) (running, waiting int) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return min(workers, trials), min(2*workers, trials)
}
