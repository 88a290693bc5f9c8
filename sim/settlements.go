package sim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Settlements: each unit is split into localities (villages and hamlets),
// each a contiguous run of citizen slots; the first is the unit's centre,
// the largest. The seed facts give 6,905 rural settlements in about 2,345
// units.

// draftLocalities gives each draft without a count of settlements (a
// spec's 0) its number: one for a village or a settlement (the unit
// types), and for towns and rural districts one plus a share of
// (world.localities_per_unit - 1) times the units, in proportion to the
// square root of the unit's size, rounded at random, so that such units
// have about localities_per_unit settlements on average.
func draftLocalities(drafts []draft, wp *WorldParams, r *rand.Rand) {
	n, sum := 0, 0.0
	var split []int // the towns and rural districts drawn here
	for i := range drafts {
		d := &drafts[i]
		if d.places > 0 {
			continue
		}
		n++
		d.places = 1
		if d.typ == Town || d.typ == RuralDistrict {
			sum += math.Sqrt(d.size)
			split = append(split, i)
		}
	}
	extra := (wp.LocalitiesPerUnit - 1) * float64(n)
	if extra <= 0 || sum == 0 {
		return
	}
	for _, i := range split {
		d := &drafts[i]
		d.places += int(extra*math.Sqrt(d.size)/sum + r.Float64())
	}
}

// growthRoomYears is how many years of natural increase a unit has room
// for beyond world.capacity_slack: the 16 years of kz_reform_timeline
// (assumption), so that the growing south can grow over the timeline.
const growthRoomYears = 16

// slack is a unit's room for growth, as a share of its first population:
// world.capacity_slack, plus growthRoomYears of its oblast's natural
// increase where that is positive.
func (w *World) slack(o *Oblast) float64 {
	b := &w.Params.Behavior
	ni := 12 * (b.BirthRate*o.rates.births - b.DeathRate*o.rates.deaths)
	return w.Params.World.CapacitySlack + growthRoomYears*max(0, ni)
}

// placeUnits lays out the units' settlements and citizen slots: each
// unit's agents, max(1, round(size/represent)), are split among its
// settlements by rank-size shares (localityShares), and each settlement
// gets its agents' slots plus the unit's room for growth (slack). The
// centre lies at the unit's position, the others around it within the
// unit's share of its district's area. It returns the number of slots in
// all.
func (w *World) placeUnits(drafts []draft, r *rand.Rand) int {
	slots := 0
	var shares []float64
	var agents []int
	perDistrict := make([]int, len(w.Districts))
	for _, d := range drafts {
		perDistrict[d.district]++
	}
	for i := range drafts {
		d := &drafts[i]
		d.agents = max(1, int(math.Round(d.size/w.represent)))
		u := &w.Units[i]
		ob := &w.Oblasts[w.Districts[d.district].Oblast]
		slack := w.slack(ob)
		reach := districtRadius(&ob.OblastProfile, &w.Params.World) / math.Sqrt(float64(perDistrict[d.district]))
		u.Start, u.FirstLocality = slots, len(w.Localities)
		shares = localityShares(shares[:0], d.places, r)
		agents = splitAgents(agents[:0], d.agents, shares)
		for j, a := range agents {
			n := a + int(math.Ceil(float64(a)*slack))
			loc := Locality{Unit: i, Start: slots, End: slots + n, Pop: a, X: u.X, Y: u.Y}
			if j > 0 {
				x, y := polar(reach*(0.2+0.8*r.Float64()), r)
				loc.X, loc.Y = u.X+x, u.Y+y
			}
			w.Localities = append(w.Localities, loc)
			slots += n
		}
		u.End, u.EndLocality = slots, len(w.Localities)
		w.maxSlots = max(w.maxSlots, u.End-u.Start)
	}
	return slots
}

// localityShares appends the population shares of a unit's n
// settlements to dst: rank-size weights exp(0.5 N)/rank (Zipf's law for
// settlements, with noise), sorted so that the first, the unit's centre,
// is the largest.
func localityShares(dst []float64, n int, r *rand.Rand) []float64 {
	sum := 0.0
	for j := range n {
		x := math.Exp(0.5*r.NormFloat64()) / float64(j+1)
		dst = append(dst, x)
		sum += x
	}
	slices.SortFunc(dst, func(a, b float64) int { return cmp.Compare(b, a) })
	for j := range dst {
		dst[j] /= sum
	}
	return dst
}

// splitAgents appends to dst the agents of each share of n agents, by
// largest remainders (ties to the earlier share), so that they add up to
// n; a small settlement may get none at a coarse scale.
func splitAgents(dst []int, n int, shares []float64) []int {
	left := n
	for _, s := range shares {
		a := int(float64(n) * s)
		dst = append(dst, a)
		left -= a
	}
	for ; left > 0; left-- {
		best, bestRem := 0, -1.0
		for j, s := range shares {
			if rem := float64(n)*s - float64(dst[j]); rem > bestRem {
				best, bestRem = j, rem
			}
		}
		dst[best]++
	}
	return dst
}
