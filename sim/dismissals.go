package sim

import "math"

// Dismissals and recalls: process 10 of the month. Where the rules let the
// district akim dismiss rural akims, it decides from its objective
// (superior.go): it reconsiders an akim now and then, and after every
// protest, when blaming the akim also counts; it dismisses when a
// replacement is expected to serve it better by more than a dismissal
// costs. Where residents can recall a directly elected akim, a petition
// gathers the signatures of dissatisfied residents who are aware of their
// institutions; past institutions.recall_signatures a ballot follows,
// which recalls when most of those voting do. Either way a new akim is
// chosen at once by the mode in force, without the removed one.

// recallPossible reports whether unit u's residents can recall their akim
// now: the rules allow it, the akim was elected directly and has served a
// year.
func (w *World) recallPossible(u *Unit) bool {
	return w.Params.Institutions.Recall && w.mode == Direct && u.Akim.ChosenBy == Direct && u.Akim.Tenure >= 12
}

// recallHazard is an akim's forecast of the monthly chance of a successful
// recall when residents' mean trust in it is trust and their mean
// awareness aware: the share signing is about the aware share of those
// dissatisfied, read from the mean (assumption of the akim's rough
// reckoning), against the threshold.
func recallHazard(trust, aware, threshold float64) float64 {
	dissatisfied := logistic((0.4 - trust) / 0.08)
	return 0.5 * logistic((dissatisfied*aware-threshold)/0.02)
}

// removals runs process 10 for unit ui of district d: the superior's
// dismissal, or else a recall, each followed by a new selection.
func (w *World) removals(ui int, d *District, blamed bool) {
	u := &w.Units[ui]
	if blamed || d.rng.Float64() < w.dismissalProb(u, d, u.Satisfaction, false) {
		d.dismissals++
		why := DismissedByChoice
		if blamed {
			why = DismissedForProtest
		}
		d.noteDismissal(w, ui, why)
		if u.Akim.ChosenBy == Direct {
			u.lastVote.overruled = true
		}
		d.elections = append(d.elections, w.selectAkim(ui, d, false))
		return
	}
	if !w.recallPossible(u) || u.TrustMean > 0.6 {
		return
	}
	need := w.Params.Institutions.RecallSignatures
	sign, against := w.petition(u.Start, u.End, func(h *CitizenBlock, l int) float64 { return float64(h.Trust[l]) }, need)
	if sign < need {
		return
	}
	rec := ElectionRecord{Month: w.Month, Kind: AkimRecall, Unit: ui, District: u.District,
		Mode: w.mode, IncumbentRan: true, Turnout: math.NaN(), Margin: math.NaN(), WinnerParty: NoParty}
	rec.IncumbentWon = against <= 0.5
	d.elections = append(d.elections, rec)
	if against <= 0.5 {
		return
	}
	d.recalls++
	d.elections = append(d.elections, w.selectAkim(ui, d, false))
}
