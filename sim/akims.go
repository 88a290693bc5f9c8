package sim

import "math/rand/v2"

// newAkim draws an akim of the given origin. Trait ranges by origin are
// assumptions (docs/ODD.md): origin does not predict competence or
// integrity (both uniform on [0.2, 0.8] and [0.3, 0.8] for everyone), so
// any difference in who governs well comes from how akims are selected;
// origin predicts loyalty and orientation: officials and party nominees
// are loyal and look upward, independents look downward.
func newAkim(chosenBy Mode, o Origin, r *rand.Rand) Akim {
	a := Akim{Origin: o, ChosenBy: chosenBy}
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	a.Competence, a.Integrity = u(0.2, 0.8), u(0.3, 0.8)
	switch o {
	case Independent:
		a.Loyalty, a.Trait = u(0, 0.4), u(0.5, 0.9)
	case PartyNominee:
		a.Loyalty, a.Trait = u(0.7, 1), u(0.1, 0.4)
		a.Party = true
	default: // Official
		a.Loyalty, a.Trait = u(0.6, 1), u(0.1, 0.4)
		a.Party = r.Float64() < 0.7
		a.Origin = Official
	}
	return a
}

// randomOrigin draws the origin of a sitting akim at the start of a run.
func randomOrigin(m Mode, r *rand.Rand) Origin {
	x := r.Float64()
	if m == Direct {
		switch {
		case x < 0.35:
			return Official
		case x < 0.8:
			return PartyNominee
		default:
			return Independent
		}
	}
	if x < 0.6 {
		return Official
	}
	return PartyNominee
}

// Weights of the institutional incentives in an akim's downward
// orientation (assumption; the direction follows Myerson 2015 and Seabright
// 1996: the akim looks to whoever selects, funds and can remove it).
const (
	dwTrait        = 0.3  // the akim's personal inclination
	dwBase         = 0.15 // every akim serves residents somewhat
	dwAppointed    = 0.05
	dwIndirect     = 0.15
	dwDirect       = 0.2 // direct election with uninformed voters
	dwInformed     = 0.5 // extra when every voter is informed
	dwOwnMoney     = 0.2 // times the own-revenue share of the budget
	dwNoDismissal  = 0.2 // superior cannot dismiss
	dwRecall       = 0.1 // residents can recall
	dwCouncil      = 0.1 // times the rural council's effort
	dwOrderPenalty = 0.1 // times the order load
)

// downwardOrientation returns the weight akim a of unit u puts on residents
// rather than the superior, given the institutions in force.
func (w *World) downwardOrientation(u *Unit, d *District) float64 {
	p := &w.Params
	x := dwBase + dwTrait*u.Akim.Trait
	switch w.mode {
	case Appointed:
		x += dwAppointed
	case Indirect:
		x += dwIndirect
	case Direct:
		x += dwDirect + dwInformed*u.AwareShare
		if p.Institutions.Recall {
			x += dwRecall
		}
	}
	if u.Budget > 0 {
		x += dwOwnMoney * u.Own / u.Budget
	}
	if !p.Institutions.SuperiorCanDismiss {
		x += dwNoDismissal
	}
	if p.Oversight.RuralCouncil {
		x += dwCouncil * p.Oversight.RuralCouncilEffort
	}
	x -= dwOrderPenalty * clamp01(p.Behavior.OrderLoad*d.OrderMult)
	return clamp01(x)
}
