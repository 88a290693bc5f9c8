package sim

import "testing"

// BenchmarkAkimPlanning runs every rural akim's yearly planning
// (planAkim), as in a January of the national default at 1:50; its
// cpu-ns/citizen-month is that of a January: an average month adds about
// a twelfth of it, and the plans of akims new in office.
func BenchmarkAkimPlanning(b *testing.B) {
	benchUnits(b, func(w *World, _ int, u *Unit, d *District) { w.planAkim(u, d) })
}
