package sim

import "math"

// Money: process 2 of the month. Revenue is collected, the district akim
// extracts its share of the pool and divides the rest among its units by
// the transfer rule, and leakage is booked at three points: district
// extraction (its size the district akim's choice, checked by maslikhat
// oversight), the akim's rent (its choice; exposed by monitoring,
// transparency and a rural council) and connected contractors'
// low-quality work.

// taxRate is the combined effective rate of the five local taxes
// (individual income, property, vehicle, land, outdoor advertising).
func (f *FiscalParams) taxRate() float64 {
	return f.IncomeTaxRate + f.PropertyTaxRate + f.VehicleTaxRate + f.LandTaxRate + f.AdvertisingRate
}

// OwnRevenue returns the five local taxes raised on a tax base (resident
// income, KZT) and the part of them the unit keeps: base x rate x
// compliance, times the own-revenue share when the unit has its own budget
// (seed fact: fourth-tier budgets from 2018 for units over 2,000 people,
// from 2020 for all). Units without their own budget keep none.
func (f *FiscalParams) OwnRevenue(base, residents float64) (raised, kept float64) {
	raised = base * f.taxRate() * f.Compliance
	if f.OwnBudget && residents >= float64(f.OwnBudgetMinPopulation) {
		kept = raised * f.OwnRevenueShare
	}
	return raised, kept
}

// money runs process 2 for district d: revenue, the pool, extraction,
// transfers, emergency money and budgets. Rent and contractors are booked
// per unit once the akim has planned (leakage).
func (w *World) money(d *District) {
	p := &w.Params
	f := &p.Fiscal
	pool, residentsD := 0.0, 0.0
	sumOwnPC, nOwn := 0.0, 0
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		res := float64(u.Pop) * w.represent
		residentsD += res
		raised, kept := f.OwnRevenue(u.incomeSum*w.represent, res)
		u.Tax = kept
		u.Own = kept + f.OtherRevenuePerCapita*res
		pool += raised - kept
		if res > 0 {
			sumOwnPC += u.Own / res
			nOwn++
		}
	}
	pool += f.TransferPerCapita * residentsD
	d.pool = pool
	d.extracted = pool * d.extractionShare(p)
	d.connectedCS = d.connectedShare(p)
	pool -= d.extracted

	meanOwnPC := 0.0
	if nOwn > 0 {
		meanOwnPC = sumOwnPC / float64(nOwn)
	}
	claims := d.claims[:0]
	for ui := d.FirstUnit; ui < d.End; ui++ {
		claims = append(claims, w.transferClaim(&w.Units[ui], meanOwnPC))
	}
	d.claims = claims
	if f.TransferRule == "discretionary" || f.TransferRule == "plan" {
		d.patronageWeights(w, claims)
	}
	sumW := 0.0
	for _, c := range claims {
		sumW += c
	}
	for i, c := range claims {
		u := &w.Units[d.FirstUnit+i]
		u.Transfer = 0
		if sumW > 0 {
			u.Transfer = pool * c / sumW
		}
		u.Concede = 0
		if u.Conceded {
			u.Concede = p.Unrest.ConcedeMoney * float64(u.Pop) * w.represent
			u.Conceded = false
		}
		u.Budget = u.Own + u.Transfer + u.Concede
		u.akimMoney = u.Own + u.Concede
		if f.OwnBudget {
			u.akimMoney += u.Transfer
		}
		u.districtMoney = u.Budget - u.akimMoney
	}
}

// transferClaim is unit u's claim on the district pool under the rule in
// force, before the district akim's preferences (patronageWeights) where
// the rule leaves it discretion.
func (w *World) transferClaim(u *Unit, meanOwnPC float64) float64 {
	f := &w.Params.Fiscal
	res := float64(u.Pop) * w.represent
	switch f.TransferRule {
	case "formula":
		// Equalising formula: per capita, topped up where own revenue per
		// resident is below the district mean.
		if res == 0 || meanOwnPC == 0 {
			return res
		}
		return res * max(0.05, 1+f.Equalisation*(meanOwnPC-u.Own/res)/meanOwnPC)
	case "plan":
		// The frozen plan: the population it was drawn for, not today's
		// (seed fact: plans drawn a decade earlier keep funding shrinking
		// villages).
		return u.PlanPop
	case "needs":
		gap := 0.0
		for s := range u.Need {
			gap += u.Need[s] * (1 - u.Service[s])
		}
		return res * gap
	default: // discretionary: per capita, bent by the district akim's objective
		return res
	}
}

// leakage books unit u's akim's rent (its plan), its exposure, the
// kickback, and the contractors' quality discount, and sets the money the
// akim and the district spend on services.
func (w *World) leakage(u *Unit, d *District) {
	p := &w.Params
	f := &p.Fiscal
	a := &u.Akim
	u.Rent = 0
	if a.TakeRent {
		u.Rent = u.akimMoney * a.RentOpp
		if d.rng.Float64() < exposureRate*w.rentChecks(u) {
			u.Scandal = min(1, u.Scandal+p.Behavior.Scandal)
		}
	}
	u.Scandal *= scandalDecay
	// Local elites capture a share of what is left of the akim's money
	// for their own ends (Bardhan and Mookherjee 2000), as far as residents
	// and institutions do not check it.
	u.Captured = (u.akimMoney - u.Rent) * w.captureShare(u)
	left := u.akimMoney - u.Rent - u.Captured
	cs := d.connectedCS
	akimCS := w.akimConnected(d)
	u.Contractor = u.districtMoney*cs*f.QualityDiscount + left*akimCS*f.QualityDiscount
	u.Leak = u.Rent + u.Captured + u.Contractor
	u.controlled = left * (1 - akimCS*f.QualityDiscount)
	u.districtSpend = u.districtMoney * (1 - cs*f.QualityDiscount)
}

// captureShare is the share of the money unit u's akim controls that its
// local elite captures: its capture (from local inequality) as far as
// residents monitoring, transparency and a rural council do not check it.
func (w *World) captureShare(u *Unit) float64 {
	return u.Capture * (1 - w.rentChecks(u))
}

// scandalDecay is the monthly persistence of an exposed-rent scandal in
// what residents perceive of their akim (assumption: a half-life of about
// half a year).
const scandalDecay = 0.95

// localCapture is unit u's elite capture: behavior.capture times the Gini
// coefficient of its residents' incomes, read from their mean log
// deviation as for lognormal incomes (Gini = 2 Phi(sqrt(MLD)) - 1), so
// capture rises with local inequality (Bardhan and Mookherjee 2000).
func (w *World) localCapture(u *Unit) float64 {
	c := &w.Citizens
	var n int
	var sumLog, sum float64
	for i, h := range c.slots(u.Start, u.End) {
		if h.State[i&(BlockLen-1)] == Vacant {
			continue
		}
		x := float64(c.Income[i])
		if x <= 0 {
			continue
		}
		n++
		sum += x
		sumLog += math.Log(x)
	}
	if n < 2 {
		return 0
	}
	mld := math.Log(sum/float64(n)) - sumLog/float64(n)
	gini := 2*normalCDF(math.Sqrt(max(mld, 0))) - 1
	return clamp01(w.Params.Behavior.Capture * gini)
}
