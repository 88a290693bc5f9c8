package sim

// Perception, trust and legitimacy: process 6 of the month. Citizens read
// service quality with noise that awareness and transparency reduce, move
// their trust towards what they see, and form legitimacy from how the akim
// was chosen (procedural) and how it performs.

// proceduralBase is the procedural legitimacy of each selection mode
// before election fairness (assumption; ordering from the reform debate:
// residents value choosing their akim themselves).
var proceduralBase = [3]float64{Appointed: 0.35, Indirect: 0.45, Direct: 0.75}

// procedural returns a citizen's procedural legitimacy of an akim chosen
// by mode m: the mode's base,
// reduced by manipulation where there is a vote, and raised by attachment
// to the ruling party (the attached accept the system as it is).
func procedural(m Mode, manipulation, party float64) float64 {
	return proceduralWith(modeLegitimacy(m, manipulation), party)
}

// modeLegitimacy is the part of procedural legitimacy that depends on the
// mode alone: its base, reduced by manipulation where there is a vote.
func modeLegitimacy(m Mode, manipulation float64) float64 {
	b := proceduralBase[m]
	if m == Direct {
		b *= 1 - manipulation
	}
	return b
}

// proceduralWith is procedural given modeLegitimacy(m, manipulation).
func proceduralWith(modeLegit, party float64) float64 {
	return proceduralMode(0.8*modeLegit, party)
}

// proceduralMode is proceduralWith given the mode's share, 0.8*modeLegit,
// which the citizens' pass computes once a unit.
func proceduralMode(modeShare, party float64) float64 {
	return clamp01(modeShare + 0.2*party)
}

// legitimacy returns L from procedural legitimacy, trust in the akim and
// in the district, and the scenario's shift.
func legitimacy(proc, trustAkim, trustDistrict, procWeight, shift float64) float64 {
	return legitimacyWeighted(proc, trustAkim, trustDistrict, procWeight, 1-procWeight, shift)
}

// legitimacyWeighted is legitimacy given the weight of performance,
// 1-procWeight, which the citizens' pass computes once a unit.
func legitimacyWeighted(proc, trustAkim, trustDistrict, procWeight, perfWeight, shift float64) float64 {
	return clamp01(procWeight*proc + perfWeight*(0.6*trustAkim+0.4*trustDistrict) + shift)
}

// perceive returns a citizen's reading of quality q given a uniform draw
// u in [0,1): noise shrinks with awareness and transparency.
func perceive(q, noise, awareness, transparency, u float64) float64 {
	return clamp01(q + noise*(1-awareness)*(1-transparency)*(2*u-1))
}
