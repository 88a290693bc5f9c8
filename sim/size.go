package sim

import "math"

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
