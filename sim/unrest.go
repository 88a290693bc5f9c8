package sim

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Unrest: process 8 of the month, Epstein's (2002) civil-violence rule,
// Model I. A citizen's grievance is G = H(1-L) with hardship H and
// legitimacy L; its estimated arrest probability is
// P = 1 - exp(-k * C/A), with C police and A actives (counting itself) in
// its vision, here its unit; it turns active when G - R*P > T. Police jail
// some actives for a term uniform on 0..max months. The rounding of C/A is
// a parameter: the paper uses the plain ratio, NetLogo's Rebellion floors
// it, Mesa rounds it (since 2024).

// Rounding is how the cops-to-actives ratio is rounded.
type Rounding uint8

// The roundings of C/A.
const (
	RoundNone  Rounding = iota // the paper: C/A as is
	RoundFloor                 // NetLogo's Rebellion: floor(C/A)
	RoundHalf                  // Mesa 3: Python's round(C/A), halves to even
)

// roundingNames are the scenario words of the roundings, in their order.
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

// arrest jails some of unit u's active citizens: police officers each jail
// Unrest.ArrestRate residents a month, so Police*ArrestRate/represent
// agents (rounded stochastically), chosen uniformly among the actives by
// selection sampling (Knuth's Algorithm S), each for a term uniform on
// 0..MaxJailMonths.
func (w *World) arrest(u *Unit, d *District) {
	if u.Active == 0 {
		return
	}
	up := &w.Params.Unrest
	x := u.Police * up.ArrestRate / w.represent
	m := int(x)
	if d.rng.Float64() < x-float64(m) {
		m++
	}
	m = min(m, u.Active)
	if m == 0 {
		return
	}
	c := &w.Citizens
	left := u.Active
	// The actives in slot order, found eight states at a time.
	for base := u.Start &^ (BlockLen - 1); base < u.End && m > 0; base += BlockLen {
		h := &c.Blocks[uint(base)/BlockLen]
		lanes := activeLanes(h, u.Start-base, u.End-base)
		for ; lanes != 0 && m > 0; lanes &= lanes - 1 {
			l := bits.TrailingZeros32(lanes)
			if d.rng.IntN(left) < m {
				h.State[l] = Jailed
				c.Jail[base+l] = uint16(d.rng.IntN(up.MaxJailMonths + 1))
				m--
				u.Active--
				u.Jailed++
			}
			left--
		}
	}
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

// activeLanes is the mask of block h's lanes lo..hi-1 whose citizen is
// Active. A block wholly in the unit is read eight states at a time; a
// block only partly in it lane by lane, since its other lanes may belong
// to a district another goroutine is updating.
func activeLanes(h *CitizenBlock, lo, hi int) uint32 {
	if lo <= 0 && hi >= BlockLen {
		return uint32(stateLanes(binary.LittleEndian.Uint64(h.State[:8]), Active)) |
			uint32(stateLanes(binary.LittleEndian.Uint64(h.State[8:]), Active))<<8
	}
	var m uint32
	for l := max(lo, 0); l < min(hi, BlockLen); l++ {
		if h.State[l] == Active {
			m |= 1 << l
		}
	}
	return m
}
