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
// torus. For counting, the runs of one row offset are merged.
type bitNeighbours struct {
	runDy   []int32  // each run's row offset, 0 <= dy < height
	runMask []uint64 // [x*runs+r]: the columns of run r around column x
	runFrom []uint8  // [x*runs+r]: the column of run r's first cell around column x
	rowDy   []int32  // each distinct row offset
	rowMask []uint64 // [x*rows+g]: the columns of row offset rowDy[g] around column x
}

// newBitNeighbours returns the neighbourhood off on a torus width cells
// wide, width at most maxBitsWidth.
func newBitNeighbours(off []offset, width int32) *bitNeighbours {
	type run struct{ dy, dx, n int32 }
	var runs []run
	nb := &bitNeighbours{}
	rowOf := map[int32]int{}
	for _, o := range off {
		if k := len(runs) - 1; k >= 0 && runs[k].dy == o.dy && (runs[k].dx+runs[k].n)%width == o.dx {
			runs[k].n++
			continue
		}
		runs = append(runs, run{o.dy, o.dx, 1})
		nb.runDy = append(nb.runDy, o.dy)
		if _, ok := rowOf[o.dy]; !ok {
			rowOf[o.dy] = len(nb.rowDy)
			nb.rowDy = append(nb.rowDy, o.dy)
		}
	}
	nr, ng := len(runs), len(nb.rowDy)
	nb.runMask = make([]uint64, int(width)*nr)
	nb.runFrom = make([]uint8, int(width)*nr)
	nb.rowMask = make([]uint64, int(width)*ng)
	for x := range width {
		for r, rn := range runs {
			from := (x + rn.dx) % width
			var m uint64
			for j := range rn.n {
				m |= 1 << ((from + j) % width)
			}
			nb.runMask[int(x)*nr+r] = m
			nb.runFrom[int(x)*nr+r] = uint8(from)
			nb.rowMask[int(x)*ng+rowOf[rn.dy]] |= m
		}
	}
	return nb
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
// neighbourhood nb of cell c.
func (w *ClassicWorld) countBits(c int32, nb *bitNeighbours) (cops, actives, empties int) {
	ng := len(nb.rowDy)
	x := int(w.col[c])
	masks := nb.rowMask[x*ng : (x+1)*ng : (x+1)*ng]
	rows := w.rows[w.row[c]:]
	for g, dy := range nb.rowDy {
		r, m := &rows[dy], masks[g]
		cops += bits.OnesCount64(r[classCop] & m)
		actives += bits.OnesCount64(r[classActive] & m)
		empties += bits.OnesCount64(r[classEmpty] & m)
	}
	return cops, actives, empties
}

// nthBits returns the k-th (from 0) cell of bit class cls in the
// neighbourhood nb of cell c, in the order of nb's offsets: the cell the
// k-th entry of a list of them, gathered cell by cell, would hold. k must
// be less than their number; if it is not, nthBits returns empty.
func (w *ClassicWorld) nthBits(c int32, nb *bitNeighbours, cls uint8, k int) int32 {
	nr := len(nb.runDy)
	x := int(w.col[c])
	masks := nb.runMask[x*nr : (x+1)*nr : (x+1)*nr]
	y := w.row[c]
	for r, dy := range nb.runDy {
		m := w.rows[y+dy][cls] & masks[r]
		n := bits.OnesCount64(m)
		if k >= n {
			k -= n
			continue
		}
		// The run starts at column from and may wrap past the last
		// column to the first: its columns from onwards come first.
		hi := m &^ (1<<nb.runFrom[x*nr+r] - 1)
		if nh := bits.OnesCount64(hi); k < nh {
			m = hi
		} else {
			m, k = m&^hi, k-nh
		}
		for range k {
			m &= m - 1
		}
		row := y + dy
		if row >= w.height {
			row -= w.height
		}
		return row*w.width + int32(bits.TrailingZeros64(m))
	}
	return empty
}
