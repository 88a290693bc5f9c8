package sim

import (
	"math"
	"math/rand/v2"
)

// trait names a citizen's trait drawn when it is created (drawCitizen).
type trait int

const (
	traitAge trait = iota
	traitEdu
	traitIncome
	traitCivic
	traitAwareness
	traitEfficacy
	traitTrust
	traitTrustDist
	traitParty
	numTraits
)

// strata deals a settlement's first citizens their traits by stratified
// sampling (world.composition = "stratified"): for each trait, the unit
// interval is cut into n equal strata, one for each of the settlement's n
// citizen agents, dealt in an order shuffled for each trait, and each
// agent's uniform is drawn within its stratum. Every trait's distribution
// over the settlement is then the trait's own up to one stratum's width,
// whatever n is, so a settlement's mix of residents (its share of the
// poor, of the young, of the civic-minded) does not depend on how many
// residents an agent stands for; with independent draws its sampling
// spread grows with world.represent. The traits are dealt independently
// of one another, as the independent draws are.
//
// A nil *strata stands for independent draws: its methods then draw from
// r directly, in the order drawCitizen asks, so the default worlds are
// drawn exactly as before the option existed.
type strata struct {
	n     int
	k     int // the agent being drawn, 0..n-1
	order [numTraits][]int32
}

// deal prepares the strata of a settlement of n agents, shuffling each
// trait's order with r.
func (st *strata) deal(n int, r *rand.Rand) {
	if st == nil {
		return
	}
	st.n, st.k = n, 0
	for t := range st.order {
		o := st.order[t][:0]
		for i := range n {
			o = append(o, int32(i))
		}
		r.Shuffle(n, func(i, j int) { o[i], o[j] = o[j], o[i] })
		st.order[t] = o
	}
}

// advance moves to the settlement's next agent.
func (st *strata) advance() {
	if st != nil {
		st.k++
	}
}

// uniform returns the current agent's uniform on [0,1) for trait t.
func (st *strata) uniform(r *rand.Rand, t trait) float64 {
	if st == nil {
		return r.Float64()
	}
	return (float64(st.order[t][st.k]) + r.Float64()) / float64(st.n)
}

// normal returns the current agent's standard normal draw for trait t:
// the normal quantile of its stratified uniform.
func (st *strata) normal(r *rand.Rand, t trait) float64 {
	if st == nil {
		return r.NormFloat64()
	}
	u := st.uniform(r, t)
	if u <= 0 {
		u = 0x1p-53 // the lowest stratum's bottom: a finite quantile
	}
	return -math.Sqrt2 * math.Erfcinv(2*u)
}
