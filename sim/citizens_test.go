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
