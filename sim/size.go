package sim

import "math"

// WorldSize is an upper bound on the size of a world generated from some
// parameters, known before generating it: what a service that accepts
// scenarios from others checks against its limits.
type WorldSize struct {
	Districts int // oblasts × districts per oblast
	Units     int // rural units of all four types
	// Slots bounds the citizen slots allocated (living citizens plus each
	// unit's spare capacity), whatever the random unit sizes come out as.
	Slots int
}

// SizeOf returns the bound on the world p generates. Unit sizes are
// scaled to world.population within [min, max]_unit_population, so the
// residents number at most max(population, units × min_unit_population);
// each unit's agent count rounds up by less than one and is at least one,
// world.capacity_slack adds spare slots (see newWorld), each of a unit's
// localities rounds its slack up by less than one, and the bound leaves
// each unit 16 slots more for the layout's alignment.
func SizeOf(p *Params) WorldSize {
	wp := &p.World
	units := wp.Towns + wp.RuralDistricts + wp.Villages + wp.Settlements
	residents := math.Max(float64(wp.Population), float64(units)*float64(wp.MinUnitPopulation))
	agents := residents/float64(max(1, wp.Represent)) + 2*float64(units)
	localities := float64(units) * (wp.LocalitiesPerUnit + 1)
	slots := agents*(1+wp.CapacitySlack) + localities + 17*float64(units)
	return WorldSize{
		Districts: wp.Oblasts * wp.DistrictsPerOblast,
		Units:     units,
		Slots:     int(math.Min(math.Ceil(slots), math.MaxInt32)),
	}
}
