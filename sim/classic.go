package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// The classic model: Epstein's civil-violence Model I (J. M. Epstein,
// "Modeling civil violence: An agent-based computational approach", PNAS
// 99 suppl. 3, 2002) run alone on a torus grid, so that the unrest rule of
// the main model can be docked (Axtell, Axelrod, Epstein and Cohen 1996)
// with the paper and with implementations nobody here wrote. Citizens
// decide with the main model's own ArrestProbability, Grievance and
// Activate (unrest.go); only the world around them differs: a grid,
// vision neighbourhoods, cops that move and arrest. docs/DOCKING.md gives
// the method, the choices of each implementation and the results.
//
// The rules, with Mesa 3.3.1's epstein_civil_violence example as the
// default and the docking reference:
//
//   - Setup: each cell independently holds a citizen (probability
//     CitizenDensity), a cop (CopDensity) or nothing. A citizen draws
//     hardship H and risk aversion R uniform on [0, 1) and starts quiet.
//   - A citizen's turn: if its jail term is positive it counts it down by
//     one and does nothing else (it stays jailed, on its cell if
//     JailedKeepCell, and is not active). Otherwise it counts the cops C
//     and active citizens A in its vision (jailed citizens are neither),
//     estimates P = ArrestProbability(k, C, A+1, rounding) counting itself
//     among the actives, becomes active iff Activate(Grievance(H, L), R,
//     P, T), else quiet, and then moves.
//   - A cop's turn: it arrests one active citizen in its vision, chosen
//     uniformly, who becomes jailed with a term drawn by JailTerm; then it
//     moves. A term of 0 frees the citizen at its next turn.
//   - Moving (if Movement): a jump to a uniformly chosen empty cell of the
//     agent's vision neighbourhood (not only an adjacent one); none if
//     there is none.
//   - Activation "random": every step all citizens and cops take one turn
//     each in a new uniformly random order, each seeing the state left by
//     the turns before (asynchronous). "synchronous": terms count down,
//     then every free citizen decides from the states at the start of the
//     step, then the cops take their turns in random order, then free
//     citizens move in the same order.
//   - Recording: after each step, the citizens quiet, active and jailed
//     (ClassicMetrics). Jailed counts every citizen in the jailed state,
//     including one whose term is 0 and who has not had its turn yet, as
//     Mesa counts its ARRESTED state.
//
// Vision neighbourhoods are sets of cells on the torus: a radius larger
// than half the grid does not count a cell twice, as Mesa's breadth-first
// neighbourhood does not.

// Indices of the classic model's metrics in a SeriesResult row.
const (
	ClassicQuiet = iota
	ClassicActive
	ClassicJailed
	NumClassicMetrics
)

// ClassicMetrics describes the classic model's metrics, indexed by
// ClassicQuiet, ClassicActive and ClassicJailed: the counts of citizens
// in each of Epstein's states after a step.
var ClassicMetrics = []MetricInfo{
	ClassicQuiet:  {"quiet", "citizens", "citizens quiet after the step: free and not active", false, true},
	ClassicActive: {"active", "citizens", "citizens actively rebelling after the step", false, true},
	ClassicJailed: {"jailed", "citizens", "citizens in jail after the step, including any whose term has run out who have not had their turn yet (as Mesa counts them)", false, true},
}

// offset is a cell offset on the torus, reduced to 0 <= dx < width and
// 0 <= dy < height.
type offset struct{ dx, dy int32 }

// visionKey is what a world's neighbourhood offsets depend on.
type visionKey struct {
	shape                    string
	citizenVision, copVision int
}

// empty marks an empty cell.
const empty = -1

// Kinds of cell content: kindEmpty, a citizen's state (Quiescent, Active
// or Jailed), or kindCop. Counting by kind lets look run without
// branches on what it finds.
const (
	kindEmpty = Vacant
	kindCop   = Jailed + 1
)

// tally maps a cell's kind to its counts packed in one word, 21 bits
// each (more than any neighbourhood's cells): cops, actives, empties.
// Summing words counts all three with one table load per cell.
var tally = func() (t [256]uint64) {
	t[kindCop] = 1 << copShift
	t[Active] = 1 << activeShift
	t[kindEmpty] = 1 << emptyShift
	return t
}()

const (
	copShift, activeShift, emptyShift = 0, 21, 42
	tallyMask                         = 1<<21 - 1
)

// ClassicWorld is one trial of the classic model: the grid, its citizens
// and cops, and the trial's random stream. Agents are numbered citizens
// first, then cops.
type ClassicWorld struct {
	p             Params // own copy: events change it
	rng           *rand.Rand
	steps         int
	width, height int32
	cells         []int32 // the agent on each cell (y*width+x), or empty
	kind          []uint8 // what is on each cell: kindEmpty, a citizen's state, or kindCop
	nCit          int32   // citizens; agents nCit.. are cops

	hardship []float64 // citizens' H
	risk     []float64 // citizens' R
	state    []uint8   // citizens' Quiescent, Active or Jailed
	jail     []int32   // citizens' jail terms left
	pos      []int32   // every agent's cell, or empty for a citizen jailed off the grid
	home     []int32   // where a citizen off the grid was arrested
	order    []int32   // the activation order, reshuffled each step

	// Settings derived from p, refreshed after each step's events.
	rounding      Rounding
	legitimacy    float64 // L with the legitimacy shift, in [0, 1]
	hardshipShift float64
	citNb, copNb  neighbours
	vision        visionKey // what citNb and copNb were made for
	probKey       probKey   // what probs was made for
	probs         []float64 // memo of ArrestProbability by cops and actives seen, NaN if not yet computed; nil if too large
	probN         int       // the memo's entries per number of cops (0 without a memo)

	// Bitsets of the grid (classic_bits.go); nil only in tests of the
	// cell-by-cell reading.
	rows             []rowBits // word i of row y: rows[y*words+i] and rows[(y+height)*words+i]
	words            int32     // words per row
	col              []int32   // each cell's column
	half             int32     // the words of the grid: height*words
	base             []int32   // each cell's row's first word: row*words
	word             []int32   // each cell's word: row*words + column/64
	nActive, nJailed int32     // citizens active and jailed
	segEmpty         []int32   // the empty cells of each segment that countBits saw last

	// Scratch space.
	empties, actives []int32
	eligible         []bool  // synchronous: citizens free to decide this step
	next             []uint8 // synchronous: the states decided this step
}

// NewClassicWorld generates the classic model's grid from p.Classic with
// the trial seed seed. p is copied. It returns Problems if a value or an
// event of p is not admissible (see Params.Validate); it assumes, as
// Validate checks, CitizenDensity + CopDensity at most 1.
func NewClassicWorld(p *Params, seed uint64) (*ClassicWorld, error) {
	if err := p.checkOwn(); err != nil {
		return nil, err
	}
	w := &ClassicWorld{p: *p, rng: newStream(seed, streamWorld)}
	c := &w.p.Classic
	w.width, w.height = int32(c.Width), int32(c.Height)
	n := int(w.width) * int(w.height)
	w.cells = make([]int32, n)
	w.kind = make([]uint8, n)
	// Mesa draws one uniform per cell against the cumulative weights
	// (citizen, citizen + cop, 1); citizens draw H, then R, when created.
	kind := make([]uint8, n)
	const none, citizen, cop = 0, 1, 2
	var cops int32
	for i := range kind {
		switch u := w.rng.Float64(); {
		case u < c.CitizenDensity:
			kind[i] = citizen
			w.hardship = append(w.hardship, w.rng.Float64())
			w.risk = append(w.risk, w.rng.Float64())
		case u < c.CitizenDensity+c.CopDensity:
			kind[i] = cop
			cops++
		default:
			kind[i] = none
		}
	}
	w.nCit = int32(len(w.hardship))
	agents := w.nCit + cops
	w.state = make([]uint8, w.nCit)
	w.jail = make([]int32, w.nCit)
	w.home = make([]int32, w.nCit)
	w.pos = make([]int32, agents)
	w.order = make([]int32, agents)
	nextCit, nextCop := int32(0), w.nCit
	for i, k := range kind {
		switch k {
		case citizen:
			w.state[nextCit] = Quiescent
			w.pos[nextCit] = int32(i)
			w.cells[i] = nextCit
			w.kind[i] = Quiescent
			nextCit++
		case cop:
			w.pos[nextCop] = int32(i)
			w.cells[i] = nextCop
			w.kind[i] = kindCop
			nextCop++
		default:
			w.cells[i] = empty
		}
	}
	for i := range w.order {
		w.order[i] = int32(i)
	}
	w.initBits()
	return w, w.refresh()
}

// Citizens returns the number of citizens.
func (w *ClassicWorld) Citizens() int { return int(w.nCit) }

// Cops returns the number of cops.
func (w *ClassicWorld) Cops() int { return len(w.pos) - int(w.nCit) }

// Steps returns the number of steps run.
func (w *ClassicWorld) Steps() int { return w.steps }

// Counts returns the citizens quiet, active and jailed.
func (w *ClassicWorld) Counts() (quiet, active, jailed int) {
	active, jailed = int(w.nActive), int(w.nJailed)
	return int(w.nCit) - active - jailed, active, jailed
}

// Step runs one step: the events of the step (numbered from 1, as the main
// model's months), then every agent's turn in the activation order.
func (w *ClassicWorld) Step() error {
	w.steps++
	if _, _, err := w.p.applyEvents(w.steps); err != nil {
		return err
	}
	if err := w.refresh(); err != nil {
		return err
	}
	if w.p.Classic.Activation == "synchronous" {
		w.stepSynchronous()
	} else {
		w.stepRandom()
	}
	return nil
}

// refresh derives the settings the turns use from w.p.
func (w *ClassicWorld) refresh() error {
	c := &w.p.Classic
	var err error
	if w.rounding, err = RoundingOf(c.Rounding); err != nil {
		return err
	}
	w.legitimacy = clamp01(c.Legitimacy + w.p.Behavior.LegitimacyShift)
	w.hardshipShift = w.p.Behavior.HardshipShift
	if v := (visionKey{c.Neighbourhood, c.CitizenVision, c.CopVision}); v != w.vision {
		w.vision = v
		w.citNb = w.neighbours(neighbourhood(c.Neighbourhood, c.CitizenVision, int(w.width), int(w.height)))
		w.copNb = w.citNb // one table serves both when the radii agree
		if c.CopVision != c.CitizenVision {
			w.copNb = w.neighbours(neighbourhood(c.Neighbourhood, c.CopVision, int(w.width), int(w.height)))
		}
		w.probKey = probKey{} // the table's size depends on the vision
	}
	if k := (probKey{c.K, w.rounding, true}); k != w.probKey {
		w.probKey = k
		w.probs, w.probN = nil, 0
		if n := len(w.citNb.off) + 1; n*n <= maxProbs {
			w.probN = n
			w.probs = make([]float64, n*n)
			for i := range w.probs {
				w.probs[i] = math.NaN()
			}
		}
	}
	return nil
}

// probKey is what a world's memo of arrest probabilities depends on.
type probKey struct {
	k        float64
	rounding Rounding
	set      bool
}

// maxProbs bounds the memo of arrest probabilities (512 KiB); Mesa's
// vision needs 113 x 113 entries.
const maxProbs = 1 << 16

// arrestProb returns ArrestProbability(k, cops, actives+1, rounding),
// computed once for each pair of counts.
func (w *ClassicWorld) arrestProb(cops, actives int) float64 {
	if n := w.probN; uint(cops) < uint(n) && uint(actives) < uint(n) {
		if p := w.probs[cops*n+actives]; p == p { // not NaN: computed
			return p
		}
	}
	return w.newArrestProb(cops, actives)
}

// newArrestProb computes an arrest probability for arrestProb, and keeps
// it in the memo.
func (w *ClassicWorld) newArrestProb(cops, actives int) float64 {
	p := ArrestProbability(w.p.Classic.K, float64(cops), float64(actives+1), w.rounding)
	if n := w.probN; cops < n && actives < n {
		w.probs[cops*n+actives] = p
	}
	return p
}

// neighbourhood returns the offsets of the cells within radius r of a
// cell of a width x height torus, by shape ("von_neumann", "moore" or
// "euclidean"), the centre excluded and each cell once.
func neighbourhood(shape string, r, width, height int) []offset {
	seen := make([]bool, width*height)
	seen[0] = true // the centre
	var off []offset
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			var in bool
			switch shape {
			case "moore":
				in = true
			case "euclidean":
				in = dx*dx+dy*dy <= r*r
			default: // von_neumann
				in = abs(dx)+abs(dy) <= r
			}
			x, y := mod(dx, width), mod(dy, height)
			if !in || seen[y*width+x] {
				continue
			}
			seen[y*width+x] = true
			off = append(off, offset{int32(x), int32(y)})
		}
	}
	return off
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func mod(x, n int) int { return ((x % n) + n) % n }

// neighbours is a vision neighbourhood of every cell: the offsets, and
// either its column masks on the grid's bitsets (classic_bits.go), or,
// for the cell-by-cell reading the bitsets are tested against, on a grid
// small enough, the table of every cell's neighbours.
type neighbours struct {
	off   []offset
	bits  *bitNeighbours // the masks; nil if the grid is not kept as bitsets
	table []int32        // cell c's neighbours are table[c*len(off):(c+1)*len(off)]; nil if not tabulated
	buf   []int32        // the neighbours of one cell, when not tabulated
}

// maxTable bounds the entries of a neighbour table (16 MiB): a 100 x 100
// grid with vision 7 needs 1,120,000.
const maxTable = 4 << 20

// neighbours returns the neighbourhood off of w's grid.
func (w *ClassicWorld) neighbours(off []offset) neighbours {
	nb := neighbours{off: off}
	if w.rows != nil {
		nb.bits = newBitNeighbours(off, w.width, w.words)
		if nb.bits.most > len(w.segEmpty) {
			w.segEmpty = make([]int32, nb.bits.most)
		}
		return nb
	}
	n := len(w.cells)
	if n*len(off) > maxTable {
		nb.buf = make([]int32, len(off))
		return nb
	}
	nb.table = make([]int32, 0, n*len(off))
	for c := range int32(n) {
		x, y := c%w.width, c/w.width
		for _, o := range off {
			nb.table = append(nb.table, w.at(x, y, o))
		}
	}
	return nb
}

// of returns the cells of the neighbourhood around cell c. The slice is
// valid until the next call.
func (nb *neighbours) of(w *ClassicWorld, c int32) []int32 {
	k := len(nb.off)
	if nb.table != nil {
		return nb.table[int(c)*k : int(c+1)*k : int(c+1)*k]
	}
	x, y := c%w.width, c/w.width
	for i, o := range nb.off {
		nb.buf[i] = w.at(x, y, o)
	}
	return nb.buf
}

// at returns the cell at offset o from the cell at column x, row y.
func (w *ClassicWorld) at(x, y int32, o offset) int32 {
	x += o.dx
	if x >= w.width {
		x -= w.width
	}
	y += o.dy
	if y >= w.height {
		y -= w.height
	}
	return y*w.width + x
}

// look counts the cops, active citizens and empty cells in the
// neighbourhood nb of cell c. Reading cell by cell (without bitsets, in
// tests), it counts the empty cells only with withEmpties set, and then
// also lists them in w.empties, in nb's order, for move.
func (w *ClassicWorld) look(c int32, nb *neighbours, withEmpties bool) (cops, actives, empties int) {
	if nb.bits != nil {
		return w.countBits(c, nb.bits)
	}
	cells := nb.of(w, c)
	var sum uint64
	if !withEmpties {
		w.empties = w.empties[:0]
		for _, n := range cells {
			sum += tally[w.kind[n]]
		}
		return int(sum >> copShift & tallyMask), int(sum >> activeShift & tallyMask), 0
	}
	// Write every cell and keep the empty ones, without branching.
	e := slices.Grow(w.empties[:0], len(cells))[:len(cells)]
	for _, n := range cells {
		e[sum>>emptyShift] = n
		sum += tally[w.kind[n]]
	}
	w.empties = e[:sum>>emptyShift]
	return int(sum >> copShift & tallyMask), int(sum >> activeShift & tallyMask), len(w.empties)
}

// decide returns citizen i's state by Epstein's rule A, from its
// grievance g and the cops and the other actives it sees, with the main
// model's unrest functions.
func (w *ClassicWorld) decide(i int32, g float64, cops, actives int) uint8 {
	p := w.arrestProb(cops, actives)
	if Activate(g, w.risk[i], p, w.p.Classic.Threshold) {
		return Active
	}
	return Quiescent
}

// grievance returns citizen i's grievance G = H(1-L), its hardship shifted
// by the hardship shift.
func (w *ClassicWorld) grievance(i int32) float64 {
	h := w.hardship[i]
	if w.hardshipShift != 0 {
		h = clamp01(h + w.hardshipShift)
	}
	return Grievance(h, w.legitimacy)
}

// calm reports whether a citizen of grievance g decides to be quiet
// whatever it sees, so that the bitsets need not count what it sees: with
// G <= T, R >= 0 and k >= 0 (so P >= 0), G - R*P <= G <= T also in
// floating point (subtracting a number not negative never rounds up), and
// decide returns Quiescent. Reading cell by cell (the reference in tests)
// it always counts.
func (w *ClassicWorld) calm(g float64) bool {
	c := &w.p.Classic
	return w.citNb.bits != nil && g <= c.Threshold && c.K >= 0
}

// stepRandom runs a step of random asynchronous activation: every agent
// takes its turn once, in a new random order.
func (w *ClassicWorld) stepRandom() {
	w.shuffle()
	for _, a := range w.order {
		if a < w.nCit {
			w.citizenTurn(a)
		} else {
			w.copTurn(a)
		}
	}
}

// shuffle reorders w.order as rand.Shuffle does (Fisher-Yates from the
// end, the same draws), without a call per swap.
func (w *ClassicWorld) shuffle() {
	o := w.order
	for i := len(o) - 1; i > 0; i-- {
		j := w.rng.IntN(i + 1)
		o[i], o[j] = o[j], o[i]
	}
}

// citizenTurn is citizen i's turn: count its jail term down, or decide and
// move (Mesa's Citizen.step).
func (w *ClassicWorld) citizenTurn(i int32) {
	if w.jail[i] > 0 {
		w.jail[i]--
		return
	}
	if w.pos[i] == empty && !w.reenter(i) {
		return
	}
	move := w.p.Classic.Movement
	g := w.grievance(i)
	if w.calm(g) {
		w.setState(i, Quiescent)
		if move {
			w.move(i, &w.citNb, w.countEmpties(w.pos[i], w.citNb.bits), empty)
		}
		return
	}
	cops, actives, empties := w.look(w.pos[i], &w.citNb, move)
	w.setState(i, w.decide(i, g, cops, actives))
	if move {
		w.move(i, &w.citNb, empties, empty)
	}
}

// copTurn is cop a's turn: arrest one active citizen in its vision,
// chosen uniformly, then move (Mesa's Cop.step).
func (w *ClassicWorld) copTurn(a int32) {
	if w.copNb.bits == nil {
		w.copTurnCells(a)
		return
	}
	c := w.pos[a]
	_, actives, empties := w.countBits(c, w.copNb.bits)
	vacated := int32(empty)
	if actives > 0 {
		n := w.nthBits(c, w.copNb.bits, classActive, w.rng.IntN(actives))
		vacated = w.arrest(w.cells[n])
	}
	if w.p.Classic.Movement {
		w.move(a, &w.copNb, empties, vacated)
	}
}

// copTurnCells is copTurn reading cell by cell (without bitsets, in
// tests): it lists the active citizens and empty cells in the cop's
// vision.
func (w *ClassicWorld) copTurnCells(a int32) {
	c := w.pos[a]
	move := w.p.Classic.Movement
	w.empties, w.actives = w.empties[:0], w.actives[:0]
	for _, n := range w.copNb.of(w, c) {
		switch w.kind[n] {
		case kindEmpty:
			if move {
				w.empties = append(w.empties, n)
			}
		case Active:
			w.actives = append(w.actives, w.cells[n])
		}
	}
	vacated := int32(empty)
	if len(w.actives) > 0 {
		vacated = w.arrest(w.actives[w.rng.IntN(len(w.actives))])
	}
	if move {
		w.move(a, &w.copNb, len(w.empties), vacated)
	}
}

// arrest jails citizen i for a term drawn by JailTerm. A citizen that does
// not keep its cell leaves the grid; arrest returns the cell it left, or
// empty.
func (w *ClassicWorld) arrest(i int32) (vacated int32) {
	c := &w.p.Classic
	w.setState(i, Jailed)
	switch {
	case c.JailTerm == "fixed":
		w.jail[i] = int32(c.MaxJailTerm)
	case c.JailTerm == "uniform_exclusive" && c.MaxJailTerm > 0:
		w.jail[i] = int32(w.rng.IntN(c.MaxJailTerm))
	case c.JailTerm == "uniform":
		w.jail[i] = int32(w.rng.IntN(c.MaxJailTerm + 1))
	default:
		w.jail[i] = 0
	}
	if c.JailedKeepCell {
		return empty
	}
	cell := w.pos[i]
	w.cells[cell] = empty
	w.setKind(cell, kindEmpty)
	w.home[i] = cell
	w.pos[i] = empty
	return cell
}

// move moves agent a to a uniformly chosen one of the cells empty when it
// looked at its neighbourhood nb (empties of them), followed by the cell
// vacated since by an arrest, unless that is empty (the arresting cop may
// move there, as to the last of its list in Mesa).
func (w *ClassicWorld) move(a int32, nb *neighbours, empties int, vacated int32) {
	n := empties
	if vacated != empty {
		n++
	}
	if n == 0 {
		return
	}
	src := w.pos[a]
	dst := vacated
	if k := w.rng.IntN(n); k < empties {
		if nb.bits != nil {
			// The vacated cell was not empty when the cop looked.
			dst = w.emptyAtBits(src, nb.bits, k, vacated)
		} else {
			dst = w.empties[k]
		}
	}
	w.cells[dst], w.cells[src] = a, empty
	w.moveKind(src, dst)
	w.pos[a] = dst
}

// setState sets citizen i's state, on its cell too, and the counts of
// active and jailed citizens.
func (w *ClassicWorld) setState(i int32, s uint8) {
	old := w.state[i]
	if s == old {
		return
	}
	w.state[i] = s
	w.nActive += countOf(s == Active) - countOf(old == Active)
	w.nJailed += countOf(s == Jailed) - countOf(old == Jailed)
	if c := w.pos[i]; c != empty {
		w.setKind(c, s)
	}
}

// countOf is 1 for true, 0 for false.
func countOf(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// reenter puts citizen i, released from a jail off the grid, back on its
// own cell if that is empty, else on a uniformly chosen empty cell of the
// grid. It reports false, leaving i off the grid, if no cell is empty.
func (w *ClassicWorld) reenter(i int32) bool {
	dst := w.home[i]
	if w.cells[dst] != empty {
		dst = empty
		// Rejection sampling is uniform over the empty cells; a full scan
		// after many misses keeps it so on a nearly full grid.
		for try := 0; try < 64 && dst == empty; try++ {
			if n := int32(w.rng.IntN(len(w.cells))); w.cells[n] == empty {
				dst = n
			}
		}
		if dst == empty {
			w.empties = w.empties[:0]
			for n, a := range w.cells {
				if a == empty {
					w.empties = append(w.empties, int32(n))
				}
			}
			if len(w.empties) == 0 {
				return false
			}
			dst = w.empties[w.rng.IntN(len(w.empties))]
		}
	}
	w.cells[dst] = i
	w.setKind(dst, w.state[i])
	w.pos[i] = dst
	return true
}

// stepSynchronous runs a step of synchronous decisions: jail terms count
// down; every free citizen decides from the states at the start of the
// step; then the cops take their turns in a new random order; then free
// citizens move in that order.
func (w *ClassicWorld) stepSynchronous() {
	w.shuffle()
	if w.next == nil {
		w.next = make([]uint8, w.nCit)
		w.eligible = make([]bool, w.nCit)
	}
	for i := range w.nCit {
		w.eligible[i] = w.jail[i] == 0
		if w.jail[i] > 0 {
			w.jail[i]--
		}
	}
	for _, a := range w.order {
		if a < w.nCit && w.eligible[a] && w.pos[a] == empty {
			w.eligible[a] = w.reenter(a)
		}
	}
	for i := range w.nCit {
		if !w.eligible[i] {
			continue
		}
		if g := w.grievance(i); w.calm(g) {
			w.next[i] = Quiescent
		} else {
			cops, actives, _ := w.look(w.pos[i], &w.citNb, false)
			w.next[i] = w.decide(i, g, cops, actives)
		}
	}
	for i := range w.nCit {
		if w.eligible[i] {
			w.setState(i, w.next[i])
		}
	}
	for _, a := range w.order {
		if a >= w.nCit {
			w.copTurn(a)
		}
	}
	if !w.p.Classic.Movement {
		return
	}
	for _, a := range w.order {
		if a < w.nCit && w.state[a] != Jailed {
			_, _, empties := w.look(w.pos[a], &w.citNb, true)
			w.move(a, &w.citNb, empties, empty)
		}
	}
}

// RunClassicTrial runs trial number trial of a classic-model run with the
// given seed for steps steps and returns the counts after each step
// (ClassicMetrics). The result depends only on (p, steps, seed, trial). It
// stops early with ctx.Err() when ctx is cancelled.
func RunClassicTrial(ctx context.Context, p *Params, steps int, seed uint64, trial int) (*SeriesResult, error) {
	ts := TrialSeed(seed, trial)
	w, err := NewClassicWorld(p, ts)
	if err != nil {
		return nil, err
	}
	res := &SeriesResult{Trial: trial, Seed: ts, Rows: make([][]float64, steps)}
	vals := make([]float64, steps*NumClassicMetrics)
	for s := range steps {
		if s%50 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := w.Step(); err != nil {
			return nil, err
		}
		q, a, j := w.Counts()
		row := vals[s*NumClassicMetrics : (s+1)*NumClassicMetrics : (s+1)*NumClassicMetrics]
		row[ClassicQuiet], row[ClassicActive], row[ClassicJailed] = float64(q), float64(a), float64(j)
		res.Rows[s] = row
	}
	return res, nil
}

// RunClassic runs the classic model's trials of cfg (cfg.Months is the
// number of steps) as Run runs the main model's: in parallel, emitting
// each result in the order of cfg.Trials.
func RunClassic(ctx context.Context, p *Params, cfg RunConfig, emit func(*SeriesResult) error) error {
	if cfg.Months < 1 {
		return fmt.Errorf("sim: steps must be at least 1, not %d", cfg.Months)
	}
	return RunFunc(ctx, cfg, func(ctx context.Context, trial int) (*SeriesResult, error) {
		return RunClassicTrial(ctx, p, cfg.Months, cfg.Seed, trial)
	}, emit)
}
