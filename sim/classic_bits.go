package sim

import "math/bits"

// The classic grid as bitsets. On a grid at most 64 cells wide (Mesa's is
// 40), each row's cops, active citizens and empty cells are kept as three
// words, bit x for column x, updated whenever a cell changes. A vision
// neighbourhood is then a few runs of columns in a few rows, and look
// counts it with three population counts per row instead of reading each
// of its cells; a uniformly drawn empty cell or active citizen is found
// by its index in the neighbourhood's order without listing them all.
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
		return w.cellOf(y+rn.dy, kthColumn(m, rn.from, k))
	}
	return empty
}

// emptyAtBits is nthBits for the empty cells, from the counts by run that
// countBits kept when it looked at the same neighbourhood of the same
// cell; except, if not empty, is a cell emptied since, left out.
func (w *ClassicWorld) emptyAtBits(c int32, nb *bitNeighbours, k int, except int32) int32 {
	runs := w.around(c, nb)
	y := w.row[c]
	for i, n := range w.runEmpty[:len(runs)] {
		if k >= int(n) {
			k -= int(n)
			continue
		}
		rn := &runs[i]
		m := w.rows[y+rn.dy][classEmpty] & rn.mask
		if except != empty && w.row[except] == (y+rn.dy)%w.height {
			m &^= 1 << w.col[except]
		}
		return w.cellOf(y+rn.dy, kthColumn(m, rn.from, k))
	}
	return empty
}

// cellOf returns the cell in column x of row y of the doubled rows.
func (w *ClassicWorld) cellOf(y int32, x int) int32 {
	if y >= w.height {
		y -= w.height
	}
	return y*w.width + int32(x)
}

// kthColumn returns the column of the k-th set bit of m in the order of a
// run starting at column from: the columns from onwards, then those
// before (where the run wraps around the torus).
func kthColumn(m uint64, from uint8, k int) int {
	hi := m &^ (1<<from - 1)
	if nh := bits.OnesCount64(hi); k < nh {
		m = hi
	} else {
		m, k = m&^hi, k-nh
	}
	for range k {
		m &= m - 1
	}
	return bits.TrailingZeros64(m)
}
