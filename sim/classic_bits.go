package sim

import "math/bits"

// The classic grid as bitsets. On a grid at most 64 cells wide (Mesa's is
// 40), each row's cops, active citizens and empty cells are kept as three
// words, bit x for column x, updated whenever a cell changes. A vision
// neighbourhood is then a few runs of columns in a few rows (16 for
// Mesa's diamond of 112 cells), and look counts it with two or three
// population counts per run instead of reading each of its cells; a
// uniformly drawn empty cell or active citizen is found by its index in
// the neighbourhood's order without listing them all.
// Every count is the same integer and every draw the same draw, with the
// same argument, as when the cells are read one by one (the fallback for
// wider grids), so the results are identical.

// maxBitsWidth is the widest grid kept as bitsets: one word per row.
const maxBitsWidth = 64

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

// rowBits is one row of the grid: bit x of word classCop is set iff the
// cell in column x holds a cop; likewise classActive and classEmpty.
type rowBits [4]uint64

// bitNeighbours is a vision neighbourhood as masks of columns. Its
// offsets, in the order of neighbourhood (the order in which look lists
// empty cells and copTurn active citizens), fall into runs: consecutive
// offsets in one row offset whose columns follow one another around the
// torus.
type bitNeighbours struct {
	n    int      // runs
	runs []bitRun // [x*n+r]: run r around column x
}

// bitRun is a run of a neighbourhood around a column.
type bitRun struct {
	mask uint64 // its columns
	dy   int32  // its row offset, 0 <= dy < height
	from uint8  // the column of its first cell; it may wrap past the last column to the first
}

// newBitNeighbours returns the neighbourhood off on a torus width cells
// wide, width at most maxBitsWidth.
func newBitNeighbours(off []offset, width int32) *bitNeighbours {
	type run struct{ dy, dx, n int32 }
	var runs []run
	for _, o := range off {
		if k := len(runs) - 1; k >= 0 && runs[k].dy == o.dy && (runs[k].dx+runs[k].n)%width == o.dx {
			runs[k].n++
			continue
		}
		runs = append(runs, run{o.dy, o.dx, 1})
	}
	nb := &bitNeighbours{n: len(runs), runs: make([]bitRun, 0, int(width)*len(runs))}
	for x := range width {
		for _, rn := range runs {
			from := (x + rn.dx) % width
			var m uint64
			for j := range rn.n {
				m |= 1 << ((from + j) % width)
			}
			nb.runs = append(nb.runs, bitRun{m, rn.dy, uint8(from)})
		}
	}
	return nb
}

// around returns the runs of nb around cell c.
func (w *ClassicWorld) around(c int32, nb *bitNeighbours) []bitRun {
	x := int(w.col[c])
	return nb.runs[x*nb.n : (x+1)*nb.n : (x+1)*nb.n]
}

// initBits sets up w's bitsets from w.kind if the grid is narrow enough:
// the rows twice over (row y+height is row y), so that a row offset never
// needs reducing, and each cell's column and row.
func (w *ClassicWorld) initBits() {
	if w.width > maxBitsWidth {
		return
	}
	w.rows = make([]rowBits, 2*w.height)
	w.col = make([]uint8, len(w.cells))
	w.row = make([]int32, len(w.cells))
	for c, k := range w.kind {
		x, y := int32(c)%w.width, int32(c)/w.width
		w.col[c], w.row[c] = uint8(x), y
		w.rows[y][kindClass[k]] |= 1 << x
		w.rows[y+w.height][kindClass[k]] |= 1 << x
	}
}

// setKind sets the kind of cell c, in the bitsets too.
func (w *ClassicWorld) setKind(c int32, k uint8) {
	old := w.kind[c]
	w.kind[c] = k
	if w.rows == nil {
		return
	}
	bit := uint64(1) << w.col[c]
	for _, y := range [2]int32{w.row[c], w.row[c] + w.height} {
		r := &w.rows[y]
		r[kindClass[old]] &^= bit
		r[kindClass[k]] |= bit
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
	sb, db := uint64(1)<<w.col[src], uint64(1)<<w.col[dst]
	for _, y := range [2]int32{w.row[src], w.row[src] + w.height} {
		r := &w.rows[y]
		r[cls] &^= sb
		r[classEmpty] |= sb
	}
	for _, y := range [2]int32{w.row[dst], w.row[dst] + w.height} {
		r := &w.rows[y]
		r[classEmpty] &^= db
		r[cls] |= db
	}
}

// countBits counts the cops, active citizens and empty cells in the
// neighbourhood nb of cell c. It keeps the empty cells of each run in
// w.runEmpty for emptyAtBits.
func (w *ClassicWorld) countBits(c int32, nb *bitNeighbours) (cops, actives, empties int) {
	runs := w.around(c, nb)
	rows := w.rows[w.row[c]:]
	runEmpty := w.runEmpty[:len(runs)]
	var act uint64
	for i := range runs {
		rn := &runs[i]
		r := &rows[rn.dy]
		cops += bits.OnesCount64(r[classCop] & rn.mask)
		act |= r[classActive] & rn.mask
		e := bits.OnesCount64(r[classEmpty] & rn.mask)
		runEmpty[i] = int32(e)
		empties += e
	}
	if act != 0 { // most neighbourhoods have no active citizen
		for i := range runs {
			actives += bits.OnesCount64(rows[runs[i].dy][classActive] & runs[i].mask)
		}
	}
	return cops, actives, empties
}

// nthBits returns the k-th (from 0) cell of bit class cls in the
// neighbourhood nb of cell c, in the order of nb's offsets: the cell the
// k-th entry of a list of them, gathered cell by cell, would hold. k must
// be less than their number; if it is not, nthBits returns empty.
func (w *ClassicWorld) nthBits(c int32, nb *bitNeighbours, cls uint8, k int) int32 {
	y := w.row[c]
	for _, rn := range w.around(c, nb) {
		m := w.rows[y+rn.dy][cls] & rn.mask
		if n := bits.OnesCount64(m); k >= n {
			k -= n
			continue
		}
		return w.cellOf(y+rn.dy, kthColumn(m, rn.from, k, w.width))
	}
	return empty
}

// emptyAtBits is nthBits for the empty cells, from the counts by run that
// countBits kept when it looked at the same neighbourhood of the same
// cell; except, if not empty, is a cell emptied since, left out. It runs
// without branches on k, which is random.
func (w *ClassicWorld) emptyAtBits(c int32, nb *bitNeighbours, k int, except int32) int32 {
	runs := w.around(c, nb)
	r := 0 // the run holding the k-th empty cell
	for _, n := range w.runEmpty[:len(runs)] {
		if k < int(n) {
			break
		}
		k -= int(n)
		r++
	}
	if r >= len(runs) {
		return empty
	}
	rn := &runs[r]
	y := w.row[c] + rn.dy
	m := w.rows[y][classEmpty] & rn.mask
	if y >= w.height {
		y -= w.height
	}
	if except != empty && w.row[except] == y {
		m &^= 1 << w.col[except]
	}
	return y*w.width + kthColumn(m, rn.from, k, w.width)
}

// cellOf returns the cell in column x of row y of the doubled rows.
func (w *ClassicWorld) cellOf(y int32, x int32) int32 {
	if y >= w.height {
		y -= w.height
	}
	return y*w.width + x
}

// kthColumn returns the column of the k-th set bit of m, a row of width
// columns, in the order of a run starting at column from: the columns
// from onwards, then those before (where the run wraps around the torus).
func kthColumn(m uint64, from uint8, k int, width int32) int32 {
	// Rotate the run's first column to bit 0.
	m = m>>from | m<<(uint8(width)-from)&(1<<width-1)
	x := int32(from) + selectBit(m, k)
	if x >= width {
		x -= width
	}
	return x
}

// selectBit returns the position of the k-th (from 0) set bit of m; k
// must be less than the set bits. It counts the bits of each byte, sums
// them byte by byte with one multiplication, finds the byte holding the
// bit by comparing all sums with k at once, and looks the bit up in that
// byte: no branches.
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
