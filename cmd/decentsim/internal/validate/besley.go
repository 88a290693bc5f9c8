package validate

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Docking the akims' decisions with Besley's (2006, ch. 3) two-period
// model of political agency. Scenario besley_two_period makes the engine
// that model: every akim is elected at month 1 for a first period of 12
// months; a rent-seeker (share 1 - pi) with a rent opportunity r, uniform
// on [0, R] of the money M it controls, either takes it or pools (behaves
// as a congruent akim); taken rent is exposed with probability q over the
// months it is taken, and informed voters then vote the akim out at
// month 13; an unexposed or congruent akim is re-elected and serves a
// second and last period, in which a rent-seeker takes its rent (on
// average mu = R/2). In equilibrium a rent-seeker pools when
//
//	r M A(L) < delta^L q (E + mu M) A(T),
//
// L the months of the first period it plans over, T the months of the
// second, E the monthly value of office, delta the monthly discount factor
// and A(n) = sum_{t=1..n} delta^t: the rent now against the discounted
// chance of losing the second period. The share who pool is
// lambda = min(1, r*/R) with r* the rent at which the two sides are equal,
// and the share of congruent akims after the election is
// pi + (1 - pi)(1 - lambda) q pi (exposed rent-seekers replaced by a
// challenger who is congruent with probability pi).

// BesleyPoint compares the engine with the analytic equilibrium at one
// value of office.
type BesleyPoint struct {
	OfficeValue float64
	// Pool and PoolTheory are the share of rent-seeking first-period
	// akims with a rent opportunity who pool: per trial in the engine, and
	// the equilibrium share for the same akims' money.
	Pool, PoolTheory stats.Summary
	// Congruent and CongruentTheory are the share of congruent akims after
	// the election: per trial, and the equilibrium share given the trial's
	// first-period akims.
	Congruent, CongruentTheory stats.Summary
	// PoolGap and CongruentGap are the engine minus the theory, paired by
	// trial.
	PoolGap, CongruentGap stats.Paired
}

// besleyState is one trial's record of the first period and the election.
type besleyState struct {
	fresh                           []bool // units whose first-period akim is in its first term
	rentSeekers, pooled, theoryPool float64
	exposure                        float64 // sum over rent-seekers of q
	units, congruentBefore          float64
	congruentAfter                  float64
}

// Besley runs scenario besley_two_period (its resolved parameters base) at
// each office value with trials trials and compares the engine with the
// analytic equilibrium.
func Besley(ctx context.Context, base sim.Params, officeValues []float64, trials int, seed uint64, workers int) ([]BesleyPoint, error) {
	var out []BesleyPoint
	for _, ov := range officeValues {
		s := Setup{Base: base, Months: 14, Trials: trials, Seed: seed, Workers: workers}
		states := make([]besleyState, trials)
		mod := func(p *sim.Params) { p.Behavior.OfficeValue = ov }
		watch := func(w *sim.World, st *armState) { besleyWatch(w, &states[st.trial]) }
		none := func(*sim.TrialResult, *armState) float64 { return 0 }
		if _, err := s.runArms(ctx, mod, watch, []measure{{"", none}}); err != nil {
			return nil, err
		}
		pt := BesleyPoint{OfficeValue: ov}
		var pool, poolT, cong, congT []float64
		pi := base.Behavior.CongruentShare
		for _, st := range states {
			if st.rentSeekers == 0 || st.units == 0 {
				return nil, fmt.Errorf("validate: besley_two_period at office value %g: no rent-seeking akims to observe", ov)
			}
			lambda := st.theoryPool / st.rentSeekers
			q := st.exposure / st.rentSeekers
			pool = append(pool, st.pooled/st.rentSeekers)
			poolT = append(poolT, lambda)
			cong = append(cong, st.congruentAfter/st.units)
			before := st.congruentBefore / st.units
			congT = append(congT, before+(1-before)*(1-lambda)*q*pi)
		}
		pt.Pool, pt.PoolTheory = stats.Describe(pool), stats.Describe(poolT)
		pt.Congruent, pt.CongruentTheory = stats.Describe(cong), stats.Describe(congT)
		pt.PoolGap, pt.CongruentGap = stats.PairedT(poolT, pool), stats.PairedT(congT, cong)
		out = append(out, pt)
	}
	return out, nil
}

// besleyWatch records, at month 2 (the first-period akims have planned),
// each rent-seeker's choice and the equilibrium's, and after the election
// at month 13 the congruent share, over the units whose first-period akim
// was newly elected at month 1.
func besleyWatch(w *sim.World, st *besleyState) {
	p := &w.Params
	switch w.Month {
	case 2:
		b := &p.Behavior
		delta := b.Discount
		L, T := 11, p.Institutions.TermMonths
		st.fresh = make([]bool, len(w.Units))
		for i := range w.Units {
			u := &w.Units[i]
			// An akim re-elected at month 1 is already in its last
			// allowed term: it has nothing to keep office for, and is not
			// part of Besley's first period.
			if u.Akim.Terms != 1 {
				continue
			}
			st.fresh[i] = true
			st.units++
			if u.Akim.Congruent {
				st.congruentBefore++
				continue
			}
			if u.Akim.RentOpp == 0 {
				continue
			}
			M := u.AkimMoney()
			// q: the chance that rent taken over the L months the
			// first-period akim plans over is exposed.
			q := 1 - math.Pow(1-w.ExposureChance(u), float64(L))
			st.exposure += q
			mu := p.Fiscal.RentMax / 2
			rStar := math.Pow(delta, float64(L)) * q * (b.OfficeValue + mu*M) * annuitySum(delta, T) / (M * annuitySum(delta, L))
			st.rentSeekers++
			if !u.Akim.TakeRent {
				st.pooled++
			}
			st.theoryPool += min(1, rStar/p.Fiscal.RentMax)
		}
	case 13:
		for i := range w.Units {
			if st.fresh[i] && w.Units[i].Akim.Congruent {
				st.congruentAfter++
			}
		}
	}
}

// annuitySum returns sum_{t=1..n} x^t.
func annuitySum(x float64, n int) float64 {
	s, v := 0.0, 1.0
	for range n {
		v *= x
		s += v
	}
	return s
}

// BesleyChart is the file name, under docs/img, of the docking chart.
const BesleyChart = "besley_docking.png"

// writeBesley writes the docking table of Besley's two-period model.
func writeBesley(w io.Writer, pts []BesleyPoint, trials int, seed uint64) {
	if len(pts) == 0 {
		return
	}
	fmt.Fprintf(w, "## Docking with Besley's two-period model\n\n")
	fmt.Fprintf(w, "Scenario `besley_two_period` makes the engine the two-period model of Besley (2006, ch. 3): every akim is elected for a first period of 12 months, a rent-seeker (share 1 − π) either takes its rent opportunity r ~ U(0, R) of the money M it controls or pools, taken rent is exposed with probability q and informed voters then replace the akim, and the winner serves a second, last period. In equilibrium a rent-seeker pools when r M A(L) < δ^L q (E + μ M) A(T) (E the value of office, μ = R/2 the second period's average rent, δ the monthly discount, A(n) = Σ δ^t); the share who pool is λ = min(1, r*/R), and the congruent share after the election π + (1 − π)(1 − λ) q π. The engine's akims decide by their own forward reckoning (docs/ODD.md 7.3), not by this formula. %d trials per office value, seed %d; engine − theory is paired by trial, and a gap within trial noise has |t| < %d. Chart: `docs/img/%s`.\n\n",
		trials, seed, dockingT, BesleyChart)
	fmt.Fprintf(w, "| office value (KZT/month) | pooling: engine [95%% CI] | pooling: theory | engine − theory (t) | congruent after: engine [95%% CI] | congruent after: theory | engine − theory (t) |\n|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, pt := range pts {
		fmt.Fprintf(w, "| %s | %s [%s, %s] | %s | %s (%.2f) | %s [%s, %s] | %s | %s (%.2f) |\n", thousands(pt.OfficeValue),
			num(pt.Pool.Mean), num(pt.Pool.CILow), num(pt.Pool.CIHigh), num(pt.PoolTheory.Mean), signed(pt.PoolGap.Diff), pt.PoolGap.T,
			num(pt.Congruent.Mean), num(pt.Congruent.CILow), num(pt.Congruent.CIHigh), num(pt.CongruentTheory.Mean), signed(pt.CongruentGap.Diff), pt.CongruentGap.T)
	}
	fmt.Fprintln(w)
}

// dockingT is the paired t beyond which the engine and the theory differ
// by more than trial noise.
const dockingT = 3
