package sim

import "testing"

// TestSizeOfBoundsTheWorld checks the bound against generated worlds,
// including one whose units are far more than its residents need.
func TestSizeOfBoundsTheWorld(t *testing.T) {
	t.Parallel()
	classroomLike := Default()
	classroomLike.World.OblastTable, classroomLike.World.Oblasts, classroomLike.World.DistrictsPerOblast = "uniform", 1, 1
	classroomLike.World.Towns, classroomLike.World.RuralDistricts, classroomLike.World.Villages, classroomLike.World.Settlements = 0, 12, 3, 2
	classroomLike.World.Population, classroomLike.World.Represent = 40000, 10

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
