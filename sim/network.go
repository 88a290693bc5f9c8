package sim

import "math/bits"

// The social network: process 6-8's neighbourhoods. Citizens' slots are
// houses, and the network links houses, so that a newborn or an arrival
// into a vacant slot takes over its links. It is a Watts-Strogatz small
// world (Watts and Strogatz 1998) built once per world: a ring lattice of
// world.network_degree positions within each settlement, each position
// rewired with probability world.network_rewiring to a slot drawn
// uniformly from the whole unit. A slot's k positions are its ring
// neighbours at offsets +1, -1, +2, -2, ... within its settlement
// (wrapping), and each is rewired independently, so links are directed
// (whom a citizen listens to) and every slot keeps exactly k of them. A
// settlement of n slots holds only n - 1 ring positions; a slot's
// positions beyond those are always drawn from the unit, so every slot
// has k ties wherever its unit has k other slots, however few agents
// its settlement holds (and so whatever world.represent is).
//
// Layout: the ring neighbours are implicit; only rewired links are
// stored. mask[i] has bit j set when slot i's position j is rewired, and
// its targets are the next popcount(mask[i]) entries of links, in slot
// order; blockOff gives each block's first entry, so a pass that walks
// slots in order keeps a cursor.

// maxDegree is the largest network degree: a slot's positions fit a byte.
const maxDegree = 8

// ringOffsets are the ring positions' offsets within a settlement.
var ringOffsets = [maxDegree]int{1, -1, 2, -2, 3, -3, 4, -4}

// network is the citizens' social network over slots.
type network struct {
	degree   int
	mask     []uint8  // per slot: the rewired positions
	blockOff []uint32 // per block of BlockLen slots: the first entry of links at or after its first slot
	links    []int32  // targets (slot indices) of rewired positions
}

// degreeIn is the number of positions of a slot among n slots: the
// degree, less where there are fewer other slots. A slot has
// degreeIn(degree, unit's slots) positions, of which the first
// degreeIn(degree, settlement's slots) are ring positions.
func degreeIn(degree, n int) int { return max(0, min(degree, n-1)) }

// rewire draws the rewired positions of unit u's slots: each ring
// position of each slot is rewired with probability beta, and each
// position beyond its settlement's ring always, to another slot of the
// unit drawn uniformly. It sets mask and appends the targets, in slot
// order, to links.
func (nw *network) rewire(w *World, u *Unit, beta float64, r *pcg, links []int32) []int32 {
	slots := u.End - u.Start
	n := uint64(slots - 1) // targets: the unit's other slots
	g := *r
	for si := u.FirstLocality; si < u.EndLocality; si++ {
		s := &w.Localities[si]
		ring := degreeIn(nw.degree, s.End-s.Start)
		k := degreeIn(nw.degree, slots)
		for i := s.Start; i < s.End; i++ {
			var m uint8
			for j := range k {
				var x uint64
				if j < ring {
					if g, x = g.next(); uniform53(x) >= beta {
						continue
					}
				}
				m |= 1 << j
				// t drawn by g.uint64n(n), its common case written out.
				g, x = g.next()
				t, lo := bits.Mul64(x, n)
				if lo < n || n&(n-1) == 0 {
					g, t = g.uint64nFrom(x, n)
				}
				t += uint64(u.Start)
				t += uint64(oneIf(t >= uint64(i))) // skip slot i itself
				links = append(links, int32(t))
			}
			nw.mask[i] = m
		}
	}
	*r = g
	return links
}

// index sets blockOff from mask, for links holding every district's
// targets in slot order.
func (nw *network) index() {
	off := uint32(0)
	for b := range nw.blockOff {
		nw.blockOff[b] = off
		for i := b * BlockLen; i < min((b+1)*BlockLen, len(nw.mask)); i++ {
			off += uint32(bits.OnesCount8(nw.mask[i]))
		}
	}
}

// linkAt returns the index in links of slot i's first rewired target.
func (nw *network) linkAt(i int) int {
	b := uint(i) / BlockLen
	off := int(nw.blockOff[b])
	for l := int(b) * BlockLen; l < i; l++ {
		off += bits.OnesCount8(nw.mask[l])
	}
	return off
}

// bytesPerSlot is the network's storage per slot, for memory reports.
func (nw *network) bytesPerSlot() float64 {
	if len(nw.mask) == 0 {
		return 0
	}
	return float64(len(nw.mask)+4*len(nw.blockOff)+4*len(nw.links)) / float64(len(nw.mask))
}

// nbrState is one slot's values that its neighbours read this month, as
// they stood at the end of last month: lv is 1 for a living slot, 0 for
// a vacant one (whose values are all 0), plus 2 times its Voted share
// (in 255ths).
type nbrState struct {
	act, aware, trust float32
	lv                uint32
}

// nbrSums are sums over slots of the values neighbours read: their
// active shares, awareness and trust, and in nv the living slots plus
// 2^32 times the sum of their Voted shares (integers in 255ths, exact,
// and below 2^31 for settlements of up to 8.4 million slots). Four fields keep the
// prefix sums at 32 bytes a slot, and let the compiler hold a sum in
// registers (it splits structs of up to four fields).
type nbrSums struct {
	active, aware, trust float64
	nv                   int64
}

// count returns e's contribution to nbrSums.nv.
func (e *nbrState) count() int64 { return int64(e.lv&1) | int64(e.lv>>1)<<32 }

// n returns the living slots counted in a.
func (a *nbrSums) n() int { return int(int32(a.nv)) }

// voted returns the sum of the Voted shares of the slots counted in a,
// in 255ths.
func (a *nbrSums) voted() int { return int(a.nv >> 32) }

// add adds slot e to the sums. A vacant slot adds zeros, which leaves
// every sum as it was (the sums are never -0), so there is no branch.
func (a *nbrSums) add(e *nbrState) {
	a.active += float64(e.act)
	a.aware += float64(e.aware)
	a.trust += float64(e.trust)
	a.nv += e.count()
}

// sub takes slot e from the sums, as add adds it.
func (a *nbrSums) sub(e *nbrState) {
	a.active -= float64(e.act)
	a.aware -= float64(e.aware)
	a.trust -= float64(e.trust)
	a.nv -= e.count()
}

// diff returns a - b.
func (a *nbrSums) diff(b *nbrSums) nbrSums {
	return nbrSums{a.active - b.active, a.aware - b.aware, a.trust - b.trust, a.nv - b.nv}
}

// plus returns a + b.
func (a *nbrSums) plus(b *nbrSums) nbrSums {
	return nbrSums{a.active + b.active, a.aware + b.aware, a.trust + b.trust, a.nv + b.nv}
}

// nbrMeans is what a citizen reads from its neighbourhood: n living
// neighbours (the settlement's living citizens when the network is off);
// their mean awareness, trust and voting at the last popular vote; and
// (activeShare) the active share of the neighbourhood with the citizen
// itself, mixed with the adjacent units' (spillover). Only citizens
// with a grievance above the threshold read the active share, so its
// division waits until they do: members and actSum hold its terms, or,
// with members < 0, active holds the share itself.
type nbrMeans struct {
	n                   int
	aware, trust, voted float64
	members             int     // the neighbourhood with the citizen; < 0 when active is set
	actSum, active      float64 // the sum of its active shares; the share
}

// recip[n] is 1/float64(n), looked up instead of divided.
var recip = func() (r [maxDegree + 1]float64) {
	for n := 1; n <= maxDegree; n++ {
		r[n] = 1 / float64(n)
	}
	return r
}()

// activeShare returns the neighbourhood's active share (nbrMeans) mixed
// with the adjacent units' share adj with weight spill.
func (m *nbrMeans) activeShare(spill, adj float64) float64 {
	if m.members < 0 {
		return m.active
	}
	a := 0.0
	if m.members > 0 {
		a = m.actSum / float64(m.members)
	}
	return (1-spill)*a + spill*adj
}

// passScratch is the citizens' pass's memory for one goroutine: the pass
// constants, the snapshot of the unit's slots and the prefix sums of the
// settlement being run. It is sized for the world's largest unit, so a
// month allocates nothing.
type passScratch struct {
	k      passUnit
	nb     []nbrState // the unit's slots, from Start
	all    []nbrSums  // the prefix sums of the unit's settlements (snapshot)
	pre    []nbrSums  // pre[q]: sums over the settlement's first q slots
	start  int        // the unit's first slot
	sStart int        // the settlement being run: its slots [sStart, sEnd)
	sEnd   int
	kEff   int      // ring positions of its slots
	left   int      // ring positions before a slot (those after: kEff - left)
	cursor int      // the next entry of links
	settle nbrMeans // the settlement's means (the network off)
	means  nbrMeans // the slot being run's
	spill  float64  // weight of the adjacent units' active share
	adj    float64  // their active share last month
}

// newPassScratch returns scratch space for units of up to slots slots.
func newPassScratch(slots int) *passScratch {
	return &passScratch{nb: make([]nbrState, 0, slots), all: make([]nbrSums, 0, slots+1)}
}

// snapshot copies the values unit u's citizens show their neighbours,
// as they are at the start of the pass (last month's), and computes each
// settlement's prefix sums of them, in one run over the unit's slots:
// settlement number j of the unit (from 0), its slots from unit position
// p, has its n+1 prefix sums at all[p+j:].
func (ps *passScratch) snapshot(w *World, u *Unit) {
	ps.start = u.Start
	ps.nb = ps.nb[:u.End-u.Start]
	need := u.End - u.Start + u.EndLocality - u.FirstLocality
	if cap(ps.all) < need {
		ps.all = make([]nbrSums, need) // only for a unit with more settlements than usual
	}
	ps.all = ps.all[:need]
	blocks := w.Citizens.Blocks
	q := 0
	for si := u.FirstLocality; si < u.EndLocality; si++ {
		s := &w.Localities[si]
		var sum nbrSums
		ps.all[q] = sum
		q++
		for i := s.Start; i < s.End; {
			h := &blocks[uint(i)/BlockLen]
			for l := i & (BlockLen - 1); l < BlockLen && i < s.End; l, i = l+1, i+1 {
				// Branch-free (vacant and living slots alternate at
				// random): a vacant slot's stale values, finite and never
				// negative, times 0 are +0, as the zeros it shows.
				e := &ps.nb[i-u.Start]
				live := uint32(min(h.State[l], Living))
				lf := float32(live)
				e.act, e.aware, e.trust = h.ActiveFrac[l]*lf, h.Awareness[l]*lf, h.Trust[l]*lf
				e.lv = live * (1 | uint32(h.Voted[l])<<1)
				sum.add(e)
				ps.all[q] = sum
				q++
			}
		}
	}
	ps.spill, ps.adj = 0, 0
}

// startLocality prepares the neighbourhoods of settlement s, number j of
// its unit: its prefix sums and the link cursor, or its means when the
// network is off.
func (ps *passScratch) startLocality(nw *network, s *Locality, j int) {
	ps.sStart, ps.sEnd = s.Start, s.End
	ps.kEff = degreeIn(nw.degree, s.End-s.Start)
	ps.left = ps.kEff / 2
	off := s.Start - ps.start + j
	ps.pre = ps.all[off : off+s.End-s.Start+1]
	if nw.degree > 0 {
		ps.cursor = nw.linkAt(s.Start)
		return
	}
	sum := ps.pre[len(ps.pre)-1]
	m := nbrMeans{n: sum.n(), members: -1}
	if m.n > 0 {
		f := 1 / float64(m.n)
		m.active, m.aware, m.trust, m.voted = sum.active*f, sum.aware*f, sum.trust*f, float64(sum.voted())*(f/votedUnit)
	}
	m.active = (1-ps.spill)*m.active + ps.spill*ps.adj
	ps.settle = m
}

// skip passes over slot i's rewired links (a slot that stays vacant).
func (ps *passScratch) skip(nw *network, i int) {
	if nw.degree > 0 {
		ps.cursor += bits.OnesCount8(nw.mask[i])
	}
}

// window returns the sums over the settlement's positions a..b (inclusive,
// wrapping round the ring; -n < a <= b < 2n).
func (ps *passScratch) window(a, b int) nbrSums {
	pre := ps.pre
	n := len(pre) - 1
	switch {
	case a < 0:
		x := pre[n].diff(&pre[n+a])
		return x.plus(&pre[b+1])
	case b >= n:
		x := pre[n].diff(&pre[a])
		return x.plus(&pre[b-n+1])
	}
	return pre[b+1].diff(&pre[a])
}

// neighbours sets m to slot i's neighbourhood means from the snapshot and
// moves the link cursor past its rewired links. Slots must be visited in
// order within the settlement being run (skip for those not visited). The
// ring's sums come from the prefix sums; each rewired ring position swaps its
// ring slot for its target, and each position beyond the ring adds its target.
func (ps *passScratch) neighbours(nw *network, i int, m *nbrMeans) {
	if nw.degree == 0 {
		*m = ps.settle
		return
	}
	p := i - ps.sStart
	self := &ps.nb[i-ps.start]
	sum := ps.window(p-ps.left, p+ps.kEff-ps.left)
	sum.sub(self)
	if mask := nw.mask[i]; mask != 0 {
		n := ps.sEnd - ps.sStart
		for ; mask != 0; mask &= mask - 1 {
			if j := bits.TrailingZeros8(mask); j < ps.kEff {
				q := p + ringOffsets[j]
				if q >= n {
					q -= n
				} else if q < 0 {
					q += n
				}
				sum.sub(&ps.nb[ps.sStart-ps.start+q])
			}
			sum.add(&ps.nb[int(nw.links[ps.cursor])-ps.start])
			ps.cursor++
		}
	}
	m.n = sum.n()
	m.members, m.actSum = m.n, sum.active
	if self.lv != 0 {
		m.actSum += float64(self.act)
		m.members++
	}
	if m.n > 0 {
		f := recip[m.n] // m.n <= degree <= maxDegree
		m.aware, m.trust, m.voted = sum.aware*f, sum.trust*f, float64(sum.voted())*(f/votedUnit)
	} else {
		m.aware, m.trust, m.voted = 0, 0, 0
	}
}
