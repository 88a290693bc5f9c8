package sim

import (
	"math"
	"slices"
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
	pairs       []pair
}

type pair struct{ x, w float64 }

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
	var pop, active, jailed, participants, leavers, arrivals, protests float64
	var q, trust, legit, aware, down float64
	var own, budgetIn, leak float64
	r.vals = r.vals[:0]
	r.pairs = r.pairs[:0]
	for i := range w.Units {
		u := &w.Units[i]
		n := float64(u.Pop)
		pop += n
		active += float64(u.Active)
		jailed += float64(u.Jailed)
		participants += float64(u.Participants)
		leavers += float64(u.Leavers)
		arrivals += float64(u.Arrivals)
		if u.Protest {
			protests++
		}
		q += n * u.Quality
		trust += n * u.TrustMean
		legit += n * u.LegitMean
		aware += n * u.AwareShare
		down += u.Akim.Downward
		own += u.Own
		budgetIn += u.Own + u.Concede
		leak += u.Rent + u.Contractor
		if u.Pop > 0 {
			r.vals = append(r.vals, u.Quality)
		}
	}
	var seats, indep, rubber float64
	for di := range w.Districts {
		d := &w.Districts[di]
		budgetIn += d.pool
		leak += d.extracted
		seats += float64(len(d.Deputies))
		for _, dep := range d.Deputies {
			if dep.Affiliation == IndependentDeputy {
				indep++
			}
		}
		if d.RubberStamp {
			rubber++
		}
	}
	money := 0.0
	for i := range w.Units {
		money += w.Units[i].Budget
	}
	rec[ServiceQuality] = ratio(q, pop)
	rec[ServiceP10] = quantile(r.vals, 0.1)
	for i := range w.Units {
		u := &w.Units[i]
		if u.Pop > 0 {
			r.pairs = append(r.pairs, pair{u.Quality, float64(u.Pop)})
		}
	}
	rec[ServiceGini] = gini(r.pairs)
	r.pairs = r.pairs[:0]
	for i := range w.Units {
		u := &w.Units[i]
		if u.Pop > 0 {
			r.pairs = append(r.pairs, pair{u.Budget / (float64(u.Pop) * w.represent), float64(u.Pop)})
		}
	}
	rec[BudgetGini] = gini(r.pairs)
	rec[OwnRevenueShare] = ratio(own, money)
	rec[LeakageShare] = ratio(leak, budgetIn)
	rec[UnrestActive] = ratio(active, pop)
	rec[ProtestEvents] = protests
	rec[JailedShare] = ratio(jailed, pop)
	rec[TrustLocal] = ratio(trust, pop)
	rec[Legitimacy] = ratio(legit, pop)
	rec[Participation] = ratio(participants, pop)
	rec[Awareness] = ratio(aware, pop)
	rec[DownwardOrientation] = ratio(down, float64(len(w.Units)))
	rec[MaslikhatIndependentShare] = ratio(indep, seats)
	rec[RubberStampShare] = ratio(rubber, float64(len(w.Districts)))
	rec[Population] = pop * w.represent
	rec[OutmigrationRate] = ratio(leavers, pop+leavers-arrivals)

	var dismissals, recalls float64
	for di := range w.Districts {
		dismissals += float64(w.Districts[di].dismissals)
		recalls += float64(w.Districts[di].recalls)
	}
	rec[Dismissals] = dismissals
	rec[Recalls] = recalls

	// Election metrics over the trailing window.
	for r.winStart < len(elections) && elections[r.winStart].Month <= w.Month-ElectionWindow {
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

// quantile returns the p-quantile of xs by linear interpolation between
// order statistics (R's type 7), sorting xs in place.
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	h := p * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// gini returns the weighted Gini coefficient of the values in ps, from
// the Lorenz curve: G = 1 - sum_i (w_i/W)(L_{i-1} + L_i). It sorts ps.
func gini(ps []pair) float64 {
	if len(ps) == 0 {
		return math.NaN()
	}
	slices.SortFunc(ps, func(a, b pair) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	var W, T float64
	for _, p := range ps {
		W += p.w
		T += p.w * p.x
	}
	if W == 0 || T == 0 {
		return 0
	}
	g, cum := 0.0, 0.0
	for _, p := range ps {
		prev := cum
		cum += p.w * p.x / T
		g += p.w / W * (prev + cum)
	}
	return 1 - g
}
