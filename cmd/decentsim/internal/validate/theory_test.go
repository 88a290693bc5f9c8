package validate

import (
	"context"
	"reflect"
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

func TestTheoryResults(t *testing.T) {
	if testing.Short() {
		t.Skip("theory experiments take a minute; run without -short")
	}
	t.Parallel()
	for _, exp := range []func(context.Context, Setup) (Result, error){Agency, Capture, Epstein, Feet} {
		s := testSetup()
		if reflect.ValueOf(exp).Pointer() == reflect.ValueOf(Capture).Pointer() {
			// High capture only just reverses the gain from own budgets in
			// a world this small (a difference of about 0.005): more
			// trials for the power to see it. With 40, t fell from 4.7 to
			// 2.2 when the citizens' pass changed which random bits decide
			// (CHANGELOG: each slot's own draws); with 120 it was 5.3 before and 6.0 after.
			s.Trials = 120
		}
		r, err := exp(context.Background(), s)
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
