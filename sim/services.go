package sim

// Allocation and services: processes 4 and 5 of the month. The akim splits
// the money it controls between the superior's plan and residents' needs
// as it perceives them; the district spends its own money by the plan.
// Services depreciate and improve with effective spending, the akim's
// competence and the office's free capacity, and are valued against
// current needs.

// allocation returns the sector shares of the money the akim controls.
// down is the akim's downward orientation: the share of its discretion
// that follows residents' needs as it perceives them rather than the
// superior's plan; info is how well it knows those needs, pb the
// participatory-budgeting share (decided by participants, who know their
// needs).
func allocation(need, service, plan *[NumSectors]float64, down, info, pb float64) [NumSectors]float64 {
	var gap [NumSectors]float64
	for s := range gap {
		gap[s] = need[s] * (1 - service[s])
	}
	normalise(&gap)
	var a [NumSectors]float64
	for s := range a {
		perceived := info*gap[s] + (1-info)*plan[s]
		a[s] = pb*gap[s] + (1-pb)*(down*perceived+(1-down)*plan[s])
	}
	return a
}

// improve applies one month of depreciation and improvement to a service
// level: spend is the effective money per resident for the sector, cost
// the money per resident that would close the whole gap in a month, and
// productivity the akim's and office's efficiency.
func improve(level, spend, cost, productivity, depreciation float64) float64 {
	gain := min(1, spend/cost*productivity)
	return clamp01(level*(1-depreciation) + (1-level)*gain)
}

// effortProductivity is the share of the akim office's productivity that
// remains when it gives residents the share effort of its time and the
// rest to the superior's orders: 0.4 + 0.6 effort (assumption: orders
// take staff time that would turn money into services; seed fact: about
// 79 duties imposed by law).
func effortProductivity(effort float64) float64 { return 0.5 + 0.5*effort }

// serviceMonth applies one month of depreciation and improvement to the
// service levels svc: the akim spends controlled by its allocation a and
// the district spends district by the plan, both through the unit's
// office at productivity prod (the district's projects in a unit are
// carried out with the rural akim's office, whose time the district's
// orders take as well). It returns the need-weighted level.
func serviceMonth(svc, need, plan, a *[NumSectors]float64, controlled, district, res, prod float64, f *FiscalParams, b *BehaviorParams) float64 {
	q := 0.0
	for s := range svc {
		spend := (controlled*a[s] + district*plan[s]) / res
		svc[s] = improve(svc[s], spend, f.ServiceCostPerCapita, prod, b.Depreciation)
		q += need[s] * svc[s]
	}
	return q
}

// services runs processes 3-5 for unit u of district d.
func (w *World) services(u *Unit, d *District) {
	p := &w.Params
	driftNeeds(&u.Need, p.Behavior.NeedDrift, d.rng)
	res := float64(u.Pop) * w.represent
	if res <= 0 {
		return
	}
	a := allocation(&u.Need, &u.Service, &u.Plan, u.Akim.Downward, w.needsInfo(u), p.Participation.BudgetShare)
	prod := u.productivity(res, u.Akim.Downward)
	u.Quality = serviceMonth(&u.Service, &u.Need, &u.Plan, &a, u.controlled, u.districtSpend, res, prod, &p.Fiscal, &p.Behavior)
}
