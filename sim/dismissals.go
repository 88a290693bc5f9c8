package sim

import "math"

// Dismissals and recalls: process 10 of the month. Where the rules let the
// superior dismiss rural akims, it does so after public complaints (seed
// fact: rural akims who complain publicly are dismissed), after protests
// (blame shifting) and for disloyalty. Where residents can recall a
// directly elected akim, they do when distrust passes the threshold. Either
// way a new akim is chosen at once by the mode in force, without the
// removed one.

// dismissProb returns the monthly probability that the superior dismisses
// akim a: complaints come from akims who look downward and are not loyal.
func dismissProb(ip *InstitutionParams, a *Akim, protest bool) float64 {
	if !ip.SuperiorCanDismiss {
		return 0
	}
	p := ip.DismissOnDisloyalty*(1-a.Loyalty) + ip.DismissOnComplaint*a.Downward*(1-a.Loyalty)
	if protest {
		p += ip.DismissOnProtest
	}
	return clamp01(p)
}

// recallDue reports whether residents of unit u recall their akim: the
// rules allow it, the akim was elected directly and has served a year, and
// the share distrusting the akim (1 - mean trust) passes the threshold.
func (w *World) recallDue(u *Unit) bool {
	ip := &w.Params.Institutions
	return ip.Recall && w.mode == Direct && u.Akim.ChosenBy == Direct && u.Akim.Tenure >= 12 &&
		1-u.TrustMean > ip.RecallThreshold
}

// removals runs process 10 for unit ui of district d.
func (w *World) removals(ui int, d *District) {
	u := &w.Units[ui]
	if d.rng.Float64() < dismissProb(&w.Params.Institutions, &u.Akim, u.Protest) {
		d.dismissals++
		d.elections = append(d.elections, w.selectAkim(ui, d, false))
		return
	}
	if w.recallDue(u) {
		d.recalls++
		d.elections = append(d.elections, ElectionRecord{Month: w.Month, Kind: AkimRecall, Unit: ui, District: u.District,
			Mode: w.mode, IncumbentRan: true, Turnout: math.NaN(), Margin: math.NaN()})
		d.elections = append(d.elections, w.selectAkim(ui, d, false))
	}
}

// deputyRecalls is the imperative mandate (seed fact: 2022): once a year,
// each non-independent deputy is recalled with a probability growing with
// the district's lost legitimacy, and the by-election may seat an
// independent.
func (w *World) deputyRecalls(d *District) {
	if !w.Params.Institutions.DeputyRecall {
		return
	}
	legit, pop := 0.0, 0.0
	for ui := d.FirstUnit; ui < d.End; ui++ {
		legit += w.Units[ui].LegitMean * float64(w.Units[ui].Pop)
		pop += float64(w.Units[ui].Pop)
	}
	if pop == 0 {
		return
	}
	legit /= pop
	stand := w.independentStands(d)
	for s := range d.Deputies {
		dep := &d.Deputies[s]
		if dep.Affiliation == IndependentDeputy || d.rng.Float64() >= 0.05*(1-legit) {
			continue
		}
		if d.rng.Float64() < stand {
			dep.Affiliation = IndependentDeputy
		}
	}
}
