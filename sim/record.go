package sim

import (
	"math"
	"slices"

	"github.com/decentsim/decentsim/stats"
)

// Recording: process 12 of the month. Every metric of sim.Metrics is
// computed from the world's state at the end of the month.

// recorder holds the state metrics need between months: the start of the
// trailing election window, the last values of metrics that carry, and
// scratch space.
type recorder struct {
	winStart    int
	lastTurnout float64
	lastElect   [4]float64 // incumbent_reelected, independent_winners, contested_share, (unused)
	started     bool
	vals, wts   []float64
	pairs       []stats.Weighted
}

// record fills rec for the month just run by w; elections is every
// election record of the trial so far, in month order.
func (r *recorder) record(w *World, elections []ElectionRecord, rec *Record) {
	if !r.started {
		r.started = true
		r.lastTurnout = math.NaN()
		for i := range r.lastElect {
			r.lastElect[i] = math.NaN()
		}
	}
	s := r.sumUnits(w)
	s.sumDistricts(w)
	pop := s.pop
	rec[ServiceQuality] = ratio(s.q, pop)
	r.distributions(w, rec)
	rec[OwnRevenueShare] = ratio(s.own, s.money)
	rec[LeakageShare] = ratio(s.leak, s.budgetIn)
	rec[UnrestActive] = ratio(s.active, pop)
	rec[ProtestEvents] = s.protests
	rec[JailedShare] = ratio(s.jailed, pop)
	rec[TrustLocal] = ratio(s.trust, pop)
	rec[Legitimacy] = ratio(s.legit, pop)
	rec[Participation] = ratio(s.participants, pop)
	rec[Awareness] = ratio(s.aware, pop)
	rec[DownwardOrientation] = ratio(s.down, float64(len(w.Units)))
	rec[AkimRentShare] = ratio(s.rent, s.akimMoney)
	rec[DisciplinedShare] = ratio(s.disciplined, s.rentSeekers)
	rec[MaslikhatIndependentShare] = ratio(s.indep, s.seats)
	rec[RubberStampShare] = ratio(s.rubber, float64(len(w.Districts)))
	rec[Population] = pop * w.represent
	rec[OutmigrationRate] = ratio(s.leavers, pop+s.leavers+s.deaths-s.births-s.arrivals)
	rec[Dismissals] = s.dismissals
	rec[Recalls] = s.recalls
	r.electionMetrics(w.Month, elections, rec)
}

// monthSums are the month's totals over units and districts from which
// the metrics are ratios.
type monthSums struct {
	pop, active, jailed, participants, protests float64
	leavers, arrivals, births, deaths           float64
	q, trust, legit, aware, down                float64 // population-weighted (down: per akim)
	own, budgetIn, leak, money                  float64
	seats, indep, rubber, dismissals, recalls   float64
	rent, akimMoney, rentSeekers, disciplined   float64 // akims' rent, and their pooling
}

// sumUnits adds up the units' counts, population-weighted means and money,
// and keeps the service levels of inhabited units for the 10th percentile.
func (r *recorder) sumUnits(w *World) monthSums {
	var s monthSums
	r.vals = r.vals[:0]
	for i := range w.Units {
		u := &w.Units[i]
		n := float64(u.Pop)
		s.pop += n
		s.active += float64(u.Active)
		s.jailed += float64(u.Jailed)
		s.participants += float64(u.Participants)
		s.leavers += float64(u.Leavers)
		s.arrivals += float64(u.Arrivals)
		s.births += float64(u.Births)
		s.deaths += float64(u.Deaths)
		if u.Protest {
			s.protests++
		}
		s.q += n * u.Quality
		s.trust += n * u.TrustMean
		s.legit += n * u.LegitMean
		s.aware += n * u.AwareShare
		s.down += u.Akim.Downward
		s.own += u.Own
		s.budgetIn += u.Own + u.Concede
		s.leak += u.Leak
		s.rent += u.Rent
		s.akimMoney += u.akimMoney
		if !u.Akim.Congruent && u.Akim.RentOpp > 0 && u.Pop > 0 {
			s.rentSeekers++
			if !u.Akim.TakeRent {
				s.disciplined++
			}
		}
		if u.Pop > 0 {
			r.vals = append(r.vals, u.Quality)
		}
	}
	return s
}

// sumDistricts adds the districts' pools, extraction, maslikhat seats and
// votes, removals, and the money of every unit's budget.
func (s *monthSums) sumDistricts(w *World) {
	for di := range w.Districts {
		d := &w.Districts[di]
		s.budgetIn += d.pool
		s.leak += d.extracted
		s.seats += float64(len(d.Deputies))
		for _, dep := range d.Deputies {
			if dep.Party == NoParty {
				s.indep++
			}
		}
		if d.RubberStamp {
			s.rubber++
		}
	}
	for i := range w.Units {
		s.money += w.Units[i].Budget
	}
	for di := range w.Districts {
		s.dismissals += float64(w.Districts[di].dismissals)
		s.recalls += float64(w.Districts[di].recalls)
	}
}

// distributions fills the metrics of the distribution across units: the
// 10th percentile of service levels and the population-weighted Ginis of
// service levels and of budget per resident.
func (r *recorder) distributions(w *World, rec *Record) {
	slices.Sort(r.vals)
	rec[ServiceP10] = stats.Quantile(r.vals, 0.1)
	r.pairs = r.pairs[:0]
	for i := range w.Units {
		u := &w.Units[i]
		if u.Pop > 0 {
			r.pairs = append(r.pairs, stats.Weighted{X: u.Quality, W: float64(u.Pop)})
		}
	}
	rec[ServiceGini] = stats.Gini(r.pairs)
	r.pairs = r.pairs[:0]
	for i := range w.Units {
		u := &w.Units[i]
		if u.Pop > 0 {
			r.pairs = append(r.pairs, stats.Weighted{X: u.Budget / (float64(u.Pop) * w.represent), W: float64(u.Pop)})
		}
	}
	rec[BudgetGini] = stats.Gini(r.pairs)
}

// electionMetrics fills the election metrics over the trailing window of
// ElectionWindow months ending with month; a metric with no election to
// count in the window carries its last value.
func (r *recorder) electionMetrics(month int, elections []ElectionRecord, rec *Record) {
	for r.winStart < len(elections) && elections[r.winStart].Month <= month-ElectionWindow {
		r.winStart++
	}
	var voters, eligible, sel, incRan, incWon, indWon, votes, contested float64
	for _, e := range elections[r.winStart:] {
		switch e.Kind {
		case AkimElection:
			sel++
			if e.IncumbentRan {
				incRan++
				if e.IncumbentWon {
					incWon++
				}
			}
			if e.WinnerOrigin == Independent {
				indWon++
			}
			if e.Mode != Appointed {
				votes++
				if e.Candidates >= 2 {
					contested++
				}
			}
			if !math.IsNaN(e.Turnout) {
				voters += e.Turnout
				eligible++
			}
		case MaslikhatElection:
			if !math.IsNaN(e.Turnout) {
				voters += e.Turnout
				eligible++
			}
		}
	}
	if eligible > 0 {
		r.lastTurnout = voters / eligible
	}
	if incRan > 0 {
		r.lastElect[0] = incWon / incRan
	}
	if sel > 0 {
		r.lastElect[1] = indWon / sel
	}
	if votes > 0 {
		r.lastElect[2] = contested / votes
	}
	rec[Turnout] = r.lastTurnout
	rec[IncumbentReelected] = r.lastElect[0]
	rec[IndependentWinners] = r.lastElect[1]
	rec[ContestedShare] = r.lastElect[2]
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
