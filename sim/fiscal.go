package sim

// Money: process 2 of the month. Revenue is collected, the district divides
// its pool among its units by the transfer rule, and leakage is booked at
// three points: district extraction (checked by maslikhat oversight), the
// akim's rent (checked by monitoring, transparency, a rural council and
// informed voters) and connected contractors' low-quality work.

// Deputy oversight effort by affiliation, as multiples of
// Oversight.MaslikhatEffort (assumption: ruling-party deputies rarely
// scrutinise the akimat, akimat-affiliated ones never do).
var deputyEffort = [4]float64{RulingDeputy: 0.25, AkimatDeputy: 0, BusinessDeputy: 0.5, IndependentDeputy: 1}

// oversight returns the maslikhat's oversight of the district akimat in [0,1].
func (d *District) oversight(p *Params) float64 {
	if len(d.Deputies) == 0 {
		return 0
	}
	s := 0.0
	for _, dep := range d.Deputies {
		s += deputyEffort[dep.Affiliation]
	}
	return clamp01(p.Oversight.MaslikhatEffort * s / float64(len(d.Deputies)))
}

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

// money runs process 2 for district d.
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
	d.extracted = pool * clamp01(f.Extraction*d.ExtractMult) * (1 - d.oversight(p))
	pool -= d.extracted

	meanOwnPC := 0.0
	if nOwn > 0 {
		meanOwnPC = sumOwnPC / float64(nOwn)
	}
	patron := clamp01(f.PatronageWeight * d.FavourMult)
	sumW := 0.0
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		u.Transfer = w.transferWeight(u, patron, meanOwnPC)
		sumW += u.Transfer
	}
	for ui := d.FirstUnit; ui < d.End; ui++ {
		u := &w.Units[ui]
		if sumW > 0 {
			u.Transfer = pool * u.Transfer / sumW
		} else {
			u.Transfer = 0
		}
		res := float64(u.Pop) * w.represent
		u.Concede = 0
		if u.Protest {
			u.Concede = p.Unrest.ConcedeMoney * res
		}
		u.Budget = u.Own + u.Transfer + u.Concede
		w.leakage(u, d)
	}
}

// transferWeight is unit u's claim on the district pool under the rule in
// force.
func (w *World) transferWeight(u *Unit, patron, meanOwnPC float64) float64 {
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
		// The frozen plan: the population it was drawn for, not today's.
		return u.PlanPop
	case "needs":
		gap := 0.0
		for s := range u.Need {
			gap += u.Need[s] * (1 - u.Service[s])
		}
		return res * gap
	default: // discretionary, with patronage and funding threats
		x := res * (1 + patron*(2*u.Akim.Loyalty-1))
		if u.Akim.Origin == Independent {
			x *= 1 - w.Params.Institutions.FundingThreat
		}
		return x
	}
}

// rentDeterrence is how much of an akim's rent opportunity is checked: by
// residents monitoring spending, budget transparency, a rural council and,
// under direct election, informed voters (Besley 2006: elections discipline
// only when voters can see performance).
func (w *World) rentDeterrence(u *Unit) float64 {
	p := &w.Params
	free := (1 - clamp01(2*u.ParticipateRate)) * (1 - p.Oversight.Transparency)
	if p.Oversight.RuralCouncil {
		free *= 1 - p.Oversight.RuralCouncilEffort
	}
	if w.mode == Direct {
		free *= 1 - 0.5*u.AwareShare
	}
	return 1 - free
}

// leakage books the akim's rent and the contractors' quality discount for
// unit u, and sets the money the akim allocates.
func (w *World) leakage(u *Unit, d *District) {
	p := &w.Params
	f := &p.Fiscal
	control := u.Own + u.Concede
	if f.OwnBudget {
		control += u.Transfer
	}
	districtMoney := u.Budget - control
	rentShare := f.RentMax * (1 - u.Akim.Integrity) * p.Behavior.Capture * (1 - w.rentDeterrence(u))
	u.Rent = control * rentShare
	cs := clamp01(f.ConnectedShare * d.ConnectedMult)
	// Money the district spends goes through its connected firms; the
	// akim's own money less so, and less again under a rural council.
	akimCS := 0.5 * cs
	if p.Oversight.RuralCouncil {
		akimCS *= 1 - p.Oversight.RuralCouncilEffort
	}
	u.Contractor = districtMoney*cs*f.QualityDiscount + (control-u.Rent)*akimCS*f.QualityDiscount
	u.Leak = u.Rent + u.Contractor
	u.controlled = (control - u.Rent) * (1 - akimCS*f.QualityDiscount)
	u.districtSpend = districtMoney * (1 - cs*f.QualityDiscount)
}
