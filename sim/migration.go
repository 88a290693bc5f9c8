package sim

// Migration: process 11 of the month. People leave units whose hardship,
// poor services and income gap are high, the young first (Tiebout 1956:
// voting with the feet). Leavers go to the cities, outside the modelled
// rural world; their slot becomes vacant. Births fill vacant slots at the
// net natural-increase rate. The unit's tax base and needs follow its
// population; the plan does not.

// leaveProb returns the monthly probability that a citizen leaves.
func leaveProb(rate, youngMult, hardship, quality, incomeGap float64, young bool) float64 {
	push := 0.3*hardship + 0.6*(1-quality) + 0.1*incomeGap
	p := rate * push
	if young {
		p *= youngMult
	}
	return min(1, p)
}

// incomeGap is how far a citizen's income falls short of the urban income
// it could earn by leaving (assumed 1.5 times the rural median).
func incomeGap(income, median float64) float64 {
	if median <= 0 {
		return 0
	}
	return clamp01(1 - income/(1.5*median))
}
