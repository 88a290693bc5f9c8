package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestErfinvCentralExact checks erfinvCentral against math.Erfinv bit
// for bit over its range, both signs, at its bounds and at random points.
func TestErfinvCentralExact(t *testing.T) {
	t.Parallel()
	xs := []float64{0, 0.85, math.Nextafter(0.85, 0), 0x1p-53, 5e-324, 0.5, 1e-300}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		xs = append(xs, 0.85*r.Float64())
	}
	for _, x := range xs {
		for _, x := range []float64{x, -x} {
			if got, want := erfinvCentral(x), math.Erfinv(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("erfinvCentral(%v) = %v; want %v", x, got, want)
			}
		}
	}
}

// TestQuantilesExact checks strata.quantiles against normalQuantile (the
// quantile as world building always computed it) bit for bit, for the
// uniforms of settlements of several sizes: every stratum's bottom, top,
// middle and a random point, so that central and tail draws mix.
func TestQuantilesExact(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	var st strata
	for _, n := range []int{1, 2, 3, 7, 100, 12345} {
		st.draws = st.draws[:0]
		for k := range n {
			for _, f := range []float64{0, 0x1p-53, 0.5, 1 - 0x1p-53, 1, r.Float64()} {
				var v traitDraws
				for tr := range v {
					v[tr] = (float64(k) + f) / float64(n)
				}
				v[traitParty] = r.Float64()
				st.draws = append(st.draws, v)
			}
		}
		want := make([]traitDraws, len(st.draws))
		for i, v := range st.draws {
			want[i] = v
			for tr := traitIncome; tr < numTraits; tr++ {
				want[i][tr] = normalQuantile(v[tr])
			}
		}
		st.quantiles()
		for i := range want {
			for tr := range want[i] {
				if got, w := st.draws[i][tr], want[i][tr]; math.Float64bits(got) != math.Float64bits(w) {
					t.Fatalf("n = %d: draw %d, trait %d: quantiles gives %v; want %v", n, i, tr, got, w)
				}
			}
		}
	}
}

// normalQuantile returns the standard normal quantile of u in [0,1],
// as world building computed it before strata.quantiles:
// -Sqrt2 * math.Erfcinv(2u), the lowest stratum's bottom (u = 0) taken
// as 2^-53 so that the quantile is finite.
func normalQuantile(u float64) float64 {
	if u <= 0 {
		u = 0x1p-53
	}
	return -math.Sqrt2 * math.Erfcinv(2*u)
}
