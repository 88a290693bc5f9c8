package sim

// Allocation and services: processes 4 and 5 of the month. The akim splits
// the money it controls between the superior's plan and residents' needs
// as it perceives them; the district spends its own money by the plan.
// Services depreciate and improve with effective spending, the akim's
// competence and the office's free capacity, and are valued against
// current needs.

// allocation returns the sector shares of the money the akim controls.
// down is the akim's downward orientation, orders the order load, info how
// well the akim knows residents' needs, pb the participatory-budgeting
// share (decided by participants, who know their needs).
func allocation(need, service, plan *[NumSectors]float64, down, orders, info, pb float64) [NumSectors]float64 {
	var gap [NumSectors]float64
	for s := range gap {
		gap[s] = need[s] * (1 - service[s])
	}
	normalise(&gap)
	wRes := down * (1 - orders)
	var a [NumSectors]float64
	for s := range a {
		perceived := info*gap[s] + (1-info)*plan[s]
		a[s] = pb*gap[s] + (1-pb)*(wRes*perceived+(1-wRes)*plan[s])
	}
	return a
}

// captured mixes the share kappa of an allocation into the elite's
// priorities: upgrading what is already well served and little needed,
// in proportion to service x (1 - need) (assumption).
func captured(a, need, service *[NumSectors]float64, kappa float64) {
	if kappa <= 0 {
		return
	}
	var elite [NumSectors]float64
	for s := range elite {
		elite[s] = service[s] * (1 - need[s])
	}
	normalise(&elite)
	for s := range a {
		a[s] = (1-kappa)*a[s] + kappa*elite[s]
	}
}

// improve applies one month of depreciation and improvement to a service
// level: spend is the effective money per resident for the sector, cost
// the money per resident that would close the whole gap in a month, and
// productivity the akim's and office's efficiency.
func improve(level, spend, cost, productivity, depreciation float64) float64 {
	gain := min(1, spend/cost*productivity)
	return clamp01(level*(1-depreciation) + (1-level)*gain)
}

// services runs processes 3-5 for unit u of district d.
func (w *World) services(u *Unit, d *District) {
	p := &w.Params
	driftNeeds(&u.Need, p.Behavior.NeedDrift, d.rng)
	res := float64(u.Pop) * w.represent
	if res <= 0 {
		return
	}
	orders := w.orderLoad(d)
	info := clamp01(0.3 + 2*u.ParticipateRate + 0.3*p.Oversight.Transparency)
	a := allocation(&u.Need, &u.Service, &u.Plan, u.Akim.Downward, orders, info, p.Participation.BudgetShare)
	// Local elite capture bends the money the akim controls towards the
	// elite's priorities, as far as residents do not check it (Bardhan and
	// Mookherjee 2000).
	captured(&a, &u.Need, &u.Service, p.Behavior.Capture*(1-w.rentDeterrence(u)))
	productivity := (0.5 + u.Akim.Competence) * u.staffCapacity(res) * (1 - 0.3*orders)
	q := 0.0
	for s := range u.Service {
		spend := (u.controlled*a[s] + u.districtSpend*u.Plan[s]) / res
		u.Service[s] = improve(u.Service[s], spend, p.Fiscal.ServiceCostPerCapita, productivity, p.Behavior.Depreciation)
		q += u.Need[s] * u.Service[s]
	}
	u.Quality = q
}
