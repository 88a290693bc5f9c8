package sim

// Orders: process 3 of the month. The district pushes tasks down to rural
// akims (seed fact: about 79 duties imposed by law); they eat the office's
// staff time, which is then missing for residents' needs.

// orderLoad returns the share of the akim office's capacity taken by the
// district's orders in district d: the duties imposed by law, the same in
// every district (behavior.order_load).
func (w *World) orderLoad(d *District) float64 {
	return clamp01(w.Params.Behavior.OrderLoad)
}

// staffCapacity returns how well unit u's office is staffed for its
// population, in [0.5, 1]: one staff member per 400 residents counts as
// full (assumption; large units are understaffed under the resolution).
func (u *Unit) staffCapacity(residents float64) float64 {
	if residents <= 0 {
		return 1
	}
	return min(1, max(0.5, 400*float64(u.Staff)/residents))
}
