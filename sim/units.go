package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// A world from data. Params.Units, when not empty, lists the rural units
// a world is built from, one UnitSpec each (a row of a units file, which
// the scenarios package reads); otherwise GenerateUnits draws them. Either
// way the rest of the world (settlements, districts' policies, plans,
// services, akims, citizens, network) is drawn from other streams, so a
// world built from the specs GenerateUnits returned is the generated world
// itself.

// UnitSpec describes one rural unit. Optional values are NaN (or, for
// Localities, 0) when unknown, and are then drawn as the generator draws
// them.
type UnitSpec struct {
	Oblast     string   // the oblast's name; a profile of world.oblast_table when it has one
	District   string   // the district's name, unique within the oblast
	Name       string   // the unit's name
	Type       UnitType // town, rural district, village or settlement
	Population int      // residents
	X, Y       float64  // position, km (optional)
	Income     float64  // income level relative to the national median (optional)
	Localities int      // settlements (optional: 0)
	Young, Old float64  // shares of adults aged 18-34 and 60+ (optional)
}

// UnitTypeOf returns the unit type named s ("town", "rural_district",
// "village" or "settlement").
func UnitTypeOf(s string) (UnitType, bool) {
	i := slices.Index(unitTypeNames[:], s)
	return UnitType(max(i, 0)), i >= 0
}

// UnitTypeNames lists the names of the unit types.
func UnitTypeNames() []string { return slices.Clone(unitTypeNames[:]) }

// CheckUnit reports what is wrong with spec in a world of p, naming the
// field ("population", "young_share", ...) and saying what it must be.
func CheckUnit(spec *UnitSpec, p *Params) (field, msg string) {
	nan := math.IsNaN
	switch {
	case spec.Oblast == "":
		return "oblast", "is empty"
	case p.World.OblastTable == "kazakhstan" && slices.IndexFunc(kazakhstanOblasts, func(o OblastProfile) bool { return o.Name == spec.Oblast }) < 0:
		return "oblast", fmt.Sprintf("%q is not an oblast of world.oblast_table = \"kazakhstan\"", spec.Oblast)
	case spec.District == "":
		return "district", "is empty"
	case spec.Population < 1 || spec.Population > 100_000_000:
		return "population", fmt.Sprintf("%d is out of range [1, 100000000]", spec.Population)
	case nan(spec.X) != nan(spec.Y):
		return "x_km", "x_km and y_km are given together or not at all"
	case math.IsInf(spec.X, 0) || math.IsInf(spec.Y, 0) || math.Abs(spec.X) > 1e6 || math.Abs(spec.Y) > 1e6:
		return "x_km", "coordinates must lie within 1,000,000 km"
	case !nan(spec.Income) && !(spec.Income > 0 && spec.Income <= 100):
		return "income_index", fmt.Sprintf("%v is out of range (0, 100]", spec.Income)
	case spec.Localities < 0 || spec.Localities > 10000:
		return "settlements", fmt.Sprintf("%d is out of range [0, 10000]", spec.Localities)
	case !nan(spec.Young) && !(spec.Young >= 0 && spec.Young <= 1):
		return "young_share", fmt.Sprintf("%v is out of range [0, 1]", spec.Young)
	case !nan(spec.Old) && !(spec.Old >= 0 && spec.Old <= 1):
		return "old_share", fmt.Sprintf("%v is out of range [0, 1]", spec.Old)
	case !nan(spec.Young) && !nan(spec.Old) && spec.Young+spec.Old > 1:
		return "old_share", fmt.Sprintf("young_share + old_share = %v is more than 1", spec.Young+spec.Old)
	}
	return "", ""
}

// errNoUnits is returned for a world of no units.
var errNoUnits = errors.New("sim: a world needs at least one unit")

// CheckUnits checks every spec of a world of p, and the world as a whole.
func CheckUnits(specs []UnitSpec, p *Params) error {
	if len(specs) == 0 {
		return errNoUnits
	}
	for i := range specs {
		if field, msg := CheckUnit(&specs[i], p); field != "" {
			return fmt.Errorf("sim: unit %d (%s): %s %s", i+1, specs[i].Name, field, msg)
		}
	}
	return nil
}

// GenerateUnits draws the synthetic world's units for p and a trial seed,
// from the trial's stream of its own (streamUnits), in this order:
//
//  1. district centres, uniform in the disc of each oblast's area around
//     its centroid (OblastTable), and district areas;
//  2. each type's units (world.towns ...), of size median_t x
//     exp(population_sigma N);
//  3. districts: the first units drafted (the towns, usually district
//     seats) to distinct districts, the rest uniformly;
//  4. sizes scaled, eight times over and clipped to the unit size range,
//     so that each oblast holds its share of world.population;
//  5. positions around the district centre, at a distance uniform up to
//     the district's radius (the radius of a disc of its area, a
//     lognormal share of the oblast's; a fifth of it for towns), the
//     district's largest unit, its seat, at the centre;
//  6. income: the oblast's level x exp(-0.1 remoteness + 0.1 N), x 1.2 for
//     towns;
//  7. settlements (draftLocalities).
//
// The units come sorted by district. With the same p and seed it returns
// the same units.
func GenerateUnits(p *Params, trialSeed uint64) []UnitSpec {
	wp := &p.World
	r := newStream(trialSeed, streamUnits)
	profiles := OblastTable(wp)
	rates := relativeRates(profiles)
	var dists []genDistrict
	for o := range profiles {
		ob := &profiles[o]
		rad := oblastRadius(ob, wp)
		first, sum := len(dists), 0.0
		for k := range ob.Districts {
			x, y := polar(rad*math.Sqrt(r.Float64()), r)
			g := genDistrict{oblast: o, name: ob.Name + " district " + strconv.Itoa(k+1), x: ob.X + x, y: ob.Y + y,
				radius: math.Exp(districtAreaSigma * r.NormFloat64())}
			sum += g.radius
			dists = append(dists, g)
		}
		// Districts differ in area (lognormal shares of the oblast's).
		for d := first; d < len(dists); d++ {
			dists[d].radius = districtRadius(ob, wp) * math.Sqrt(dists[d].radius*float64(ob.Districts)/sum)
		}
	}
	drafts := draftUnits(wp, len(dists), r)
	scaleToOblasts(drafts, dists, profiles, wp)
	slices.SortStableFunc(drafts, func(a, b draft) int { return a.district - b.district })
	specs := make([]UnitSpec, len(drafts))
	xs, ys := make([]float64, len(drafts)), make([]float64, len(drafts))
	for i := range drafts {
		d := &drafts[i]
		g := &dists[d.district]
		ob := &profiles[g.oblast]
		reach := g.radius * r.Float64()
		if d.typ == Town {
			reach *= 0.2
		}
		dx, dy := polar(reach, r)
		xs[i], ys[i] = g.x+dx, g.y+dy
		specs[i] = UnitSpec{Oblast: ob.Name, District: g.name, Name: "unit " + strconv.Itoa(i+1), Type: d.typ,
			Population: max(1, int(math.Round(d.size))), Young: ob.Young, Old: ob.Old}
	}
	seatsAtCentres(specs, drafts, dists, xs, ys)
	for i := range specs {
		g := &dists[drafts[i].district]
		dist := math.Hypot(xs[i]-g.x, ys[i]-g.y)
		specs[i].X, specs[i].Y = xs[i], ys[i]
		specs[i].Income = incomeIndex(rates[g.oblast].income, dist, specs[i].Type, wp, r)
	}
	draftLocalities(drafts, wp, r)
	for i := range specs {
		specs[i].Localities = drafts[i].places
	}
	return specs
}

// genDistrict is a district of the generator: its oblast, name, centre
// and radius.
type genDistrict struct {
	oblast       int
	name         string
	x, y, radius float64
}

// districtAreaSigma is the log-scale spread of district areas within an
// oblast (assumption: Kazakh districts range from a few thousand to over
// 100,000 km², so that the farthest units lie 200-300 km from their
// district's seat).
const districtAreaSigma = 1.0

// polar returns the offset at distance rho in a direction drawn uniformly.
func polar(rho float64, r *rand.Rand) (x, y float64) {
	theta := 2 * math.Pi * r.Float64()
	return rho * math.Cos(theta), rho * math.Sin(theta)
}

// incomeIndex is a unit's income level: the oblast's (relative), falling
// with remoteness, with noise, and higher in towns (assumption).
func incomeIndex(oblast, distKm float64, t UnitType, wp *WorldParams, r *rand.Rand) float64 {
	x := oblast * math.Exp(-0.1*remoteness(distKm, wp.MedianDistanceKm)+0.1*r.NormFloat64())
	if t == Town {
		x *= 1.2
	}
	return x
}

// seatsAtCentres moves each district's largest unit (the first on ties),
// its seat, to the district centre.
func seatsAtCentres(specs []UnitSpec, drafts []draft, dists []genDistrict, xs, ys []float64) {
	for _, i := range districtSeats(specs) {
		g := &dists[drafts[i].district]
		xs[i], ys[i] = g.x, g.y
	}
}

// districtSeats returns, for each run of units of one district in specs
// (sorted by district), the index of its largest unit, the first on ties.
func districtSeats(specs []UnitSpec) []int {
	var seats []int
	for i := range specs {
		if i == 0 || specs[i].District != specs[i-1].District || specs[i].Oblast != specs[i-1].Oblast {
			seats = append(seats, i)
		} else if s := seats[len(seats)-1]; specs[i].Population > specs[s].Population {
			seats[len(seats)-1] = i
		}
	}
	return seats
}

// scaleToOblasts scales the drafts' sizes so that each oblast that has
// units holds its share of world.population (shares renormalised over
// those oblasts), clipped to the unit size range; eight rounds of
// scaling and clipping bring the totals close.
func scaleToOblasts(drafts []draft, dists []genDistrict, profiles []OblastProfile, wp *WorldParams) {
	lo, hi := float64(wp.MinUnitPopulation), float64(max(wp.MaxUnitPopulation, wp.MinUnitPopulation))
	has := make([]bool, len(profiles))
	for _, d := range drafts {
		has[dists[d.district].oblast] = true
	}
	shareSum := 0.0
	for o, ob := range profiles {
		if has[o] {
			shareSum += ob.Rural
		}
	}
	total := make([]float64, len(profiles))
	for range 8 {
		clear(total)
		for _, d := range drafts {
			total[dists[d.district].oblast] += d.size
		}
		for i := range drafts {
			o := dists[drafts[i].district].oblast
			f := float64(wp.Population) * profiles[o].Rural / shareSum / total[o]
			drafts[i].size = math.Min(hi, math.Max(lo, drafts[i].size*f))
		}
	}
}
