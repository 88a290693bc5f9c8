package sim

import (
	"math"
	"math/rand/v2"
	"slices"
)

// trait names a citizen's trait drawn when it is created (drawTraits, setCitizen).
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
// Independent draws (drawTraits) take no strata: each citizen's traits
// are drawn from r in trait order, as before the option existed.
type strata struct {
	order [numTraits][]int32
	draws []traitDraws // the settlement's agents' draws (deal)
	tails []tailDraw   // scratch of quantiles
}

// traitDraws are one citizen's draws for its traits, by trait: uniforms
// on [0,1) for its age and education, standard normals for the rest
// (setCitizen reads them).
type traitDraws [numTraits]float64

// drawTraits draws a citizen's traits independently from r: for each
// trait in order, r.Float64() for a uniform and r.NormFloat64() for a
// normal.
func drawTraits(v *traitDraws, r *rand.Rand) {
	v[traitAge] = r.Float64()
	v[traitEdu] = r.Float64()
	for t := traitIncome; t < numTraits; t++ {
		v[t] = r.NormFloat64()
	}
}

// deal draws the traits of a settlement's n agents into draws: it
// shuffles each trait's order of strata with r, then draws each agent's
// traits in order, each a uniform from r within the agent's stratum
// (for a normal trait, its normal quantile).
func (st *strata) deal(n int, r *pcg) {
	for t := range st.order {
		o := slices.Grow(st.order[t][:0], n)[:n]
		for i := range o {
			o[i] = int32(i)
		}
		r.shuffle(o)
		st.order[t] = o
	}
	st.draws = slices.Grow(st.draws[:0], n)[:n]
	fn := float64(n)
	g := *r
	for k := range st.draws {
		v := &st.draws[k]
		for t := range v {
			var x uint64
			g, x = g.next()
			v[t] = (float64(st.order[t][k]) + uniform53(x)) / fn
		}
	}
	*r = g
	st.quantiles()
}

// tailDraw is a uniform of draws whose normal quantile is in the tails
// (strata.quantiles): the agent, the trait and the uniform.
type tailDraw struct {
	k, t int32
	u    float64
}

// quantiles replaces the uniforms u of the normal traits in draws with
// their standard normal quantiles, -Sqrt2 * math.Erfcinv(2u) bit for bit
// (u = 0, the lowest stratum's bottom, taken as 2^-53 so that the
// quantile is finite), in two runs: the first gives every draw the
// central rational approximation, without a branch, and notes the draws
// outside its range (about 15%, at random, which a branch would
// mispredict); the second gives those their quantile.
func (st *strata) quantiles() {
	st.tails = slices.Grow(st.tails[:0], len(st.draws)*int(numTraits-traitIncome))
	st.tails = st.tails[:cap(st.tails)]
	nt := 0
	for k := range st.draws {
		v := &st.draws[k]
		for t := traitIncome; t < numTraits; t++ {
			u := v[t]
			if u <= 0 {
				u = 0x1p-53
			}
			x := 1 - 2*u // math.Erfcinv(2u) is math.Erfinv(1 - 2u)
			v[t] = -math.Sqrt2 * erfinvCentral(x)
			st.tails[nt] = tailDraw{int32(k), int32(t), u}
			if !(math.Abs(x) <= 0.85) {
				nt++
			}
		}
	}
	// The quantile, with Erfinv's argument made positive and its sign
	// put back (math.Erfinv(-x) is -math.Erfinv(x)), so that
	// math.Erfinv does not branch on the random sign.
	for _, d := range st.tails[:nt] {
		x := 1 - 2*d.u
		st.draws[d.k][d.t] = -math.Sqrt2 * math.Copysign(math.Erfinv(math.Abs(x)), x)
	}
}
