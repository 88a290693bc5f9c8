package sim

import (
	"context"
	"math"
	"testing"
)

// TestUnitsGiveTheGeneratedWorld checks that a world built from the units
// GenerateUnits drew is the generated world: the same trial, bit for bit.
func TestUnitsGiveTheGeneratedWorld(t *testing.T) {
	t.Parallel()
	p := smallParams()
	gen, err := RunTrial(context.Background(), &p, 12, 7, 2)
	if err != nil {
		t.Fatal(err)
	}
	q := p
	q.Units = GenerateUnits(&p, TrialSeed(7, 2))
	fromUnits, err := RunTrial(context.Background(), &q, 12, 7, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := trialDiff(gen, fromUnits); diff != "" {
		t.Errorf("a world from its generated units differs from the generated world: %s", diff)
	}
}

// TestUnitsWithUnknowns builds a world from units that give only the
// required values: positions, incomes, settlements and ages are drawn.
func TestUnitsWithUnknowns(t *testing.T) {
	t.Parallel()
	p := smallParams()
	nan := math.NaN()
	p.Units = []UnitSpec{
		{Oblast: "o", District: "d1", Name: "a", Type: Town, Population: 8000, X: nan, Y: nan, Income: nan, Young: nan, Old: nan},
		{Oblast: "o", District: "d1", Name: "b", Type: RuralDistrict, Population: 2500, X: nan, Y: nan, Income: nan, Young: nan, Old: nan},
		{Oblast: "o", District: "d2", Name: "c", Type: Village, Population: 600, X: 10, Y: 20, Income: 0.8, Localities: 3, Young: 0.3, Old: 0.3},
	}
	if err := CheckUnits(p.Units, &p); err != nil {
		t.Fatal(err)
	}
	w := newTestWorld(t, &p, 1)
	if len(w.Units) != 3 || len(w.Districts) != 2 {
		t.Fatalf("%d units in %d districts; want 3 in 2", len(w.Units), len(w.Districts))
	}
	a, b, c := &w.Units[0], &w.Units[1], &w.Units[2]
	if a.DistanceKm != 0 || b.DistanceKm <= 0 || c.DistanceKm != 0 {
		t.Errorf("distances %v, %v, %v; want the seats at 0", a.DistanceKm, b.DistanceKm, c.DistanceKm)
	}
	if c.IncomeMult != 0.8 || c.EndLocality-c.FirstLocality != 3 || c.OldShare != 0.3 || math.IsNaN(a.IncomeMult) || a.YoungShare != p.World.YoungShare {
		t.Errorf("unit c income %v, %d settlements, old %v; a income %v, young %v", c.IncomeMult, c.EndLocality-c.FirstLocality, c.OldShare, a.IncomeMult, a.YoungShare)
	}
	if err := CheckUnits(nil, &p); err == nil {
		t.Error("CheckUnits(no units) = nil; want an error")
	}
}
