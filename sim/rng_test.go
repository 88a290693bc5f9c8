package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPCGMatchesRand checks pcg against math/rand/v2: the same numbers,
// uniforms, bounded integers (powers of two, small bounds, and bounds
// near 2^64, where the rejection loop runs often) and shuffles as
// rand.New(rand.NewPCG(...)), drawn in the same order from one stream.
func TestPCGMatchesRand(t *testing.T) {
	t.Parallel()
	bounds := []uint64{1, 2, 3, 5, 7, 64, 1000, 1<<32 + 1, 1 << 40, 1<<63 + 12345, ^uint64(0) - 3, ^uint64(0)}
	for _, stream := range []int{0, 1, streamCitizens + 5, streamNetwork + 168} {
		seed := TrialSeed(3, stream)
		g := newStreamPCG(seed, stream)
		r := newStream(seed, stream)
		for i := range 20000 {
			switch i % 4 {
			case 0:
				if got, want := g.Uint64(), r.Uint64(); got != want {
					t.Fatalf("stream %d draw %d: Uint64() = %d; want %d", stream, i, got, want)
				}
			case 1:
				_, x := g.next()
				if got, want := uniform53(g.Uint64()), r.Float64(); got != want || uniform53(x) != got {
					t.Fatalf("stream %d draw %d: uniform53(Uint64()) = %v, uniform53 of next's = %v; want Float64() = %v", stream, i, got, uniform53(x), want)
				}
			case 2:
				n := bounds[(i/4)%len(bounds)]
				var got uint64
				if g, got = g.uint64n(n); got != r.Uint64N(n) {
					t.Fatalf("stream %d draw %d: uint64n(%d) = %d; want Uint64N's", stream, i, n, got)
				}
			case 3:
				n := 1 + (i/4)%40
				got, want := make([]int32, n), make([]int32, n)
				for k := range n {
					got[k], want[k] = int32(k), int32(k)
				}
				g.shuffle(got)
				r.Shuffle(n, func(a, b int) { want[a], want[b] = want[b], want[a] })
				if !slices.Equal(got, want) {
					t.Fatalf("stream %d draw %d: shuffle = %v; want %v", stream, i, got, want)
				}
			}
		}
	}
	// rand.New over a pcg draws from its state: independent draws
	// (drawTraits) and the strata's share one stream.
	g := newStreamPCG(1, 2)
	r, want := rand.New(&g), newStream(1, 2)
	for i := range 100 {
		if got, w := r.NormFloat64(), want.NormFloat64(); got != w {
			t.Fatalf("draw %d: NormFloat64 over pcg = %v; want %v", i, got, w)
		}
	}
}
