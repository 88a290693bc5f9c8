package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBelowLogistic checks that the bounded decision agrees with
// v < logistic(z) (away from rounding at the boundary), including z
// outside the bounds' range and at 0, where both bounds touch.
func TestBelowLogistic(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	const margin = 1e-12 // closer than this to logistic(z), rounding decides
	zs := []float64{0, -8, 8, -1e-9, 1e-9, -20, 20, math.Inf(1), math.Inf(-1)}
	for i := 0; i < 200000; i++ {
		zs = append(zs[:9], 24*r.Float64()-12)
		for _, z := range zs {
			v := r.Float64()
			if i%7 == 0 {
				v = logistic(z) + (2*r.Float64()-1)*1e-9 // near the boundary
			}
			if v < 0 || v >= 1 || math.Abs(v-logistic(z)) < margin {
				continue
			}
			if got, want := belowLogistic(v, z), v < logistic(z); got != want {
				t.Fatalf("belowLogistic(%v, %v) = %v; want %v (logistic %v)", v, z, got, want, logistic(z))
			}
		}
	}
}

// TestLogisticBoundsDecideMost checks that the bounds leave few draws to
// the exponential over the range of participation logits the model sees.
func TestLogisticBoundsDecideMost(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	const n = 100000
	undecided := 0
	for i := 0; i < n; i++ {
		if _, sure := logisticBounds(r.Float64(), 8*r.Float64()-4); !sure {
			undecided++
		}
	}
	if share := float64(undecided) / n; share > 0.05 {
		t.Errorf("logisticBounds left %.3f of draws undecided for z in [-4,4]; want at most 0.05", share)
	}
}
