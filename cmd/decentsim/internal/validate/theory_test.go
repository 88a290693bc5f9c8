package validate

import (
	"context"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// testSetup is a four-district world at 1:20 run for 96 months with 16
// trials per arm: small enough for CI, large enough for the stated t.
func testSetup() Setup {
	p := sim.Default()
	p.World.OblastTable, p.World.Oblasts, p.World.DistrictsPerOblast = "uniform", 1, 4
	p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 2, 48, 6, 4
	p.World.Population = 180000
	p.World.Represent = 20
	return Setup{Base: p, Months: 96, Trials: 16, Seed: 7}
}

// unitsSetup is the national default's 2,345 units at a coarse 1:400 for
// 72 months, 12 trials per arm: for results measured across units (rent
// is concentrated in the largest units, so a small world's share swings
// from trial to trial).
func unitsSetup() Setup {
	p := sim.Default()
	p.World.Represent = 400
	return Setup{Base: p, Months: 72, Trials: 12, Seed: 7, Workers: 2}
}

func TestTheoryResults(t *testing.T) {
	if testing.Short() {
		t.Skip("theory experiments take a minute; run without -short")
	}
	t.Parallel()
	for _, exp := range []struct {
		f     func(context.Context, Setup) (Result, error)
		setup func() Setup
	}{{Discipline, unitsSetup}, {Pooling, testSetup}, {Selection, testSetup}, {Patronage, testSetup},
		{Capture, unitsSetup}, {Epstein, testSetup}, {Feet, testSetup}} {
		r, err := exp.f(context.Background(), exp.setup())
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range r.Arms {
			t.Logf("%s | %s: %.4g [%.4g, %.4g]", r.Name, a.Name, a.Stats.Mean, a.Stats.CILow, a.Stats.CIHigh)
		}
		for _, c := range r.Checks {
			t.Logf("%s | %s: diff %.4g t %.2f holds %v", r.Name, c.What, c.Diff, c.T, c.Holds)
			if !c.Holds {
				t.Errorf("%s: %q does not hold (difference %.4g, t = %.2f); the model no longer reproduces %s", r.Name, c.What, c.Diff, c.T, r.Source)
			}
		}
	}
}
