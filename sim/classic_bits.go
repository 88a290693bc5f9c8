package sim

import (
	"math/bits"
	"unsafe"
)

// The classic grid as bitsets. Each row's cops, active citizens and
// empty cells are kept as bit words (one word per 64 columns: Mesa's 40 x
// 40 grid has one per row), bit x%64 of word x/64 for column x, updated
// whenever a cell changes. A vision neighbourhood is then a few runs of
// columns in a few rows (16 for Mesa's diamond of 112 cells), and look
// counts it with two or three population counts per run instead of
// reading each of its cells; a uniformly drawn empty cell or active
// citizen is found by its index in the neighbourhood's order without
// listing them all. Every count is the same integer and every draw the
// same draw, with the same argument, as when the cells are read one by
// one (classic.go keeps that reading as the reference that
// TestClassicBitsExact checks the bitsets against), so the results are
// identical.

// Bit classes: the word of a row that a cell's bit is kept in.
const (
	classCop, classActive, classEmpty, classNone = 0, 1, 2, 3
)

// kindClass maps a cell's kind to its bit class. Quiet and jailed
// citizens fall in classNone, a word kept but never read, so updates
// need no branch on the kind.
var kindClass = func() (t [256]uint8) {
	for i := range t {
		t[i] = classNone
	}
	t[kindCop], t[Active], t[kindEmpty] = classCop, classActive, classEmpty
	return t
}()

// rowBits is 64 columns of a row of the grid: bit b of word classCop is
// set iff the cell in the word's column b holds a cop; likewise
// classActive and classEmpty.
type rowBits [4]uint64

// bitNeighbours is a vision neighbourhood as masks of columns. Its
// offsets, in the order of neighbourhood (the order in which look lists
// empty cells and copTurn active citizens), fall into runs: consecutive
// offsets in one row offset whose columns follow one another around the
// torus. Around each column, a run is cut where it enters another word of
// the row, into segments.
type bitNeighbours struct {
	start []int32  // the segments around column x are segs[start[x]:start[x+1]]
	segs  []bitSeg // in the neighbourhood's order
	off   []int32  // each segment's cell offset from the start of the centre's row: dy*width + 64*word
	most  int      // the most segments around a column
}

// bitSeg is a segment of a neighbourhood around a column: its columns in
// one word of one row.
type bitSeg struct {
	mask uint64 // its columns in the word
	dyw  int32  // its word of the rows from the centre's row: dy*words + word, with 0 <= dy < height
	from uint8  // the bit of its first cell; on a grid one word wide the run may wrap past the last column to the first
}

// bitRun is a run of a neighbourhood's offsets: n consecutive columns
// from column offset dx in row offset dy.
type bitRun struct{ dy, dx, n int32 }

// bitRuns returns the runs of the neighbourhood off on a torus width
// cells wide, in its order.
func bitRuns(off []offset, width int32) []bitRun {
	var runs []bitRun
	for _, o := range off {
		if k := len(runs) - 1; k >= 0 && runs[k].dy == o.dy && (runs[k].dx+runs[k].n)%width == o.dx {
			runs[k].n++
			continue
		}
		runs = append(runs, bitRun{o.dy, o.dx, 1})
	}
	return runs
}

// segmentBound bounds the segments of runs around all width columns of
// a grid words words to a row. A run of n columns is one segment where a
// row is one word; otherwise it is cut where its next column starts a
// word: at most ceil((n-1)/64) times at multiples of 64, and once more
// where it wraps past the last column (n <= width, so it wraps once at
// most), and never into more than n segments.
func segmentBound(runs []bitRun, width, words int32) int {
	per := 0
	for _, r := range runs {
		if words == 1 {
			per++
			continue
		}
		per += int(min(r.n, (r.n-1+63)/64+2))
	}
	return per * int(width)
}

// bitNeighbourBytes bounds the memory of the neighbourhood off as
// bitsets on a grid width cells wide (newBitNeighbours), for estimates
// (ClassicRunBytes).
func bitNeighbourBytes(off []offset, width int32) int64 {
	words := (width + 63) / 64
	seg := int64(unsafe.Sizeof(bitSeg{})) + 4 // segs and off
	return int64(segmentBound(bitRuns(off, width), width, words))*seg + 4*int64(width+1)
}

// newBitNeighbours returns the neighbourhood off on a torus width cells
// wide and words words to a row.
func newBitNeighbours(off []offset, width, words int32) *bitNeighbours {
	runs := bitRuns(off, width)
	most := segmentBound(runs, width, words)
	nb := &bitNeighbours{start: make([]int32, 1, width+1), segs: make([]bitSeg, 0, most), off: make([]int32, 0, most)}
	for x := range width {
		for _, rn := range runs {
			for j := range rn.n {
				c := (x + rn.dx + j) % width
				if k := len(nb.segs) - 1; j > 0 && nb.segs[k].dyw == rn.dy*words+c/64 {
					nb.segs[k].mask |= 1 << (c % 64)
					continue
				}
				nb.segs = append(nb.segs, bitSeg{1 << (c % 64), rn.dy*words + c/64, uint8(c % 64)})
				nb.off = append(nb.off, rn.dy*width+c/64*64)
			}
		}
		nb.start = append(nb.start, int32(len(nb.segs)))
		nb.most = max(nb.most, int(nb.start[x+1]-nb.start[x]))
	}
	return nb
}

// around returns the segments of nb around cell c, and the index of the
// first.
func (w *ClassicWorld) around(c int32, nb *bitNeighbours) ([]bitSeg, int32) {
	x := w.col[c]
	lo, hi := nb.start[x], nb.start[x+1]
	return nb.segs[lo:hi:hi], lo
}

// initBits sets up w's bitsets from w.kind: the rows twice over (row
// y+height is row y), so that a row offset never needs reducing, and each
// cell's column and first word.
func (w *ClassicWorld) initBits() {
	w.words = (w.width + 63) / 64
	w.half = w.height * w.words
	w.rows = make([]rowBits, 2*w.half)
	w.col = make([]int32, len(w.cells))
	w.base = make([]int32, len(w.cells))
	w.word = make([]int32, len(w.cells))
	for c, k := range w.kind {
		x, y := int32(c)%w.width, int32(c)/w.width
		w.col[c], w.base[c], w.word[c] = x, y*w.words, y*w.words+x>>6
		w.flipBits(int32(c), kindClass[k], classNone)
	}
}

// flipBits flips cell c's bits of classes a and b, in both copies of its
// row.
func (w *ClassicWorld) flipBits(c int32, a, b uint8) {
	bit := uint64(1) << (w.col[c] & 63)
	r0, r1 := &w.rows[w.word[c]], &w.rows[w.word[c]+w.half]
	r0[a] ^= bit
	r0[b] ^= bit
	r1[a] ^= bit
	r1[b] ^= bit
}

// setKind sets the kind of cell c, in the bitsets too.
func (w *ClassicWorld) setKind(c int32, k uint8) {
	old := w.kind[c]
	w.kind[c] = k
	if w.rows != nil && kindClass[old] != kindClass[k] {
		w.flipBits(c, kindClass[old], kindClass[k])
	}
}

// moveKind moves the kind of cell src to the empty cell dst, in the
// bitsets too.
func (w *ClassicWorld) moveKind(src, dst int32) {
	k := w.kind[src]
	w.kind[dst], w.kind[src] = k, kindEmpty
	if w.rows == nil {
		return
	}
	cls := kindClass[k]
	w.flipBits(src, cls, classEmpty)
	w.flipBits(dst, classEmpty, cls)
}

// countBits counts the cops, active citizens and empty cells in the
// neighbourhood nb of cell c. It keeps the empty cells of each segment in
// w.segEmpty for emptyAtBits.
func (w *ClassicWorld) countBits(c int32, nb *bitNeighbours) (cops, actives, empties int) {
	segs, _ := w.around(c, nb)
	rows := w.rows[w.base[c]:]
	segEmpty := w.segEmpty[:len(segs)]
	var act uint64
	for i := range segs {
		sg := &segs[i]
		r := &rows[sg.dyw]
		cops += bits.OnesCount64(r[classCop] & sg.mask)
		act |= r[classActive] & sg.mask
		e := bits.OnesCount64(r[classEmpty] & sg.mask)
		segEmpty[i] = int32(e)
		empties += e
	}
	if act != 0 { // most neighbourhoods have no active citizen
		for i := range segs {
			actives += bits.OnesCount64(rows[segs[i].dyw][classActive] & segs[i].mask)
		}
	}
	return cops, actives, empties
}

// countEmpties is countBits counting only the empty cells.
func (w *ClassicWorld) countEmpties(c int32, nb *bitNeighbours) (empties int) {
	segs, _ := w.around(c, nb)
	rows := w.rows[w.base[c]:]
	segEmpty := w.segEmpty[:len(segs)]
	for i := range segs {
		e := bits.OnesCount64(rows[segs[i].dyw][classEmpty] & segs[i].mask)
		segEmpty[i] = int32(e)
		empties += e
	}
	return empties
}

// nthBits returns the k-th (from 0) cell of bit class cls in the
// neighbourhood nb of cell c, in the order of nb's offsets: the cell the
// k-th entry of a list of them, gathered cell by cell, would hold. k must
// be less than their number; if it is not, nthBits returns empty.
func (w *ClassicWorld) nthBits(c int32, nb *bitNeighbours, cls uint8, k int) int32 {
	segs, first := w.around(c, nb)
	rows := w.rows[w.base[c]:]
	for i := range segs {
		m := rows[segs[i].dyw][cls] & segs[i].mask
		if n := bits.OnesCount64(m); k >= n {
			k -= n
			continue
		}
		return w.segCell(c, nb, first+int32(i), m, k)
	}
	return empty
}

// emptyAtBits is nthBits for the empty cells, from the counts by segment
// that countBits kept when it looked at the same neighbourhood of the
// same cell; except, if not empty, is a cell emptied since, left out.
func (w *ClassicWorld) emptyAtBits(c int32, nb *bitNeighbours, k int, except int32) int32 {
	segs, first := w.around(c, nb)
	i := 0 // the segment holding the k-th empty cell
	for _, n := range w.segEmpty[:len(segs)] {
		if k < int(n) {
			break
		}
		k -= int(n)
		i++
	}
	if i >= len(segs) {
		return empty
	}
	sg := &segs[i]
	word := w.base[c] + sg.dyw
	m := w.rows[word][classEmpty] & sg.mask
	if except != empty {
		if word >= w.half {
			word -= w.half
		}
		if w.word[except] == word {
			m &^= 1 << (w.col[except] & 63)
		}
	}
	return w.segCell(c, nb, first+int32(i), m, k)
}

// segCell returns the cell of the k-th set bit of m, the bits of segment
// s of nb around cell c, in the segment's order.
func (w *ClassicWorld) segCell(c int32, nb *bitNeighbours, s int32, m uint64, k int) int32 {
	span := int32(64) // a segment wraps within its word only if the row is one word
	if w.words == 1 {
		span = w.width
	}
	cell := c - w.col[c] + nb.off[s] + kthColumn(m, nb.segs[s].from, k, span)
	if n := int32(len(w.cells)); cell >= n {
		cell -= n
	}
	return cell
}

// kthColumn returns the bit of the k-th set bit of m, a word of span
// bits, in the order of a segment starting at bit from: the bits from
// onwards, then those before (where the segment wraps around the torus).
func kthColumn(m uint64, from uint8, k int, span int32) int32 {
	// Rotate the segment's first bit to bit 0.
	m = m>>from | m<<(uint8(span)-from)&(1<<span-1)
	x := int32(from) + selectBit(m, k)
	if x >= span {
		x -= span
	}
	return x
}

// selectBit returns the position of the k-th (from 0) set bit of m; k
// must be less than the set bits. It counts the bits of each byte, sums
// them byte by byte with one multiplication, finds the byte holding the
// bit by comparing all sums with k at once, and looks the bit up in that
// byte: no branches (broadword selection, after Vigna 2008, "Broadword
// implementation of rank/select queries").
func selectBit(m uint64, k int) int32 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := m - m>>1&0x5555555555555555
	x = x&0x3333333333333333 + x>>2&0x3333333333333333
	x = (x + x>>4) & 0x0f0f0f0f0f0f0f0f
	sums := x * ones // byte i: the set bits of bytes 0 to i
	// Byte i's sum is at most k iff (k + 128 - sum) keeps its high bit.
	whole := bits.OnesCount64(((uint64(k)*ones | highs) - sums) & highs)
	byteAt := uint(whole) * 8
	before := int(sums << 8 >> byteAt & 0xff)
	return int32(byteAt) + int32(select8[m>>byteAt&0xff][(k-before)&7])
}

// select8 gives the position of the j-th set bit of each byte.
var select8 = func() (t [256][8]uint8) {
	for b := range 256 {
		j := 0
		for i := range 8 {
			if b>>i&1 == 1 {
				t[b][j] = uint8(i)
				j++
			}
		}
	}
	return t
}()
