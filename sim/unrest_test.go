package sim

import "testing"

// TestSpilloverSpreadsProtest checks the switch of spillover: a unit
// next to one in revolt has more active residents with spillover than
// without, and without it, its neighbours' unrest makes no difference.
func TestSpilloverSpreadsProtest(t *testing.T) {
	t.Parallel()
	active := func(spill, neighbourActive float64) float64 {
		p := smallParams()
		p.Unrest.Spillover = spill
		p.Behavior.HardshipShift = 0.25 // grievance above the threshold for many
		w := newTestWorld(t, &p, TrialSeed(4, 0))
		b := &w.Units[1]
		for _, a := range w.adjacent[b.adjStart:b.adjEnd] {
			n := &w.Units[a]
			n.prevActive, n.prevPop = neighbourActive*float64(n.Pop), float64(n.Pop)
		}
		w.live(b, &w.Districts[b.District], w.ps)
		return b.Active
	}
	calm, revolt := active(0.5, 0), active(0.5, 0.6)
	if !(revolt > calm) {
		t.Errorf("active agents next to a revolt %v, next to calm units %v, with spillover; want more next to the revolt", revolt, calm)
	}
	if off, offRevolt := active(0, 0), active(0, 0.6); off != offRevolt {
		t.Errorf("spillover off: %v active next to calm units, %v next to a revolt; want the same", off, offRevolt)
	}
}
