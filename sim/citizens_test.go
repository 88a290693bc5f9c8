package sim

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestStateLanes checks the eight-at-a-time state tests against a byte by
// byte loop, for every state and random words of states and ages.
func TestStateLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		var b [8]uint8
		for i := range b {
			b[i] = uint8(r.IntN(4))
		}
		w := binary.LittleEndian.Uint64(b[:])
		for st := Vacant; st <= Jailed; st++ {
			var want uint8
			for i, x := range b {
				if x == st {
					want |= 1 << i
				}
			}
			if got := stateLanes(w, st); got != want {
				t.Fatalf("stateLanes(%v, %d) = %08b, want %08b", b, st, got, want)
			}
		}
	}
}

func TestLaneRange(t *testing.T) {
	for lo := -3; lo <= BlockLen+3; lo++ {
		for hi := -3; hi <= BlockLen+3; hi++ {
			var want uint32
			for l := max(lo, 0); l < min(hi, BlockLen); l++ {
				want |= 1 << l
			}
			if got := laneRange(lo, hi); got != want {
				t.Errorf("laneRange(%d, %d) = %016b, want %016b", lo, hi, got, want)
			}
		}
	}
}
