package sim

import (
	"context"
	"math"
	"math/bits"
	"testing"
)

// ties returns slot i's network targets, rewired or on its ring, reading
// the layout as the pass does.
func ties(w *World, s *Locality, i int) []int {
	nw := &w.Network
	cur := nw.linkAt(i)
	n := s.End - s.Start
	u := &w.Units[s.Unit]
	var out []int
	for j := range degreeIn(nw.degree, u.End-u.Start) {
		if nw.mask[i]&(1<<j) != 0 || j >= degreeIn(nw.degree, n) {
			out = append(out, int(nw.links[cur]))
			cur++
			continue
		}
		out = append(out, s.Start+((i-s.Start+ringOffsets[j])%n+n)%n)
	}
	return out
}

// TestNetworkLayout checks the small world's layout: every slot has the
// degree of ties where its unit has that many other slots, ring ties
// stay in the settlement, rewired ones in the unit, the positions its
// settlement cannot hold are all drawn from the unit, the share of ring
// positions rewired is the rewiring probability, and the index finds
// each slot's links.
func TestNetworkLayout(t *testing.T) {
	t.Parallel()
	p := smallParams()
	p.World.NetworkRewiring = 0.2
	w := newTestWorld(t, &p, TrialSeed(3, 0))
	nw := &w.Network
	if nw.degree != 6 || len(nw.mask) != w.Citizens.Len() {
		t.Fatalf("network degree %d over %d slots; want 6 over %d", nw.degree, len(nw.mask), w.Citizens.Len())
	}
	positions, rewired, total, beyond := 0, 0, 0, 0
	for li := range w.Localities {
		s := &w.Localities[li]
		u := &w.Units[s.Unit]
		ring, k := degreeIn(6, s.End-s.Start), degreeIn(6, u.End-u.Start)
		for i := s.Start; i < s.End; i++ {
			if nw.mask[i]>>k != 0 {
				t.Fatalf("slot %d rewires position beyond its degree %d: mask %08b", i, k, nw.mask[i])
			}
			if all := uint8(1<<k - 1); nw.mask[i]|(1<<ring-1) != all {
				t.Fatalf("slot %d: positions %d to %d lie beyond its settlement's ring and must all be drawn from the unit; mask %08b", i, ring, k-1, nw.mask[i])
			}
			if n := len(ties(w, s, i)); n != k {
				t.Fatalf("slot %d has %d ties; want %d", i, n, k)
			}
			beyond += k - ring
			if got := nw.linkAt(i); got != total {
				t.Fatalf("linkAt(%d) = %d; want %d", i, got, total)
			}
			total += bits.OnesCount8(nw.mask[i])
			for j, x := range ties(w, s, i) {
				inUnit := x >= u.Start && x < u.End && x != i
				if !inUnit || nw.mask[i]&(1<<j) == 0 && (x < s.Start || x >= s.End) {
					t.Fatalf("slot %d position %d tie to %d: outside its settlement [%d, %d) or unit [%d, %d)",
						i, j, x, s.Start, s.End, u.Start, u.End)
				}
			}
			positions += ring
			rewired += bits.OnesCount8(nw.mask[i] & (1<<ring - 1))
		}
	}
	if beyond == 0 {
		t.Error("no settlement smaller than the degree: the test world does not check the ties drawn from the unit")
	}
	if total != len(nw.links) {
		t.Errorf("masks count %d rewired ties; links holds %d", total, len(nw.links))
	}
	share := float64(rewired) / float64(positions)
	if se := math.Sqrt(0.2 * 0.8 / float64(positions)); math.Abs(share-0.2) > 5*se {
		t.Errorf("rewired share %.4f of %d ties; want 0.2 (network_rewiring)", share, positions)
	}
	p.World.NetworkDegree = 0
	if w := newTestWorld(t, &p, TrialSeed(3, 0)); w.Network.mask != nil || w.Network.links != nil {
		t.Error("network_degree 0 built a network")
	}
}

// TestLocalitiesPartitionUnits checks that each unit's settlements split
// its slots and that the national default has about the seed's 6,905.
func TestLocalitiesPartitionUnits(t *testing.T) {
	t.Parallel()
	p := Default()
	p.World.Represent = 50
	w := newTestWorld(t, &p, TrialSeed(1, 0))
	for ui := range w.Units {
		u := &w.Units[ui]
		at := u.Start
		for li := u.FirstLocality; li < u.EndLocality; li++ {
			s := &w.Localities[li]
			if s.Start != at || s.Unit != ui {
				t.Fatalf("unit %d settlement %d starts at slot %d of unit %d; want %d of unit %d", ui, li, s.Start, s.Unit, at, ui)
			}
			at = s.End
		}
		if at != u.End || u.EndLocality <= u.FirstLocality {
			t.Fatalf("unit %d: settlements end at %d, unit at %d, %d settlements", ui, at, u.End, u.EndLocality-u.FirstLocality)
		}
	}
	if n := len(w.Localities); math.Abs(float64(n)-6905) > 150 {
		t.Errorf("%d settlements; want about 6,905", n)
	}
}

// socialWorld is the small world with unrest off (no grievance), so that
// the network acts only through the social pulls.
func socialWorld() Params {
	p := smallParams()
	p.Behavior.HardshipShift = -1
	return p
}

// withinUnitSpread returns, per trial, the citizen-weighted mean over
// units of the standard deviation of field within a unit, after months.
func withinUnitSpread(t *testing.T, p Params, field func(h *CitizenBlock, l int) float32) []float64 {
	t.Helper()
	var out []float64
	for trial := range 4 {
		w := newTestWorld(t, &p, TrialSeed(11, trial))
		for range 24 {
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
		}
		sum, n := 0.0, 0.0
		for ui := range w.Units {
			u := &w.Units[ui]
			var s, s2, k float64
			for i, h := range w.Citizens.slots(u.Start, u.End) {
				if l := i & (BlockLen - 1); h.State[l] != Vacant {
					x := float64(field(h, l))
					s, s2, k = s+x, s2+x*x, k+1
				}
			}
			if k > 1 {
				sum += k * math.Sqrt(math.Max(0, s2/k-(s/k)*(s/k)))
				n += k
			}
		}
		out = append(out, sum/n)
	}
	return out
}

// TestSocialPullsTogether checks the switches of social learning and
// social trust: with a pull, citizens' awareness (trust) is closer to
// their neighbours' (less spread within units); with every pull off
// (social habit too), the network makes no difference to either.
func TestSocialPullsTogether(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field func(h *CitizenBlock, l int) float32
		pull  func(p *Params) *float64
	}{
		{"awareness", func(h *CitizenBlock, l int) float32 { return h.Awareness[l] }, func(p *Params) *float64 { return &p.Participation.SocialLearning }},
		{"trust", func(h *CitizenBlock, l int) float32 { return h.Trust[l] }, func(p *Params) *float64 { return &p.Behavior.SocialTrust }},
	}
	off := socialWorld()
	off.Participation.SocialLearning, off.Behavior.SocialTrust, off.Behavior.SocialHabit = 0, 0, 0
	noNet := off
	noNet.World.NetworkDegree = 0
	for _, tt := range tests {
		on := off
		*tt.pull(&on) = 0.3
		a, b := withinUnitSpread(t, on, tt.field), withinUnitSpread(t, off, tt.field)
		for i := range a {
			if !(a[i] < 0.8*b[i]) {
				t.Errorf("%s, trial %d: spread within units %.4f with the pull, %.4f without; want under 0.8 times", tt.name, i, a[i], b[i])
			}
		}
		if c := withinUnitSpread(t, noNet, tt.field); c[0] != b[0] {
			t.Errorf("%s: pulls off, spread %v with the network, %v without; want identical", tt.name, b[0], c[0])
		}
	}
}

// TestNbrVotedIsNeighboursShare checks the voting-habit input: after a
// month, each citizen's NbrVoted is the share of its living ties that
// held the voting habit at the start of the month: the mean of their
// Voted shares.
func TestNbrVotedIsNeighboursShare(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Behavior.MigrationRate = 0
	w := newTestWorld(t, &p, TrialSeed(2, 0))
	voted := make([]int, w.Citizens.Len())
	living := make([]bool, w.Citizens.Len())
	for i, h := range w.Citizens.slots(0, w.Citizens.Len()) {
		l := i & (BlockLen - 1)
		h.Voted[l] = uint8(i * 37 % (votedUnit + 1)) // shares that differ from slot to slot
		voted[i], living[i] = int(h.Voted[l]), h.State[l] != Vacant
	}
	u := &w.Units[0]
	w.live(u, &w.Districts[u.District], w.ps)
	checked := 0
	for li := u.FirstLocality; li < u.EndLocality; li++ {
		s := &w.Localities[li]
		for i := s.Start; i < s.End; i++ {
			h, l := w.Citizens.at(i)
			if !living[i] || h.State[l] == Vacant {
				continue
			}
			n, v := 0, 0
			for _, x := range ties(w, s, i) {
				if living[x] {
					n++
					v += voted[x]
				}
			}
			want := 0.0
			if n > 0 {
				want = float64(v) / votedUnit / float64(n)
			}
			if math.Abs(float64(h.NbrVoted[l])-want) > 1e-6 {
				t.Fatalf("slot %d NbrVoted = %v; want %v (%d living ties, their shares summing to %d/255)", i, h.NbrVoted[l], want, n, v)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no citizen checked")
	}
}

// TestNetworkOffIsSettlementMean checks that with network_degree 0 a
// citizen's neighbourhood is its settlement: runs differ from the
// network's, and still run.
func TestNetworkOffIsSettlementMean(t *testing.T) {
	t.Parallel()
	p := smallParams()
	p.Behavior.HardshipShift = 0.3
	off := p
	off.World.NetworkDegree = 0
	a, err := RunTrial(context.Background(), &p, 12, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RunTrial(context.Background(), &off, 12, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if a.Months[11][Awareness] == b.Months[11][Awareness] {
		t.Error("network_degree 0 gave the same awareness as degree 6; want the settlement's mean to differ from the neighbours'")
	}
}
