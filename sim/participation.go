package sim

import "math"

// Participation: process 7 of the month. A citizen attends a meeting, takes
// part in participatory budgeting or monitors spending when the expected
// benefit beats the cost (lower with digital tools). Efficacy rises when
// participation is answered and falls when it is not; unanswered
// participation adds to hardship (seed fact: protests and road closures
// follow when participation yields nothing).

// participationCeiling is the largest monthly share of citizens who take
// part (assumption: meetings are not held every week for everyone).
const participationCeiling = 0.25

// participationLearning is the share of the awareness gap a citizen closes
// by taking part once (assumption).
const participationLearning = 0.02

// participationProb returns the monthly probability that a citizen takes
// part, from efficacy, awareness, the unmet need it perceives and its civic
// duty, against the cost of taking part.
func participationProb(efficacy, awareness, unmet, civic, cost float64) float64 {
	return participationCeiling * logistic(participationLogit(efficacy, awareness, unmet, civic, cost))
}

// participationLogit is the argument of the logistic in participationProb.
func participationLogit(efficacy, awareness, unmet, civic, cost float64) float64 {
	benefit := efficacy*(0.5+awareness)*unmet*2 + 0.5*civic
	return 6 * (benefit - cost)
}

// participationCost returns the cost of taking part in unit u.
func (w *World) participationCost(u *Unit) float64 {
	pp := &w.Params.Participation
	return pp.Cost * (1 - pp.DigitalDiscount*w.Params.Oversight.Transparency) * (1 + u.DistanceKm/200)
}

// responseProb returns the probability that the akim of unit u answers a
// resident who took part: its downward orientation, less the time the
// district's orders take; a share decided by participatory budgeting is
// answered regardless.
func responseProb(down, orders, pb float64) float64 {
	return clamp01(pb + (1-pb)*down*(1-0.5*orders))
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// belowLogistic reports whether v < logistic(z), for v in [0,1), mostly
// without an exponential: logisticBounds decides most draws, and e^z is
// computed only for the rest.
func belowLogistic(v, z float64) bool {
	if below, sure := logisticBounds(v, z); sure {
		return below
	}
	return v < logistic(z)
}

// logisticBounds decides v < logistic(z) when cheap bounds suffice: sure
// reports whether they do, and below is then the answer. v < logistic(z)
// exactly when e^z (1-v) > v, and with t = z/8 clamped to [-1,1],
// (1+t)^8 <= e^z <= (1-t)^-8 (from ln(1+y) <= y; the clamp keeps them
// bounds because e^z is increasing). They take six multiplications and
// leave undecided only draws within a few per cent of logistic(z). A
// decision equals that of v < logistic(z) up to rounding, when v is
// within about 1e-15 of logistic(z). It is small enough to inline.
func logisticBounds(v, z float64) (below, sure bool) {
	t := z * 0.125
	if t < -1 {
		t = -1
	} else if t > 1 {
		t = 1
	}
	lo, hi := 1+t, 1-t
	lo *= lo
	lo *= lo
	lo *= lo
	hi *= hi
	hi *= hi
	hi *= hi
	w := 1 - v
	below = lo*w > v
	return below, below || w <= v*hi
}
