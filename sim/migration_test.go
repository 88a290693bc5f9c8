package sim

import (
	"github.com/decentsim/decentsim/stats"
	"math"
	"testing"
)

// stepN runs n months of w.
func stepN(t *testing.T, w *World, n int) {
	t.Helper()
	for range n {
		if err := w.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigrantsArriveInRuralUnits checks the switch of rural destinations:
// with urban_share 1 no one arrives; with 0, leavers arrive in other
// units of their oblast, and the population is kept.
func TestMigrantsArriveInRuralUnits(t *testing.T) {
	t.Parallel()
	for _, urban := range []float64{1, 0} {
		p := smallParams()
		p.Behavior.UrbanShare = urban
		p.Behavior.MigrationRate = 0.01 // many movers
		w := newTestWorld(t, &p, TrialSeed(6, 0))
		var left, arrived int
		for range 12 {
			stepN(t, w, 1)
			for i := range w.Units {
				left += w.Units[i].Leavers
				arrived += w.Units[i].Arrivals
			}
		}
		switch {
		case urban == 1 && arrived != 0:
			t.Errorf("urban_share 1: %d arrivals; want none", arrived)
		case urban == 0 && (left == 0 || float64(arrived) < 0.9*float64(left)):
			t.Errorf("urban_share 0: %d arrivals of %d leavers; want nearly all (some find no room)", arrived, left)
		}
	}
}

// TestMigrantsChooseWellServedUnits checks the gravity rule's
// attractiveness: rural migrants arrive more, per resident, in the best
// served quartile of units than in the worst (Tiebout 1956).
func TestMigrantsChooseWellServedUnits(t *testing.T) {
	t.Parallel()
	p := smallParams()
	p.Behavior.UrbanShare = 0
	p.Behavior.MigrationRate = 0.01
	p.Behavior.MigrationDistanceKm = 0 // distance apart
	var diffs []float64
	for trial := range 12 {
		w := newTestWorld(t, &p, TrialSeed(8, trial))
		n := len(w.Units)
		in, lived, quality := make([]float64, n), make([]float64, n), make([]float64, n)
		for range 24 {
			stepN(t, w, 1)
			for i := range w.Units {
				u := &w.Units[i]
				in[i] += float64(u.Arrivals)
				lived[i] += float64(u.Pop)
				quality[i] += u.Quality
			}
		}
		worst, best := quartileRates(quality, in, lived)
		diffs = append(diffs, best-worst)
	}
	st := stats.Describe(diffs)
	if st.Mean <= 0 || st.T() < minT {
		t.Errorf("arrivals per resident, best minus worst served quartile: %.3g (t = %.1f); want > 0 with t >= %v", st.Mean, st.T(), minT)
	}
}

// TestDemographySwitches checks births, deaths and ageing each vanish
// with their switch.
func TestDemographySwitches(t *testing.T) {
	t.Parallel()
	ages := func(p Params) (births, deaths int, young float64) {
		p.Behavior.MigrationRate = 0
		w := newTestWorld(t, &p, TrialSeed(3, 0))
		for range 24 {
			stepN(t, w, 1)
			for i := range w.Units {
				births += w.Units[i].Births
				deaths += w.Units[i].Deaths
			}
		}
		return births, deaths, youngShare(w)
	}
	p := smallParams()
	b, d, _ := ages(p)
	if b == 0 || d == 0 {
		t.Fatalf("%d births and %d deaths in two years; want some of each", b, d)
	}
	p.Behavior.BirthRate, p.Behavior.DeathRate = 0, 0
	b, d, ageing := ages(p)
	if b != 0 || d != 0 {
		t.Errorf("birth and death rates 0: %d births, %d deaths; want none", b, d)
	}
	p.Behavior.Ageing = false
	_, _, still := ages(p)
	if first := youngShare(newTestWorld(t, &p, TrialSeed(3, 0))); math.Abs(still-first) > 1e-12 || !(ageing < first-0.02) {
		t.Errorf("young share %.4f at the start, %.4f after two years of ageing, %.4f without; want a fall of 2 points, and none", first, ageing, still)
	}
}

// youngShare is the share of w's living citizens who are young.
func youngShare(w *World) float64 {
	n, y := 0, 0
	for i, h := range w.Citizens.slots(0, w.Citizens.Len()) {
		if l := i & (BlockLen - 1); h.State[l] != Vacant {
			n++
			if h.Age[l] == Young {
				y++
			}
		}
	}
	return float64(y) / float64(n)
}
