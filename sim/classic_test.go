package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// layoutWorld returns a classic world of p whose grid is drawn by rows,
// one string per row: '.' empty, 'c' a cop, 'q' a quiet citizen, 'a' an
// active one, 'j' a jailed one (term 5). Citizens have hardship 1 and risk
// aversion 0, and are numbered in reading order, then cops.
func layoutWorld(t *testing.T, p Params, rows ...string) *ClassicWorld {
	t.Helper()
	p.Classic.Height, p.Classic.Width = len(rows), len(rows[0])
	p.Classic.CitizenDensity, p.Classic.CopDensity = 0, 0
	w := newTestClassicWorld(t, &p, 1)
	var cits, cops []int32
	for y, r := range rows {
		for x, ch := range r {
			c := int32(y*len(rows[0]) + x)
			switch ch {
			case 'c':
				cops = append(cops, c)
			case 'q', 'a', 'j':
				cits = append(cits, c)
			case '.':
			default:
				t.Fatalf("layout: unknown cell %q", ch)
			}
		}
	}
	w.nCit = int32(len(cits))
	n := len(cits) + len(cops)
	w.hardship = make([]float64, len(cits))
	w.risk = make([]float64, len(cits))
	w.state = make([]uint8, len(cits))
	w.jail = make([]int32, len(cits))
	w.home = make([]int32, len(cits))
	w.pos = append(cits, cops...)
	w.order = make([]int32, n)
	for i := range w.order {
		w.order[i] = int32(i)
		w.cells[w.pos[i]] = int32(i)
		w.setKind(w.pos[i], kindCop)
	}
	for i, c := range cits {
		w.hardship[i] = 1
		switch rows[int(c)/len(rows[0])][int(c)%len(rows[0])] {
		case 'q':
			w.setState(int32(i), Quiescent)
		case 'a':
			w.setState(int32(i), Active)
		case 'j':
			w.setState(int32(i), Jailed)
			w.jail[i] = 5
		}
	}
	return w
}

func TestNeighbourhoodSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		shape         string
		r, w, h, want int
	}{
		{"von_neumann", 7, 40, 40, 112}, // 2r(r+1)
		{"moore", 7, 40, 40, 224},       // (2r+1)^2 - 1
		{"euclidean", 7, 40, 40, 148},   // Gauss's circle problem: N(7) = 149
		{"von_neumann", 1, 40, 40, 4},
		{"moore", 1, 40, 40, 8},
		// On a small torus a neighbourhood wraps onto itself and each cell
		// counts once, as in Mesa's breadth-first neighbourhood.
		{"moore", 7, 5, 5, 24},
		{"von_neumann", 7, 10, 10, 86}, // the 13 cells with torus distances summing to 8 or more stay out
		{"von_neumann", 2, 3, 1, 2},
	}
	for _, tt := range tests {
		off := neighbourhood(tt.shape, tt.r, tt.w, tt.h)
		if len(off) != tt.want {
			t.Errorf("neighbourhood(%q, %d, %dx%d) has %d cells; want %d", tt.shape, tt.r, tt.w, tt.h, len(off), tt.want)
		}
		seen := map[offset]bool{}
		for _, o := range off {
			if o == (offset{}) || seen[o] || o.dx < 0 || o.dx >= int32(tt.w) || o.dy < 0 || o.dy >= int32(tt.h) {
				t.Errorf("neighbourhood(%q, %d, %dx%d) has the centre, a duplicate or an unreduced offset: %v", tt.shape, tt.r, tt.w, tt.h, o)
			}
			seen[o] = true
		}
	}
}

func TestTorusWrap(t *testing.T) {
	t.Parallel()
	p := Default()
	w := layoutWorld(t, p, ".....", ".....", ".....", ".....")
	tests := []struct {
		x, y, dx, dy int
		want         int32
	}{
		{0, 0, -1, 0, 4},     // west of the left edge is the right edge
		{0, 0, 0, -1, 3 * 5}, // north of the top row is the bottom row
		{4, 3, 1, 1, 0},      // south-east of the last cell is the first
		{2, 1, 1, 2, 3*5 + 3},
	}
	for _, tt := range tests {
		o := offset{int32(mod(tt.dx, 5)), int32(mod(tt.dy, 4))}
		if got := w.at(int32(tt.x), int32(tt.y), o); got != tt.want {
			t.Errorf("at(%d,%d)+(%d,%d) = cell %d; want %d", tt.x, tt.y, tt.dx, tt.dy, got, tt.want)
		}
	}
	// A cop on the left edge sees an active citizen on the right edge.
	p.Classic.CopVision, p.Classic.Movement = 1, false
	w = layoutWorld(t, p,
		"c...a",
		".....",
		".....")
	w.copTurn(1)
	if w.state[0] != Jailed {
		t.Errorf("a cop at the left edge did not arrest the active citizen beside it across the edge")
	}
}

func TestCopArrestsOnlyActivesInVision(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.CopVision, p.Classic.Movement = 2, false
	w := layoutWorld(t, p,
		"a.......",
		"...q....",
		"...c.a..",
		"........",
		"a.......")
	// Citizens: 0 active far, 1 quiet near, 2 active at distance 2, 3 active far.
	for range 20 {
		w.copTurn(4)
	}
	want := []uint8{Active, Quiescent, Jailed, Active}
	for i, s := range want {
		if w.state[i] != s {
			t.Errorf("after the cop's turns, citizen %d is in state %d; want %d", i, w.state[i], s)
		}
	}
	if w.jail[2] < 0 || w.jail[2] > int32(p.Classic.MaxJailTerm) {
		t.Errorf("jail term %d; want 0..%d", w.jail[2], p.Classic.MaxJailTerm)
	}
	// Only one arrest per turn: two actives in vision, one turn.
	w = layoutWorld(t, p, ".a.", "aca", "...")
	w.copTurn(3)
	if _, a, j := w.Counts(); a != 2 || j != 1 {
		t.Errorf("after one cop turn with three actives in vision: %d active, %d jailed; want 2, 1", a, j)
	}
}

func TestJailCountdown(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.Movement = false
	p.Classic.Legitimacy = 0 // grievance 1: free citizens turn active
	w := layoutWorld(t, p, "j..", "...", "...")
	for turn := 1; turn <= 5; turn++ {
		w.citizenTurn(0)
		if w.state[0] != Jailed || w.jail[0] != int32(5-turn) {
			t.Fatalf("after turn %d: state %d, term %d; want jailed with %d left", turn, w.state[0], w.jail[0], 5-turn)
		}
	}
	w.citizenTurn(0) // term 0: decides again
	if w.state[0] != Active {
		t.Errorf("with its term served, the citizen is in state %d; want active", w.state[0])
	}
}

func TestJailTermDraws(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rule   string
		lo, hi int32
	}{{"uniform", 0, 3}, {"uniform_exclusive", 0, 2}, {"fixed", 3, 3}} {
		p := Default()
		p.Classic.MaxJailTerm, p.Classic.JailTerm = 3, tt.rule
		w := layoutWorld(t, p, "a")
		seen := map[int32]bool{}
		for range 200 {
			w.arrest(0)
			seen[w.jail[0]] = true
		}
		for v := range seen {
			if v < tt.lo || v > tt.hi {
				t.Errorf("%s: term %d outside %d..%d", tt.rule, v, tt.lo, tt.hi)
			}
		}
		if len(seen) != int(tt.hi-tt.lo+1) {
			t.Errorf("%s: terms drawn %v; want every value of %d..%d", tt.rule, seen, tt.lo, tt.hi)
		}
	}
}

// TestClassicRoundings checks that the classic citizen decides through the
// shared ArrestProbability with each rounding: one cop and one other
// active in vision give C/A = 1/2, which Mesa's round (half to even) and
// NetLogo's floor take to 0 (no risk), while the paper's plain ratio gives
// P = 1 - exp(-1.15).
func TestClassicRoundings(t *testing.T) {
	t.Parallel()
	if p := ArrestProbability(2.3, 1, 2, RoundNone); math.Abs(p-(1-math.Exp(-1.15))) > 1e-15 {
		t.Errorf("ArrestProbability(2.3, 1, 2, none) = %v; want 1-exp(-1.15)", p)
	}
	for _, tt := range []struct {
		cops, actives float64
		r             Rounding
		ratio         float64
	}{
		{1, 2, RoundHalf, 0}, {3, 2, RoundHalf, 2}, {5, 2, RoundHalf, 2}, {7, 2, RoundHalf, 4},
		{1, 2, RoundFloor, 0}, {5, 2, RoundFloor, 2}, {5, 3, RoundFloor, 1},
	} {
		if got, want := ArrestProbability(2.3, tt.cops, tt.actives, tt.r), 1-math.Exp(-2.3*tt.ratio); got != want {
			t.Errorf("ArrestProbability(2.3, %v, %v, %v) = %v; want %v", tt.cops, tt.actives, tt.r, got, want)
		}
	}
	for _, tt := range []struct {
		rounding string
		want     uint8
	}{{"round", Active}, {"floor", Active}, {"none", Quiescent}} {
		p := Default()
		p.Classic.Rounding, p.Classic.Movement, p.Classic.CitizenVision = tt.rounding, false, 1
		p.Classic.Legitimacy = 0.5 // G = 0.5
		w := layoutWorld(t, p, "qa", "c.")
		w.risk[0] = 0.7 // G - R*P = 0.5 - 0.7*0.683 < T under the plain ratio
		w.citizenTurn(0)
		if w.state[0] != tt.want {
			t.Errorf("rounding %s: citizen with C=1, A=1+1 is in state %d; want %d", tt.rounding, w.state[0], tt.want)
		}
	}
}

func TestJailedLeaveTheGrid(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.JailedKeepCell, p.Classic.Movement = false, true
	p.Classic.MaxJailTerm, p.Classic.JailTerm = 1, "fixed"
	p.Classic.CopVision = 1
	w := layoutWorld(t, p, "ac", "..")
	w.copTurn(1)
	if w.pos[0] != empty || w.cells[0] == 0 || w.state[0] != Jailed {
		t.Fatalf("a citizen jailed off the grid is at cell %d, cell 0 holds %d; want off the grid", w.pos[0], w.cells[0])
	}
	w.citizenTurn(0) // term 1 -> 0
	w.citizenTurn(0) // released: back on the grid, then decides and moves
	if w.pos[0] == empty || w.cells[w.pos[0]] != 0 || w.state[0] == Jailed {
		t.Errorf("released citizen at cell %d in state %d; want on the grid and free", w.pos[0], w.state[0])
	}
	checkGrid(t, w)
}

// checkGrid checks that cells, kinds and positions agree.
func checkGrid(t *testing.T, w *ClassicWorld) {
	t.Helper()
	onGrid := 0
	for a, c := range w.pos {
		if c == empty {
			if a >= int(w.nCit) || w.state[a] != Jailed {
				t.Fatalf("agent %d is off the grid but not a jailed citizen", a)
			}
			continue
		}
		onGrid++
		if w.cells[c] != int32(a) {
			t.Fatalf("agent %d is at cell %d, which holds %d", a, c, w.cells[c])
		}
		want := uint8(kindCop)
		if a < int(w.nCit) {
			want = w.state[a]
		}
		if w.kind[c] != want {
			t.Fatalf("cell %d of agent %d has kind %d; want %d", c, a, w.kind[c], want)
		}
	}
	occupied := 0
	for c, a := range w.cells {
		if a != empty {
			occupied++
		} else if w.kind[c] != kindEmpty {
			t.Fatalf("empty cell %d has kind %d", c, w.kind[c])
		}
	}
	if occupied != onGrid {
		t.Fatalf("%d cells occupied; %d agents on the grid", occupied, onGrid)
	}
	checkBits(t, w)
}

// checkBits checks that the bitsets and the counts of states agree with
// the cells' kinds and the citizens' states.
func checkBits(t *testing.T, w *ClassicWorld) {
	t.Helper()
	var active, jailed int
	for _, s := range w.state {
		active += int(countOf(s == Active))
		jailed += int(countOf(s == Jailed))
	}
	if _, a, j := w.Counts(); a != active || j != jailed {
		t.Fatalf("Counts gives %d active, %d jailed; the states %d, %d", a, j, active, jailed)
	}
	if w.rows == nil {
		return
	}
	for c, k := range w.kind {
		x, y := c%int(w.width), c/int(w.width)
		for _, r := range []int{y, y + int(w.height)} {
			word := w.rows[r*int(w.words)+x/64]
			for cls := range uint8(classNone) {
				if got, want := word[cls]>>(x%64)&1 == 1, kindClass[k] == cls; got != want {
					t.Fatalf("cell %d of kind %d: bit of class %d in row %d is %v", c, k, cls, r, got)
				}
			}
		}
	}
}

// TestClassicInvariants runs every combination of the rule choices on a
// small crowded grid and checks the grid's bookkeeping after each step.
func TestClassicInvariants(t *testing.T) {
	t.Parallel()
	for _, act := range []string{"random", "synchronous"} {
		for _, keep := range []bool{true, false} {
			for _, shape := range []string{"von_neumann", "moore", "euclidean"} {
				p := Default()
				p.Classic.Width, p.Classic.Height = 12, 9
				p.Classic.CitizenDensity, p.Classic.CopDensity = 0.8, 0.1
				p.Classic.Activation, p.Classic.JailedKeepCell, p.Classic.Neighbourhood = act, keep, shape
				p.Classic.CitizenVision, p.Classic.CopVision = 2, 3
				p.Classic.Legitimacy, p.Classic.MaxJailTerm = 0.5, 4
				w := newTestClassicWorld(t, &p, 7)
				n := w.Citizens()
				for range 60 {
					if err := w.Step(); err != nil {
						t.Fatal(err)
					}
					checkGrid(t, w)
					if q, a, j := w.Counts(); q+a+j != n {
						t.Fatalf("%s, keep %v, %s: counts %d+%d+%d; want %d citizens", act, keep, shape, q, a, j, n)
					}
				}
				if _, a, j := w.Counts(); a+j == 0 {
					t.Errorf("%s, keep %v, %s: no citizen active or jailed at legitimacy 0.5", act, keep, shape)
				}
			}
		}
	}
}

func TestClassicSetup(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.Width, p.Classic.Height = 100, 100
	w := newTestClassicWorld(t, &p, TrialSeed(1, 0))
	const tol = 4 // binomial standard deviations
	for _, tt := range []struct {
		what    string
		got     int
		density float64
	}{{"citizens", w.Citizens(), 0.7}, {"cops", w.Cops(), 0.074}} {
		mean := 1e4 * tt.density
		sd := math.Sqrt(1e4 * tt.density * (1 - tt.density))
		if math.Abs(float64(tt.got)-mean) > tol*sd {
			t.Errorf("%s = %d on 100x100; want %.0f ± %.0f", tt.what, tt.got, mean, tol*sd)
		}
	}
	var h, r float64
	for i := range w.hardship {
		h += w.hardship[i]
		r += w.risk[i]
	}
	if n := float64(w.Citizens()); math.Abs(h/n-0.5) > 0.02 || math.Abs(r/n-0.5) > 0.02 {
		t.Errorf("mean hardship %.3f, risk aversion %.3f; want about 0.5 (uniform)", h/n, r/n)
	}
	if q, a, j := w.Counts(); q != w.Citizens() || a+j != 0 {
		t.Errorf("initial counts %d, %d, %d; want everyone quiet", q, a, j)
	}
}

// TestClassicEvents checks that events change the classic model's
// parameters at the start of their step, through the same path as the
// main model's, and that legitimacy and hardship shocks apply.
func TestClassicEvents(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.Legitimacy = 0.9
	p.Events = []Event{
		{Month: 3, Label: "drop", Set: map[string]Value{"classic.legitimacy": Float(0.6)}},
		{Month: 5, Label: "shock", Legitimacy: -0.1, Hardship: 0.2},
		{Month: 6, Label: "wider vision", Set: map[string]Value{"classic.citizen_vision": Int(2)}},
	}
	w := newTestClassicWorld(t, &p, 1)
	want := []float64{0.9, 0.9, 0.6, 0.6, 0.5, 0.5}
	for s, l := range want {
		if err := w.Step(); err != nil {
			t.Fatal(err)
		}
		if math.Abs(w.legitimacy-l) > 1e-12 {
			t.Errorf("legitimacy after step %d = %v; want %v", s+1, w.legitimacy, l)
		}
	}
	if w.hardshipShift != 0.2 || len(w.citNb.off) != 12 {
		t.Errorf("hardship shift %v, citizen neighbourhood %d cells; want 0.2 and 12 (radius 2)", w.hardshipShift, len(w.citNb.off))
	}
	if p.Classic.Legitimacy != 0.9 || p.Behavior.LegitimacyShift != 0 {
		t.Errorf("the caller's parameters changed: legitimacy %v, shift %v", p.Classic.Legitimacy, p.Behavior.LegitimacyShift)
	}
	p.Events = []Event{{Month: 2, Set: map[string]Value{"classic.rounding": Word("ceiling")}}}
	if _, err := RunClassicTrial(context.Background(), &p, 3, 1, 0); err == nil || !strings.Contains(err.Error(), "events[0].set.classic.rounding") {
		t.Errorf("RunClassicTrial with a bad event = %v; want an error naming events[0].set.classic.rounding", err)
	}
}

func TestClassicDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Classic.Legitimacy = 0.7
	var runs [2][]*SeriesResult
	for i, workers := range []int{1, 3} {
		cfg := RunConfig{Months: 40, Seed: 5, Trials: []int{3, 0, 2, 1}, Workers: workers}
		err := RunClassic(context.Background(), &p, cfg, func(r *SeriesResult) error {
			runs[i] = append(runs[i], r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(runs[0], runs[1]) {
		t.Errorf("RunClassic results differ between 1 and 3 workers")
	}
	for k, r := range runs[0] {
		if want := []int{3, 0, 2, 1}[k]; r.Trial != want || r.Seed != TrialSeed(5, want) || len(r.Rows) != 40 {
			t.Errorf("result %d: trial %d, seed %d, %d rows; want trial %d, its seed, 40 rows", k, r.Trial, r.Seed, len(r.Rows), want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunClassicTrial(ctx, &p, 10, 1, 0); err == nil {
		t.Errorf("RunClassicTrial with a cancelled context = nil error; want context.Canceled")
	}
}

// TestSuddenLegitimacyDrop checks Epstein's (2002) result that a sudden
// fall in legitimacy produces a larger burst of activity than the same
// fall spread over many steps, with Mesa's settings (the docked
// configuration): legitimacy 0.9 (no grievance above the threshold) falls
// to 0.7 at step 20, or by 0.01 every 4 steps from step 20 to step 96.
// Each trial runs both ways on the same initial world.
func TestSuddenLegitimacyDrop(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a statistical experiment; runs without -short")
	}
	const (
		trials = 10
		steps  = 100
		ratio  = 1.5 // the sudden drop's mean peak must be at least this many times the gradual one's
		share  = 0.7 // and higher in at least this share of trials
	)
	peaks := func(events []Event) []float64 {
		p := Default()
		p.Classic.Legitimacy = 0.9
		p.Events = events
		var out []float64
		cfg := RunConfig{Months: steps, Seed: 1, Trials: TrialList(trials)}
		err := RunClassic(context.Background(), &p, cfg, func(r *SeriesResult) error {
			peak := 0.0
			for _, row := range r.Rows {
				peak = max(peak, row[ClassicActive])
			}
			out = append(out, peak)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	sudden := peaks([]Event{{Month: 20, Set: map[string]Value{"classic.legitimacy": Float(0.7)}}})
	var steps20 []Event
	for i := 1; i <= 20; i++ {
		steps20 = append(steps20, Event{Month: 20 + 4*(i-1), Set: map[string]Value{"classic.legitimacy": Float(0.9 - 0.01*float64(i))}})
	}
	gradual := peaks(steps20)
	var ms, mg float64
	higher := 0
	for k := range sudden {
		ms += sudden[k] / trials
		mg += gradual[k] / trials
		if sudden[k] > gradual[k] {
			higher++
		}
	}
	if ms < ratio*mg || float64(higher) < share*trials {
		t.Errorf("peak actives: sudden drop mean %.1f, gradual %.1f, sudden higher in %d of %d trials; want at least %.1f times and %.0f%% of trials",
			ms, mg, higher, trials, ratio, 100*share)
	}
	t.Logf("peak actives: sudden drop mean %.1f, gradual %.1f; sudden higher in %d of %d trials", ms, mg, higher, trials)
}

// BenchmarkClassicStep runs steps of the classic model with Mesa's
// settings (about 1,120 citizens and 118 cops on 40 x 40) and reports the
// time per citizen-step, the figure docs/DOCKING.md compares with Mesa's.
func BenchmarkClassicStep(b *testing.B) {
	p := Default()
	w := newTestClassicWorld(b, &p, TrialSeed(1, 0))
	for range 10 { // past the first outburst
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(w.Citizens()), "ns/citizen-step")
}

// withoutBits makes w read its grid cell by cell, as on a grid too wide
// for bitsets.
func withoutBits(t *testing.T, w *ClassicWorld) {
	t.Helper()
	w.rows, w.col, w.base, w.word = nil, nil, nil, nil
	w.vision = visionKey{}
	if err := w.refresh(); err != nil {
		t.Fatal(err)
	}
	if w.citNb.bits != nil || w.copNb.bits != nil {
		t.Fatal("withoutBits: the neighbourhoods still have bitsets")
	}
}

// TestClassicBitsExact checks that counting and drawing through the
// bitsets gives the same run, step by step, as reading the grid cell by
// cell: every rule choice, neighbourhoods that wrap onto themselves on a
// small torus, rows of exactly one word (64 cells), and rows of two and
// three words, with runs that leave a word and come back to it.
func TestClassicBitsExact(t *testing.T) {
	t.Parallel()
	type grid struct{ w, h, cv, pv int }
	steps := 40
	if testing.Short() {
		steps = 8 // the race detector's run (CI); the full run checks 40
	}
	for _, g := range []grid{{12, 9, 2, 3}, {40, 40, 7, 7}, {5, 13, 7, 7}, {10, 7, 7, 2}, {64, 6, 3, 5}, {3, 1, 2, 1}, {65, 4, 3, 2}, {70, 3, 40, 36}, {150, 5, 9, 4}} {
		for _, act := range []string{"random", "synchronous"} {
			for _, keep := range []bool{true, false} {
				for _, shape := range []string{"von_neumann", "moore", "euclidean"} {
					p := Default()
					p.Classic.Width, p.Classic.Height = g.w, g.h
					p.Classic.CitizenDensity, p.Classic.CopDensity = 0.6, 0.1
					p.Classic.Activation, p.Classic.JailedKeepCell, p.Classic.Neighbourhood = act, keep, shape
					p.Classic.CitizenVision, p.Classic.CopVision = g.cv, g.pv
					p.Classic.Legitimacy, p.Classic.MaxJailTerm, p.Classic.Rounding = 0.5, 4, "none"
					p.Classic.Movement = g.w != 10 // one grid without movement
					name := fmt.Sprintf("%dx%d vision %d/%d %s keep %v %s move %v", g.w, g.h, g.cv, g.pv, act, keep, shape, p.Classic.Movement)
					fast, slow := newTestClassicWorld(t, &p, 11), newTestClassicWorld(t, &p, 11)
					if fast.rows == nil {
						t.Fatalf("%s: no bitsets", name)
					}
					withoutBits(t, slow)
					for s := range steps {
						if err := fast.Step(); err != nil {
							t.Fatal(err)
						}
						if err := slow.Step(); err != nil {
							t.Fatal(err)
						}
						checkGrid(t, fast)
						if !slices.Equal(fast.state, slow.state) || !slices.Equal(fast.pos, slow.pos) || !slices.Equal(fast.jail, slow.jail) {
							t.Fatalf("%s: step %d differs with bitsets", name, s+1)
						}
					}
				}
			}
		}
	}
}

// TestSelectBit checks selectBit and kthColumn against picking the bits
// one by one.
func TestSelectBit(t *testing.T) {
	t.Parallel()
	rng := newStream(3, 0)
	for range 20000 {
		width := int32(1 + rng.IntN(64))
		m := rng.Uint64() & rng.Uint64()
		if width < 64 {
			m &= 1<<width - 1
		}
		from := uint8(rng.IntN(int(width)))
		var order []int32 // the set columns from `from` onwards, wrapping
		for j := range width {
			if x := (int32(from) + j) % width; m>>x&1 == 1 {
				order = append(order, x)
			}
		}
		for k, want := range order {
			if got := kthColumn(m, from, k, width); got != want {
				t.Fatalf("kthColumn(%#x, %d, %d, %d) = %d; want %d", m, from, k, width, got, want)
			}
		}
	}
}
