package sim

import "testing"

// tinyParams is a one-district world of a few small units for rule tests.
func tinyParams() Params {
	p := Default()
	p.World.OblastTable, p.World.Oblasts, p.World.DistrictsPerOblast = "uniform", 1, 1
	p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 0, 3, 1, 1
	p.World.Population = 5000
	p.World.Represent = 10
	return p
}

// smallParams is a world of four districts and 60 units, scaled 1:20, for
// behavioural tests over many trials.
func smallParams() Params {
	p := tinyParams()
	p.World.DistrictsPerOblast = 4
	p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 2, 48, 6, 4
	p.World.Population = 180000
	p.World.Represent = 20
	return p
}

// newTestWorld is NewWorld for a test's own valid p.
func newTestWorld(tb testing.TB, p *Params, trialSeed uint64) *World {
	tb.Helper()
	return mustBuild(tb, NewWorld, p, trialSeed)
}

// newTestClassicWorld is NewClassicWorld for a test's own valid p.
func newTestClassicWorld(tb testing.TB, p *Params, seed uint64) *ClassicWorld {
	tb.Helper()
	return mustBuild(tb, NewClassicWorld, p, seed)
}

// mustBuild builds a world of a test's own valid p with build, and fails
// the test if it cannot.
func mustBuild[W any](tb testing.TB, build func(*Params, uint64) (W, error), p *Params, seed uint64) W {
	tb.Helper()
	w, err := build(p, seed)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}
