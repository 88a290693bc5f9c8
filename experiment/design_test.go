package experiment

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// mustParse parses specs with p or fails the test.
func mustParse(t *testing.T, p Parser, specs ...string) []Vary {
	t.Helper()
	vs, err := p.Parse(specs)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestGrid checks that a grid holds every combination of the levels
// exactly once, the first parameter varying slowest.
func TestGrid(t *testing.T) {
	t.Parallel()
	vs := mustParse(t, Parser{Option: "--vary"}, "fiscal.patronage_weight=0:1:3", "institutions.selection=appointed,direct",
		"institutions.recall=false,true")
	d, err := Grid(vs)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 3*2*2 {
		t.Fatalf("Grid gave %d points; want 12", len(d.Points))
	}
	seen := map[string]bool{}
	for i, pt := range d.Points {
		key := pt[0].Text + " " + pt[1].Text + " " + pt[2].Text
		if seen[key] {
			t.Errorf("Grid point %d (%s) is there twice", i, key)
		}
		seen[key] = true
		// Point i is levels (i/4, i/2%2, i%2): the last parameter fastest.
		want := []Level{vs[0].Levels[i/4], vs[1].Levels[i/2%2], vs[2].Levels[i%2]}
		if !reflect.DeepEqual(pt, want) {
			t.Errorf("Grid point %d = %v; want %v", i, pt, want)
		}
	}
	many := mustParse(t, Parser{Option: "--vary"}, "fiscal.patronage_weight=0:1:1000", "fiscal.extraction=0:0.5:1001")
	if _, err := Grid(many); !errors.Is(err, ErrTooManyPoints) {
		t.Errorf("Grid(1000 × 1001) = %v; want ErrTooManyPoints", err)
	}
}

// TestLatinHypercube checks the defining property of the sample: in
// every dimension each of the n equal slices of [0, 1) holds exactly one
// point; and that ranges, whole-number ranges and lists map into their
// values, a list's values in near-equal shares.
func TestLatinHypercube(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 7, 50} {
		u := latinHypercube(rand.New(rand.NewPCG(1, 2)), n, 3)
		for j := range 3 {
			hit := make([]int, n)
			for i := range n {
				hit[int(u[i][j]*float64(n))]++
			}
			for s, h := range hit {
				if h != 1 {
					t.Errorf("n %d, dimension %d: slice %d holds %d points; want 1", n, j, s, h)
				}
			}
		}
	}
	vs := mustParse(t, Parser{Option: "--vary", Ranges: Sampled},
		"fiscal.extraction=0.1:0.5", "institutions.term_months=12:60", "institutions.selection=appointed,indirect,direct")
	const n = 30
	d := LatinHypercube(vs, n, 1)
	count := map[string]int{}
	slices := make([]int, n)
	for _, pt := range d.Points {
		x := pt[0].X
		if x < 0.1 || x > 0.5 {
			t.Errorf("fiscal.extraction = %v; want within [0.1, 0.5]", x)
		}
		slices[min(int((x-0.1)/0.4*n), n-1)]++
		if x := pt[1].X; x < 12 || x > 60 || x != math.Trunc(x) {
			t.Errorf("institutions.term_months = %v; want a whole number within [12, 60]", x)
		}
		count[pt[2].Text]++
	}
	// Rounding to six digits may move a value across a slice's edge, but
	// not by more than one slice; most slices hold exactly one.
	ones := 0
	for _, c := range slices {
		if c == 1 {
			ones++
		}
	}
	if ones < n-2 {
		t.Errorf("fiscal.extraction: %d of %d slices hold one point; want nearly all", ones, n)
	}
	for _, w := range []string{"appointed", "indirect", "direct"} {
		if count[w] != n/3 {
			t.Errorf("selection %s in %d of %d points; want %d", w, count[w], n, n/3)
		}
	}
	if !reflect.DeepEqual(d, LatinHypercube(vs, n, 1)) || reflect.DeepEqual(d, LatinHypercube(vs, n, 2)) {
		t.Error("LatinHypercube is not a function of the seed")
	}
}

func TestVaryAt(t *testing.T) {
	t.Parallel()
	vs := mustParse(t, Parser{Option: "--vary", Ranges: Sampled},
		"fiscal.extraction=0:0.3", "institutions.term_months=12:15", "institutions.recall=false,true")
	tests := []struct {
		v    int
		u    float64
		want string
	}{
		{0, 0, "0"}, {0, 1, "0.3"}, {0, 1.0 / 3, "0.1"}, {0, 0.123456789, "0.0370370"},
		{1, 0, "12"}, {1, 0.2499, "12"}, {1, 0.25, "13"}, {1, 0.99, "15"}, {1, 1, "15"},
		{2, 0, "false"}, {2, 0.49, "false"}, {2, 0.5, "true"}, {2, 1, "true"},
	}
	for _, tt := range tests {
		got := vs[tt.v].At(tt.u).Text
		if tt.want == "0.0370370" {
			tt.want = "0.037037" // six significant digits
		}
		if got != tt.want {
			t.Errorf("%s.At(%v) = %s; want %s", vs[tt.v].Key.Name, tt.u, got, tt.want)
		}
	}
}

// TestDesignParams checks that a point's parameters are the base's with
// the point's levels, and that the base is left alone.
func TestDesignParams(t *testing.T) {
	t.Parallel()
	base := sim.Default()
	vs := mustParse(t, Parser{Option: "--vary"}, "fiscal.patronage_weight=0.25,0.75", "institutions.selection=direct,appointed")
	d, err := Grid(vs)
	if err != nil {
		t.Fatal(err)
	}
	orig := base
	for i, pt := range d.Points {
		p, err := d.Params(&base, i)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range vs {
			got, _ := p.Get(v.Key.Name)
			if want := pt[j].Value.Any(); got != want {
				t.Errorf("point %d: %s = %v; want %v", i, v.Key.Name, got, want)
			}
		}
	}
	if !reflect.DeepEqual(base, orig) {
		t.Error("Design.Params changed the base")
	}
}

// TestDesignCheck checks that Check finds the bad points, counts them
// and names the varied key a problem involves.
func TestDesignCheck(t *testing.T) {
	t.Parallel()
	base := sim.Default()
	base.Institutions.Selection = "direct"
	vs := mustParse(t, Parser{Option: "--vary"}, "institutions.selection=appointed,direct", "institutions.recall=false,true")
	d, err := Grid(vs)
	if err != nil {
		t.Fatal(err)
	}
	good := &Design{Vary: vs, Points: [][]Level{d.Points[0], d.Points[2], d.Points[3]}}
	if err := good.Check(&base); err != nil {
		t.Errorf("Check(valid points) = %v", err)
	}
	err = d.Check(&base)
	want := "1 of 4 points are not valid scenarios; change the --vary values or --set the settings they contradict:\n" +
		"  point 1 (institutions.selection=appointed, institutions.recall=true): institutions."
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Check = %v; want it to start %q", err, want)
	}
}
