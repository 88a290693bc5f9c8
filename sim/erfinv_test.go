package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestErfinvExact checks erfinv against math.Erfinv bit for bit: at the
// special cases, around the branches' bounds, in the far tail, and at
// random points of (-1, 1) and of the stratified uniforms' scale.
func TestErfinvExact(t *testing.T) {
	t.Parallel()
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, math.NaN(), math.Inf(1), math.Inf(-1),
		0.85, -0.85, math.Nextafter(0.85, 1), math.Nextafter(-0.85, -1), 1 - 0x1p-53, -1 + 0x1p-53,
		1 - 1e-12, 1 - 1e-15, 1 - 2*math.Exp(-25), -(1 - 2*math.Exp(-25)), 5e-324, -5e-324}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		xs = append(xs, 2*r.Float64()-1, 1-math.Ldexp(r.Float64(), -r.IntN(60)))
	}
	for _, x := range xs {
		if got, want := erfinv(x), math.Erfinv(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("erfinv(%v) = %v; want %v", x, got, want)
		}
	}
	for _, n := range []int{1, 2, 3, 7, 100, 12345} {
		for k := range n {
			for _, f := range []float64{0, 0x1p-53, 0.5, 1 - 0x1p-53, r.Float64()} {
				u := (float64(k) + f) / float64(n)
				want := -math.Sqrt2 * math.Erfcinv(2*u)
				if u <= 0 {
					want = -math.Sqrt2 * math.Erfcinv(2*0x1p-53)
				}
				if got := normalQuantile(u); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("normalQuantile(%v) = %v; want %v", u, got, want)
				}
			}
		}
	}
}
