package sim

import (
	"math"
	"testing"
)

// TestGeography checks the national default's geography: oblasts hold
// their shares of the rural population, each district's seat is its
// largest unit at distance 0, distances reach a few hundred km, and
// each unit's adjacent units are the nearest of its district.
func TestGeography(t *testing.T) {
	t.Parallel()
	p := Default()
	w := newTestWorld(t, &p, TrialSeed(2, 0))
	res := make([]float64, len(w.Oblasts))
	total := 0.0
	maxDist := 0.0
	for i := range w.Units {
		u := &w.Units[i]
		r := float64(u.Pop) * w.represent
		res[w.Districts[u.District].Oblast] += r
		total += r
		maxDist = math.Max(maxDist, u.DistanceKm)
	}
	rural := 0.0
	for _, o := range kazakhstanOblasts {
		rural += o.Rural
	}
	for o := range w.Oblasts {
		want := w.Oblasts[o].Rural / rural
		if got := res[o] / total; math.Abs(got-want) > 0.01 {
			t.Errorf("oblast %s holds %.3f of residents; want %.3f", w.Oblasts[o].Name, got, want)
		}
	}
	if maxDist < 150 || maxDist > 320 {
		t.Errorf("farthest unit %.0f km from its seat; want 150-320 (seed fact: up to about 300)", maxDist)
	}
	for d := range w.Districts {
		dist := &w.Districts[d]
		largest, seat := 0, -1
		for i := dist.FirstUnit; i < dist.End; i++ {
			largest = max(largest, w.Units[i].Pop)
			if w.Units[i].DistanceKm == 0 {
				seat = i
			}
		}
		if seat < 0 || w.Units[seat].Pop != largest {
			t.Errorf("district %s: seat %d is not a largest unit (%d agents)", dist.Name, seat, largest)
		}
	}
	for i := range w.Units {
		u := &w.Units[i]
		last := 0.0
		for _, a := range w.adjacent[u.adjStart:u.adjEnd] {
			v := &w.Units[a]
			d := math.Hypot(v.X-u.X, v.Y-u.Y)
			if v.District != u.District || int(a) == i || d < last {
				t.Fatalf("unit %d's adjacent unit %d: district %d (own %d), %.1f km after %.1f", i, a, v.District, u.District, d, last)
			}
			last = d
		}
		if n := u.adjEnd - u.adjStart; n != min(adjacentUnits, w.Districts[u.District].End-w.Districts[u.District].FirstUnit-1) {
			t.Fatalf("unit %d has %d adjacent units", i, n)
		}
	}
}

// TestOblastsDiffer checks the heterogeneity the oblast table brings: the
// south's units are younger and have higher birth rates than the north's,
// and income indices average one over residents.
func TestOblastsDiffer(t *testing.T) {
	t.Parallel()
	p := Default()
	w := newTestWorld(t, &p, TrialSeed(2, 0))
	young := map[string]float64{}
	births := map[string]float64{}
	inc, pop := 0.0, 0.0
	for i := range w.Units {
		u := &w.Units[i]
		name := w.Oblasts[w.Districts[u.District].Oblast].Name
		young[name], births[name] = u.YoungShare, u.birthMult
		inc += u.IncomeMult * float64(u.Pop)
		pop += float64(u.Pop)
	}
	for _, pair := range [][2]string{{"Turkistan", "North Kazakhstan"}, {"Mangystau", "Kostanay"}, {"Zhambyl", "Pavlodar"}} {
		s, n := pair[0], pair[1]
		if !(young[s] > young[n]) || !(births[s] > 1.5*births[n]) {
			t.Errorf("%s: young %.2f, births x%.2f; %s: young %.2f, births x%.2f; want the south younger and growing",
				s, young[s], births[s], n, young[n], births[n])
		}
	}
	if m := inc / pop; math.Abs(m-1) > 0.1 {
		t.Errorf("mean income index %.3f; want about 1", m)
	}
}

// TestUniformTableIsNational checks the switch of the oblast table: under
// "uniform" every unit has the national rates and age structure.
func TestUniformTableIsNational(t *testing.T) {
	t.Parallel()
	p := Default()
	p.World.OblastTable = "uniform"
	p.World.Represent = 200
	w := newTestWorld(t, &p, TrialSeed(2, 0))
	if len(w.Oblasts) != p.World.Oblasts || len(w.Districts) != p.World.Oblasts*p.World.DistrictsPerOblast {
		t.Fatalf("%d oblasts, %d districts; want %d, %d", len(w.Oblasts), len(w.Districts), p.World.Oblasts, p.World.Oblasts*p.World.DistrictsPerOblast)
	}
	for i := range w.Units {
		u := &w.Units[i]
		if u.birthMult != 1 || u.YoungShare != p.World.YoungShare || u.OldShare != p.World.OldShare {
			t.Fatalf("unit %d: births x%v, young %v, old %v; want the national values", i, u.birthMult, u.YoungShare, u.OldShare)
		}
	}
}
