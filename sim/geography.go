package sim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Geography: where oblasts, districts, units and settlements lie, and how
// oblasts differ. Coordinates are km on a plane (x east, y north). Each
// district's seat is its largest unit; a unit's distance to the district
// centre is the Euclidean distance to the seat.

// OblastProfile describes how an oblast differs from the national
// averages: its rural population, districts, place and size, income,
// births, deaths and age structure. Rates and income are relative: the
// world uses them as multipliers of the national parameters, scaled so
// that their rural-population-weighted means are one.
type OblastProfile struct {
	Name string
	// Rural is the oblast's rural population, thousands (approximate):
	// the generator splits world.population in proportion.
	Rural float64
	// Districts is the number of districts (audans).
	Districts int
	// X, Y is the oblast's centroid, km east and north of 48°N 67°E.
	X, Y float64
	// AreaKm2 is the oblast's area, km²; 0 means unknown, and districts
	// then have the extent that gives world.median_distance_km.
	AreaKm2 float64
	// Income is the rural income level relative to other oblasts.
	Income float64
	// Births and Deaths are crude rates per 1,000 residents a year.
	Births, Deaths float64
	// Young and Old are the shares of adults aged 18-34 and 60+.
	Young, Old float64
}

// kazakhstanOblasts are Kazakhstan's 17 oblasts as of 2022 (after Abai,
// Zhetisu and Ulytau were formed), with approximate public statistics:
// orders of magnitude from stat.gov.kz (rural population, districts,
// area, crude birth and death rates and age structure around 2019-2022)
// and incomes by region, rounded. They are approximations, entered by
// hand, not a data release: the south (Turkistan, Zhambyl, Kyzylorda,
// Almaty, Mangystau) is young and growing, the north (North Kazakhstan,
// Kostanay, Akmola, Pavlodar, East Kazakhstan, Abai) older and shrinking,
// and the west's oil oblasts (Atyrau, Mangystau) the richest. Centroids
// are read off a map (x = (longitude - 67°) x 74.5 km, y = (latitude -
// 48°) x 111 km).
var kazakhstanOblasts = []OblastProfile{
	{Name: "Abai", Rural: 270, Districts: 10, X: 968, Y: 67, AreaKm2: 185500, Income: 0.90, Births: 16, Deaths: 11, Young: 0.29, Old: 0.24},
	{Name: "Akmola", Rural: 400, Districts: 17, X: 223, Y: 422, AreaKm2: 146200, Income: 1.00, Births: 14, Deaths: 11.5, Young: 0.28, Old: 0.25},
	{Name: "Aktobe", Rural: 300, Districts: 12, X: -633, Y: 44, AreaKm2: 300600, Income: 1.00, Births: 21, Deaths: 6.5, Young: 0.33, Old: 0.18},
	{Name: "Almaty", Rural: 1100, Districts: 9, X: 745, Y: -444, AreaKm2: 105500, Income: 0.95, Births: 21, Deaths: 7, Young: 0.34, Old: 0.17},
	{Name: "Atyrau", Rural: 300, Districts: 7, X: -1080, Y: -89, AreaKm2: 118600, Income: 1.45, Births: 26, Deaths: 5.5, Young: 0.38, Old: 0.12},
	{Name: "East Kazakhstan", Rural: 250, Districts: 9, X: 1267, Y: 144, AreaKm2: 97800, Income: 1.00, Births: 13, Deaths: 12.5, Young: 0.27, Old: 0.27},
	{Name: "Zhambyl", Rural: 640, Districts: 10, X: 373, Y: -422, AreaKm2: 144300, Income: 0.80, Births: 23, Deaths: 6.5, Young: 0.36, Old: 0.15},
	{Name: "Zhetisu", Rural: 420, Districts: 8, X: 931, Y: -278, AreaKm2: 118500, Income: 0.85, Births: 19, Deaths: 8.5, Young: 0.33, Old: 0.19},
	{Name: "West Kazakhstan", Rural: 330, Districts: 12, X: -1192, Y: 222, AreaKm2: 151300, Income: 1.05, Births: 17, Deaths: 8.5, Young: 0.31, Old: 0.21},
	{Name: "Karaganda", Rural: 140, Districts: 7, X: 522, Y: 89, AreaKm2: 239000, Income: 1.05, Births: 15, Deaths: 11, Young: 0.28, Old: 0.25},
	{Name: "Kostanay", Rural: 380, Districts: 16, X: -261, Y: 389, AreaKm2: 196000, Income: 1.00, Births: 12, Deaths: 12.5, Young: 0.26, Old: 0.28},
	{Name: "Kyzylorda", Rural: 460, Districts: 7, X: -224, Y: -333, AreaKm2: 226000, Income: 0.85, Births: 25, Deaths: 5.5, Young: 0.37, Old: 0.14},
	{Name: "Mangystau", Rural: 380, Districts: 5, X: -1006, Y: -444, AreaKm2: 165600, Income: 1.35, Births: 29, Deaths: 4.5, Young: 0.40, Old: 0.10},
	{Name: "Pavlodar", Rural: 240, Districts: 10, X: 708, Y: 444, AreaKm2: 124800, Income: 1.05, Births: 14, Deaths: 11.5, Young: 0.28, Old: 0.25},
	{Name: "North Kazakhstan", Rural: 300, Districts: 13, X: 186, Y: 666, AreaKm2: 98000, Income: 0.95, Births: 11, Deaths: 13.5, Young: 0.25, Old: 0.30},
	{Name: "Turkistan", Rural: 1600, Districts: 14, X: 112, Y: -611, AreaKm2: 116300, Income: 0.70, Births: 26, Deaths: 5, Young: 0.40, Old: 0.12},
	{Name: "Ulytau", Rural: 40, Districts: 3, X: 37, Y: -56, AreaKm2: 188900, Income: 1.10, Births: 18, Deaths: 8.5, Young: 0.31, Old: 0.20},
}

// KazakhstanOblasts returns the names of the oblasts of
// world.oblast_table = "kazakhstan".
func KazakhstanOblasts() []string {
	names := make([]string, len(kazakhstanOblasts))
	for i, o := range kazakhstanOblasts {
		names[i] = o.Name
	}
	return names
}

// OblastTable returns the oblast profiles of world.oblast_table:
// Kazakhstan's 17 ("kazakhstan"), or world.oblasts identical oblasts of
// world.districts_per_oblast districts with the national values
// ("uniform"), laid out in a row.
func OblastTable(wp *WorldParams) []OblastProfile {
	if wp.OblastTable == "kazakhstan" {
		return slices.Clone(kazakhstanOblasts)
	}
	out := make([]OblastProfile, wp.Oblasts)
	for o := range out {
		out[o] = uniformOblast(wp)
		out[o].Name = "oblast " + strconv.Itoa(o+1)
		// Side by side, each as wide as a disc holding its districts.
		out[o].X = float64(o) * 2 * oblastRadius(&out[o], wp)
	}
	return out
}

// uniformOblast is an oblast with the national values: those of an oblast
// that the table does not have (a units file's, under "uniform").
func uniformOblast(wp *WorldParams) OblastProfile {
	return OblastProfile{Rural: 1, Districts: wp.DistrictsPerOblast, Income: 1, Births: 1, Deaths: 1,
		Young: wp.YoungShare, Old: wp.OldShare}
}

// oblastRates is an oblast's demography and income as the world uses
// them: multipliers of the national birth and death rates and of the
// median income.
type oblastRates struct {
	births, deaths, income float64
}

// relativeRates returns each profile's rates relative to the
// rural-population-weighted means of the table, so that the national
// parameters keep their meaning.
func relativeRates(profiles []OblastProfile) []oblastRates {
	var wb, wd, wi, wsum float64
	for _, o := range profiles {
		wb += o.Rural * o.Births
		wd += o.Rural * o.Deaths
		wi += o.Rural * o.Income
		wsum += o.Rural
	}
	out := make([]oblastRates, len(profiles))
	for i, o := range profiles {
		out[i] = oblastRates{births: ratioOr1(o.Births*wsum, wb), deaths: ratioOr1(o.Deaths*wsum, wd), income: ratioOr1(o.Income*wsum, wi)}
	}
	return out
}

func ratioOr1(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	return a / b
}

// districtRadius is the extent of a district of oblast o: the radius of a
// disc of the oblast's area per district, or twice
// world.median_distance_km where the area is unknown (units spread
// uniformly in distance out to the radius have that median).
func districtRadius(o *OblastProfile, wp *WorldParams) float64 {
	if o.AreaKm2 > 0 && o.Districts > 0 {
		return math.Sqrt(o.AreaKm2 / (math.Pi * float64(o.Districts)))
	}
	return 2 * wp.MedianDistanceKm
}

// oblastRadius is the radius of the disc in which oblast o's district
// centres lie: its area's, or, where that is unknown, that of its
// districts' discs side by side.
func oblastRadius(o *OblastProfile, wp *WorldParams) float64 {
	if o.AreaKm2 > 0 {
		return math.Sqrt(o.AreaKm2 / math.Pi)
	}
	return districtRadius(o, wp) * math.Sqrt(float64(max(o.Districts, 1)))
}

// remoteness is how remote a unit distKm from its district's seat is:
// ln((d + m)/(2m)), m the median distance (at least 1 km): 0 at the
// median, ln 0.5 at the seat, rising as ln d far out. Income and first
// service levels fall with it.
func remoteness(distKm, medianKm float64) float64 {
	m := math.Max(medianKm, 1)
	return math.Log((math.Max(distKm, 0) + m) / (2 * m))
}

// locateUnits places each draft: at its spec's position, or, where that
// is unknown, at a distance median_distance_km x exp(0.6 N) (a fifth of
// it for towns) from its district's seat in a direction drawn uniformly,
// the seat itself, if unplaced, near its oblast's centroid. A district's
// seat is its largest unit, the first on ties, and each unit's distance
// to the district centre is its distance to the seat.
func (w *World) locateUnits(drafts []draft, r *rand.Rand) {
	wp := &w.Params.World
	seat := make([]int, len(w.Districts))
	for d := range seat {
		seat[d] = -1
	}
	for i := range drafts {
		d := drafts[i].district
		if s := seat[d]; s < 0 || drafts[i].size > drafts[s].size {
			seat[d] = i
		}
	}
	for d, i := range seat {
		sd := &drafts[i]
		if math.IsNaN(sd.x) {
			ob := &w.Oblasts[w.Districts[d].Oblast]
			x, y := polar(oblastRadius(&ob.OblastProfile, wp)*math.Sqrt(r.Float64()), r)
			sd.x, sd.y = ob.X+x, ob.Y+y
		}
		w.Districts[d].X, w.Districts[d].Y = sd.x, sd.y
	}
	w.Units = make([]Unit, len(drafts))
	for i := range drafts {
		dr := &drafts[i]
		dist := &w.Districts[dr.district]
		if math.IsNaN(dr.x) {
			reach := wp.MedianDistanceKm * math.Exp(0.6*r.NormFloat64())
			if dr.typ == Town {
				reach *= 0.2
			}
			x, y := polar(reach, r)
			dr.x, dr.y = dist.X+x, dist.Y+y
		}
		u := &w.Units[i]
		u.X, u.Y = dr.x, dr.y
		u.DistanceKm = math.Hypot(dr.x-dist.X, dr.y-dist.Y)
	}
}

// neighbourUnits finds each unit's adjacentUnits nearest units of its
// district.
func (w *World) neighbourUnits() {
	xs, ys := make([]float64, len(w.Units)), make([]float64, len(w.Units))
	for i := range w.Units {
		xs[i], ys[i] = w.Units[i].X, w.Units[i].Y
	}
	var idx []int
	var near []neighbour
	for d := range w.Districts {
		dist := &w.Districts[d]
		idx = idx[:0]
		for i := dist.FirstUnit; i < dist.End; i++ {
			idx = append(idx, i)
		}
		for i := dist.FirstUnit; i < dist.End; i++ {
			near = nearest(near[:0], i, idx, xs, ys, adjacentUnits)
			u := &w.Units[i]
			u.adjStart = len(w.adjacent)
			for _, n := range near {
				w.adjacent = append(w.adjacent, n.unit)
			}
			u.adjEnd = len(w.adjacent)
		}
	}
}

// migrationCandidates finds each unit's migrationCandidates nearest
// units of its oblast, its migrants' candidate destinations.
func (w *World) migrationCandidates() {
	xs, ys := make([]float64, len(w.Units)), make([]float64, len(w.Units))
	byOblast := make([][]int, len(w.Oblasts))
	for i := range w.Units {
		xs[i], ys[i] = w.Units[i].X, w.Units[i].Y
		o := w.Districts[w.Units[i].District].Oblast
		byOblast[o] = append(byOblast[o], i)
	}
	for i := range w.Units {
		u := &w.Units[i]
		u.candStart = len(w.candidates)
		w.candidates = nearest(w.candidates, i, byOblast[w.Districts[u.District].Oblast], xs, ys, migrationCandidates)
		u.candEnd = len(w.candidates)
	}
}

// adjacentUnits is how many nearest units of its district a unit counts as
// its neighbours (assumption: the villages round about).
const adjacentUnits = 4

// migrationCandidates is how many nearest units of its oblast a leaver
// weighs as destinations (assumption: farther ones weigh little in the
// gravity rule; a bound keeps the choice cheap).
const migrationCandidates = 32

// nearest appends to dst the up to k nearest of the points idx (indices
// into xs, ys) to point i, itself excluded, by distance then index, with
// their distances.
func nearest(dst []neighbour, i int, idx []int, xs, ys []float64, k int) []neighbour {
	start := len(dst)
	for _, j := range idx {
		if j == i {
			continue
		}
		d := math.Hypot(xs[j]-xs[i], ys[j]-ys[i])
		n := neighbour{unit: int32(j), km: d}
		if len(dst)-start < k {
			dst = append(dst, n)
		} else if !n.closer(dst[len(dst)-1]) {
			continue
		} else {
			dst[len(dst)-1] = n
		}
		// Keep dst[start:] sorted: move the new one into place.
		for p := len(dst) - 1; p > start && dst[p].closer(dst[p-1]); p-- {
			dst[p], dst[p-1] = dst[p-1], dst[p]
		}
	}
	return dst
}

// neighbour is another unit and its distance.
type neighbour struct {
	unit int32
	km   float64
}

func (a neighbour) closer(b neighbour) bool {
	return cmp.Or(cmp.Compare(a.km, b.km), cmp.Compare(a.unit, b.unit)) < 0
}
