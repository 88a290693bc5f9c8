package sim

import (
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"testing"
)

// worldHash returns an FNV-64a hash of every citizen field and network
// link of w and of its units' and settlements' values.
func worldHash(w *World) uint64 {
	h := fnv.New64a()
	for bi := range w.Citizens.Blocks {
		must(binary.Write(h, binary.LittleEndian, &w.Citizens.Blocks[bi]))
	}
	must(binary.Write(h, binary.LittleEndian, w.Citizens.Edu))
	must(binary.Write(h, binary.LittleEndian, w.Citizens.Income))
	nw := &w.Network
	must(binary.Write(h, binary.LittleEndian, nw.mask))
	must(binary.Write(h, binary.LittleEndian, nw.blockOff))
	must(binary.Write(h, binary.LittleEndian, nw.links))
	hashValues(h, w.Units, w.Localities)
	return h.Sum64()
}

// hashValues writes vs to h as fmt prints them (%v gives every float
// exactly).
func hashValues(h hash.Hash, vs ...any) {
	for _, v := range vs {
		fmt.Fprintf(h, "%+v", v)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TestWorldGenerationExact pins the worlds NewWorld draws, and the same
// worlds a year later (newborns are drawn by drawTraits and setCitizen too), to hashes
// of every citizen field and network link computed before world building
// was made faster (issue 21): a faster generation must draw the same
// worlds bit for bit, on any number of goroutines.
func TestWorldGenerationExact(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		set         func(p *Params)
		built, year uint64
	}{
		{"stratified", func(p *Params) {}, 0x47a78ffd5f963d32, 0x4ed6d4859022f3a9},
		{"independent", func(p *Params) { p.World.Composition = "independent" }, 0x924cf810295c2c92, 0x6d90b39b60a4ff87},
		{"degree8", func(p *Params) { p.World.NetworkDegree, p.World.NetworkRewiring = 8, 0.3 }, 0x7e148d71838f7796, 0x232c7e557c026b7f},
		{"tiny", func(p *Params) { p.World.Represent = 200 }, 0xce796888a21335d0, 0x1695b010c515fa2f},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := smallParams()
			c.set(&p)
			w := newTestWorld(t, &p, TrialSeed(7, 1))
			built := worldHash(w)
			w2, err := newWorld(&p, TrialSeed(7, 1), 3)
			if err != nil {
				t.Fatal(err)
			}
			if h := worldHash(w2); h != built {
				t.Errorf("world hash on 3 goroutines = %#x; want %#x, as on one", h, built)
			}
			for range 12 {
				if err := w.Step(); err != nil {
					t.Fatal(err)
				}
			}
			w.stopWorkers()
			if year := worldHash(w); built != c.built || year != c.year {
				t.Errorf("world hashes = %#x, %#x; want %#x, %#x", built, year, c.built, c.year)
			}
		})
	}
}
