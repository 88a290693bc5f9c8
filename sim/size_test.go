package sim

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// classroomLike returns the default parameters in the classroom
// scenario's world: one district of 17 units, 40,000 residents, each
// agent standing for represent of them.
func classroomLike(represent int) Params {
	p := Default()
	p.World.OblastTable, p.World.Oblasts, p.World.DistrictsPerOblast = "uniform", 1, 1
	p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 0, 12, 3, 2
	p.World.Population, p.World.Represent = 40000, represent
	return p
}

// TestSizeOfBoundsTheWorld checks the bound against generated worlds,
// including one whose units are far more than its residents need.
func TestSizeOfBoundsTheWorld(t *testing.T) {
	t.Parallel()
	classroomLike := classroomLike(10)

	manyUnits := classroomLike
	manyUnits.World.RuralDistricts, manyUnits.World.Population, manyUnits.World.Represent = 3000, 4000, 1000000
	manyUnits.World.MinUnitPopulation = 1

	for name, p := range map[string]Params{"classroom-like": classroomLike, "many units": manyUnits} {
		size := SizeOf(&p)
		w := newTestWorld(t, &p, 1)
		if len(w.Units) != size.Units || len(w.Districts) != size.Districts {
			t.Errorf("%s: %d units, %d districts; SizeOf says %d, %d", name, len(w.Units), len(w.Districts), size.Units, size.Districts)
		}
		if slots := w.Units[len(w.Units)-1].End; slots > size.Slots {
			t.Errorf("%s: %d slots, above the bound %d", name, slots, size.Slots)
		}
		if name == "many units" && size.Slots < 3000 {
			t.Errorf("%s: bound %d ignores the units' one agent each", name, size.Slots)
		}
	}
}

// liveBytes returns the bytes of the heap that make keeps alive: the
// heap after a collection with it, less the heap after one before it.
func liveBytes[T any](make func() T) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := make()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(x)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// TestBytesBoundTheWorld checks WorldSize.Bytes and the classic grid's
// share of ClassicRunBytes against the heap that generated worlds keep:
// at least what they keep, and not four times more. It is not parallel,
// so that no other test allocates while it measures.
func TestBytesBoundTheWorld(t *testing.T) {
	people := classroomLike(1)
	people.World.Population = 400000
	units := Default()
	units.World.Oblasts, units.World.DistrictsPerOblast = 20, 50
	units.World.RuralDistricts, units.World.Villages = 10000, 10000
	units.World.Population, units.World.Represent, units.World.MinUnitPopulation = 1000000, 100000, 1
	classic := Default()
	classic.Classic.Width, classic.Classic.Height = 1000, 1000
	// A wide grid with long vision, whose neighbourhoods outweigh its
	// cells (about 66 MB of them).
	wide := Default()
	wide.Classic.Width, wide.Classic.Height = 2000, 201
	wide.Classic.Neighbourhood, wide.Classic.CitizenVision, wide.Classic.CopVision = "moore", 100, 99
	for name, c := range map[string]struct {
		bound int64
		make  func() any
	}{
		"many people": {SizeOf(&people).Bytes(), func() any { return newTestWorld(t, &people, 1) }},
		"many units":  {SizeOf(&units).Bytes(), func() any { return newTestWorld(t, &units, 1) }},
		"classic": {ClassicRunBytes(&classic, 1, 1, 1) - classicStepBytes,
			func() any { return newTestClassicWorld(t, &classic, 1) }},
		"classic, wide, long vision": {ClassicRunBytes(&wide, 1, 1, 1) - classicStepBytes,
			func() any { return newTestClassicWorld(t, &wide, 1) }},
	} {
		if testing.Short() && strings.HasPrefix(name, "classic, wide") {
			continue // 89 MB built: for the full run, not the race detector's
		}
		live := liveBytes(c.make)
		if c.bound < live || c.bound > 4*live {
			t.Errorf("%s: estimate %d bytes; the world keeps %d", name, c.bound, live)
		}
	}
}

// TestRunBytesCountsElections checks the elections RunBytes counts
// against a trial's, with terms of one month, the shortest.
func TestRunBytesCountsElections(t *testing.T) {
	t.Parallel()
	p := classroomLike(20)
	p.World.DistrictsPerOblast = 2
	p.Institutions.TermMonths, p.Institutions.MaslikhatTermMonths = 1, 1
	const months = 24
	res, err := RunTrial(context.Background(), &p, months, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The result holds the elections of months 1..months; the bound
	// counts the burn-in's too.
	if n, bound := int64(len(res.Elections)), SizeOf(&p).elections(&p, months); n > bound || n == 0 {
		t.Errorf("a trial recorded %d elections; RunBytes counts %d", n, bound)
	}
	one, two := RunBytes(&p, months, 1, 1), RunBytes(&p, months, 4, 2)
	if two <= one || two > 4*one {
		t.Errorf("RunBytes: 1 trial on 1 worker %d bytes, 4 on 2 workers %d; want more, at most 4 times", one, two)
	}
}
