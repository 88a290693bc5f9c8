package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Unrest: process 8 of the month, Epstein's (2002) civil-violence rule,
// Model I, for super-individuals. A citizen's grievance is G = H(1-L) with
// hardship H and legitimacy L; its estimated arrest probability is
// P = 1 - exp(-k * C/A), with C police and A actives (counting itself) in
// its vision: unrest.vision_residents residents, with the police density
// of its unit and the active share of its neighbourhood (itself and its
// network neighbours, last month; the adjacent units' with weight
// unrest.spillover). The share of its residents with G - R*P > T is
// active (ActiveShare). Police jail a share of the active residents, who
// are released at the rate of one over the mean term. The rounding of C/A
// is a parameter: the paper uses the plain ratio, NetLogo's Rebellion
// floors it, Mesa rounds it (since 2024).

// Rounding is how the cops-to-actives ratio is rounded.
type Rounding uint8

// The roundings of C/A.
const (
	RoundNone  Rounding = iota // the paper: C/A as is
	RoundFloor                 // NetLogo's Rebellion: floor(C/A)
	RoundHalf                  // Mesa 3: Python's round(C/A), halves to even
)

var roundingNames = [...]string{"none", "floor", "round"}

// RoundingOf returns the rounding named by a scenario word: "none",
// "floor" or "round", or an error for any other word.
func RoundingOf(s string) (Rounding, error) {
	if i := slices.Index(roundingNames[:], s); i >= 0 {
		return Rounding(i), nil
	}
	return 0, fmt.Errorf("sim: %q is no rounding; want one of %s", s, strings.Join(roundingNames[:], ", "))
}

// ArrestProbability returns Epstein's estimated arrest probability
// 1 - exp(-k * ratio(cops/actives)), where actives counts the citizen
// itself (so it is at least 1) and ratio applies the rounding.
func ArrestProbability(k, cops, actives float64, r Rounding) float64 {
	if actives < 1 {
		actives = 1
	}
	x := cops / actives
	switch r {
	case RoundFloor:
		x = math.Floor(x)
	case RoundHalf:
		x = math.RoundToEven(x)
	}
	return 1 - math.Exp(-k*x)
}

// Grievance is Epstein's G = H(1-L).
func Grievance(hardship, legitimacy float64) float64 {
	return hardship * (1 - legitimacy)
}

// Activate is Epstein's activation rule: a citizen with grievance G, risk
// aversion R and estimated arrest probability P is active iff G - R*P > T.
func Activate(grievance, risk, arrestProb, threshold float64) bool {
	return grievance-risk*arrestProb > threshold
}

// ActiveShare is Epstein's activation rule for a super-individual
// (Scheffer et al. 1995): the residents an agent stands for share every
// trait but risk aversion R, which is spread U(0,1) among them as in
// Epstein's population, so the share of them with G - R*P > T is the
// uniform CDF at (G - T)/P: clamp01((G - T)/P), and with P = 0 it is 1 if
// G > T, else 0. For one resident it is the probability that Activate
// holds for a risk aversion drawn U(0,1): the rule, exact in expectation.
func ActiveShare(grievance, arrestProb, threshold float64) float64 {
	x := grievance - threshold
	switch {
	case x <= 0:
		return 0
	case arrestProb <= 0:
		return 1
	}
	return clamp01(x / arrestProb)
}

// jailRelease is the share of prisoners released each month: one over
// the mean jail term, max/2 months (the mean of a term uniform on
// 0..max), or all of them when the mean term is under a month. A jailed
// share cannot carry per-person terms, so release is a constant rate.
func jailRelease(maxMonths int) float64 {
	return min(1, 2/float64(max(maxMonths, 1)))
}

// arrest jails some of unit u's active residents: police officers each
// jail Unrest.ArrestRate residents a month, at most the unit's active
// residents, taken from each agent in proportion to its active residents.
// u.Active and u.Jailed are the sums of the agents' shares afterwards.
func (w *World) arrest(u *Unit) {
	active := u.Active * w.represent
	if active <= 0 {
		return
	}
	q := min(1, u.Police*w.Params.Unrest.ArrestRate/active)
	if q <= 0 {
		return
	}
	// Branch-free: a vacant slot takes a share of 0 (its stale values stay
	// as they were) and adds 0 to the sums, which leaves them as they are
	// (they are never -0), so the sums and every slot come out as with a
	// test of each slot.
	qf := float32(q)
	var sumActive, sumJailed float64
	blocks := w.Citizens.Blocks
	for base := u.Start &^ (BlockLen - 1); base < u.End; base += BlockLen {
		h := &blocks[uint(base)/BlockLen]
		for l := max(u.Start-base, 0); l < min(u.End-base, BlockLen); l++ {
			j := l & (BlockLen - 1)
			live := float32(min(h.State[j], 1)) // 1 living, 0 vacant
			a := h.ActiveFrac[j]
			taken := qf * a * live
			na, nj := a-taken, h.JailFrac[j]+taken
			h.ActiveFrac[j], h.JailFrac[j] = na, nj
			sumActive += float64(na * live)
			sumJailed += float64(nj * live)
		}
	}
	u.Active, u.Jailed = sumActive, sumJailed
}

// protestEvent reports whether a settlement of pop agents, active of them
// active (the sum of their shares, before arrests), has a protest event:
// its active share above ProtestThreshold and at least
// ProtestMinResidents active residents, so that it is seen as one. Both
// are shares of residents or residents, whatever represent is.
func (up *UnrestParams) protestEvent(pop int, active, represent float64) bool {
	return pop > 0 && active/float64(pop) > up.ProtestThreshold && active*represent >= up.ProtestMinResidents
}

// protestResponse resets unit u's normal police level to its residents
// and lets extra police sent after a protest drift back to it; the
// district akim's response to a protest (more police, emergency money or
// blaming the akim) is its own choice (superior.go).
func (w *World) protestResponse(u *Unit) {
	up := &w.Params.Unrest
	u.BasePolice = up.PolicePer1000 * float64(u.Pop) * w.represent / 1000
	u.Police = u.BasePolice + 0.9*(u.Police-u.BasePolice)
}
