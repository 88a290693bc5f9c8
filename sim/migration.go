package sim

import "math"

// Migration: process 11 of the month. People leave units whose hardship,
// poor services and income gap are high, the young first (Tiebout 1956:
// voting with the feet); their slot becomes vacant. A leaver goes to a
// city, outside the modelled rural world, with probability
// behavior.urban_share; otherwise to a rural unit of its oblast chosen by
// a gravity rule: in proportion to the unit's residents, its service
// quality and income level, and exp(-distance/migration_distance_km),
// among the migrationCandidates nearest. Leavers are queued by their
// district during the month and placed after every district has run, in
// district order, into vacant slots of their destinations (none free: a
// city), so that results do not depend on the workers. The units' tax
// base and needs follow their population; plans do not.

// leaveProb returns the monthly probability that a citizen leaves.
func leaveProb(rate, youngMult, hardship, quality, incomeGap float64, young bool) float64 {
	push := 0.3*hardship + 0.6*(1-quality) + 0.1*incomeGap
	p := rate * push
	if young {
		p *= youngMult
	}
	return min(1, p)
}

// incomeGap is how far a citizen's income falls short of the urban income
// it could earn by leaving (assumed 1.5 times the rural median).
func incomeGap(income, median float64) float64 {
	if median <= 0 {
		return 0
	}
	return clamp01(1 - income/(1.5*median))
}

// mover is a leaver on its way: its origin and what it takes along.
type mover struct {
	from                                            int32 // origin unit
	edu, age, flags, voted                          uint8
	income                                          float32
	civic, aware, efficacy, trust, trustDist, party float32
	frustr, legit, nbrVoted                         float32
}

// placeMovers sends the month's leavers, district by district in order,
// to a city or a rural destination (gravity), drawing from the trial's
// migration stream, and resets the districts' queues.
func (w *World) placeMovers() {
	b := &w.Params.Behavior
	for ui := range w.Units {
		w.Units[ui].Arrivals = 0
	}
	from := int32(-1)
	for di := range w.Districts {
		d := &w.Districts[di]
		for mi := range d.movers {
			m := &d.movers[mi]
			if m.from != from {
				from = m.from
				w.destinationWeights(&w.Units[from])
			}
			if w.migRng.Float64() < b.UrbanShare || w.migTotal <= 0 {
				continue
			}
			x := w.migRng.Float64() * w.migTotal
			j := 0
			for ; j < len(w.migCum)-1 && x >= w.migCum[j]; j++ {
			}
			w.arrive(int(w.candidates[w.Units[from].candStart+j].unit), m, w.Units[from].IncomeMult)
		}
		d.movers = d.movers[:0]
	}
}

// destinationWeights sets the cumulative gravity weights of unit o's
// candidate destinations: residents x service quality x income level x
// exp(-distance/migration_distance_km).
func (w *World) destinationWeights(o *Unit) {
	dk := w.Params.Behavior.MigrationDistanceKm
	w.migCum = w.migCum[:0]
	sum := 0.0
	for _, c := range w.candidates[o.candStart:o.candEnd] {
		u := &w.Units[c.unit]
		x := float64(u.Pop) * u.Quality * u.IncomeMult
		if dk > 0 {
			x *= math.Exp(-c.km / dk)
		}
		sum += x
		w.migCum = append(w.migCum, sum)
	}
	w.migTotal = sum
}

// arrive places mover m, from a unit of income level fromIncome, in a
// vacant slot of unit ui: of a settlement drawn in proportion to its
// residents among those with room, the first vacant slot. With no room,
// the mover goes to a city instead. Its income follows the local level.
func (w *World) arrive(ui int, m *mover, fromIncome float64) {
	u := &w.Units[ui]
	room := 0.0
	for li := u.FirstLocality; li < u.EndLocality; li++ {
		if s := &w.Localities[li]; s.Pop < s.End-s.Start {
			room += float64(s.Pop + 1)
		}
	}
	if room == 0 {
		return
	}
	x := w.migRng.Float64() * room
	chosen := -1
	for li := u.FirstLocality; li < u.EndLocality; li++ {
		if s := &w.Localities[li]; s.Pop < s.End-s.Start {
			chosen = li
			if x -= float64(s.Pop + 1); x < 0 {
				break
			}
		}
	}
	s := &w.Localities[chosen]
	c := &w.Citizens
	for i := s.Start; i < s.End; i++ {
		h, l := c.at(i)
		if h.State[l] != Vacant {
			continue
		}
		income := float64(m.income) * u.IncomeMult / fromIncome
		c.Edu[i], c.Income[i] = m.edu, float32(income)
		h.State[l], h.Age[l], h.Flags[l], h.Voted[l] = Living, m.age, m.flags, m.voted
		h.IncomeHard[l] = float32(hardshipFromIncome(income, w.Params.World.MedianIncome))
		h.Civic[l], h.Awareness[l], h.Efficacy[l] = m.civic, m.aware, m.efficacy
		h.Trust[l], h.TrustDist[l], h.Party[l] = m.trust, m.trustDist, m.party
		h.Frustr[l], h.Legit[l], h.NbrVoted[l] = m.frustr, m.legit, m.nbrVoted
		h.ActiveFrac[l], h.JailFrac[l] = 0, 0
		s.Pop++
		u.Pop++
		u.Arrivals++
		u.incomeSum += float64(c.Income[i])
		return
	}
}
