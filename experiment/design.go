package experiment

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// MaxPoints bounds a design, so that a typo does not start a run of
// years.
const MaxPoints = 1_000_000

// lhsStream is the PCG stream of a Latin hypercube sample: the sample
// depends only on the seed, the number of points and the parameters.
const lhsStream = 0x6c6873 // "lhs"

// ErrTooManyPoints is returned for a design of more than MaxPoints
// points.
var ErrTooManyPoints = fmt.Errorf("experiment: a design of more than %d points", MaxPoints)

// A Design is the points at which to run a scenario: the parameters
// varied and, for each point, their levels (Points[i][j] is parameter
// j's level at point i).
type Design struct {
	Vary   []Vary
	Points [][]Level
}

// Grid returns every combination of the parameters' levels, the first
// parameter varying slowest. It returns ErrTooManyPoints for more than
// MaxPoints.
func Grid(vs []Vary) (*Design, error) {
	n := 1
	for _, v := range vs {
		n *= len(v.Levels)
		if n > MaxPoints {
			return nil, ErrTooManyPoints
		}
	}
	pts := make([][]Level, n)
	for i := range pts {
		pt := make([]Level, len(vs))
		rest := i
		for j := len(vs) - 1; j >= 0; j-- {
			m := len(vs[j].Levels)
			pt[j] = vs[j].Levels[rest%m]
			rest /= m
		}
		pts[i] = pt
	}
	return &Design{Vary: vs, Points: pts}, nil
}

// latinHypercube returns n points in [0,1)^dims: for each dimension, a
// random permutation places one point in each of the n equal slices, at a
// uniform position within it (McKay, Beckman and Conover 1979, "A
// comparison of three methods for selecting values of input variables in
// the analysis of output from a computer code", Technometrics 21(2)).
func latinHypercube(r *rand.Rand, n, dims int) [][]float64 {
	u := make([][]float64, n)
	for i := range u {
		u[i] = make([]float64, dims)
	}
	for j := range dims {
		perm := r.Perm(n)
		for i := range n {
			u[i][j] = (float64(perm[i]) + r.Float64()) / float64(n)
		}
	}
	return u
}

// LatinHypercube returns a Latin hypercube sample of n points of the
// parameters, drawn from a PCG stream of seed: each parameter's range (or
// list) cut into n equal slices with one point in each.
func LatinHypercube(vs []Vary, n int, seed uint64) *Design {
	r := rand.New(rand.NewPCG(seed, lhsStream))
	return Unit(vs, latinHypercube(r, n, len(vs)))
}

// Unit returns the design of the points u in [0,1]^k (such as a Morris or
// Saltelli design), coordinate j of each mapped to parameter j's level
// by Vary.At.
func Unit(vs []Vary, u [][]float64) *Design {
	pts := make([][]Level, len(u))
	for i := range pts {
		pt := make([]Level, len(vs))
		for j, v := range vs {
			pt[j] = v.At(u[i][j])
		}
		pts[i] = pt
	}
	return &Design{Vary: vs, Points: pts}
}

// Params returns a copy of base with point i's levels set.
func (d *Design) Params(base *sim.Params, i int) (*sim.Params, error) {
	p := *base
	for j, v := range d.Vary {
		if err := p.Set(v.Key.Name, d.Points[i][j].Value); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// Check checks that every point is valid, as the scenario loader checks a
// file (settings that contradict each other, the events after them), with
// Params.Validate on base's parameters with the point's levels. It
// reports the first few bad points.
func (d *Design) Check(base *sim.Params) error {
	const show = 3
	var msgs []string
	bad := 0
	for i, pt := range d.Points {
		p, err := d.Params(base, i)
		if err == nil {
			err = p.Validate()
		}
		if err == nil {
			continue
		}
		if bad++; bad <= show {
			desc := make([]string, len(d.Vary))
			for j, v := range d.Vary {
				desc[j] = v.Key.Name + "=" + pt[j].Text
			}
			msgs = append(msgs, fmt.Sprintf("point %d (%s): %s", i, strings.Join(desc, ", "), d.problems(err, base.Events)))
		}
	}
	if bad == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d of %d points are not valid scenarios; change the --vary values or --set the settings they contradict:\n  %s",
		bad, len(d.Points), strings.Join(msgs, "\n  "))
	if bad > show {
		msg += fmt.Sprintf("\n  and %d more", bad-show)
	}
	return errors.New(msg)
}

// problems describes err, a point's problems, on one line: each problem
// under the varied key it involves if there is one (as the loader blames
// the setting made last), under the event it blames (named by month and
// label) if any, or else under its first key.
func (d *Design) problems(err error, events []sim.Event) string {
	var ps sim.Problems
	if !errors.As(err, &ps) {
		var pr *sim.Problem
		if !errors.As(err, &pr) {
			return strings.TrimPrefix(err.Error(), "sim: ")
		}
		ps = sim.Problems{pr}
	}
	texts := make([]string, len(ps))
	for i, pr := range ps {
		where := pr.Where()
		if pr.Event != sim.NoEvent {
			e := events[pr.Event]
			where = fmt.Sprintf("the event of month %d", e.Month)
			if e.Label != "" {
				where += fmt.Sprintf(" (%q)", e.Label)
			}
			if pr.Field != "" {
				where += ", " + pr.Field
			}
		} else if j := slices.IndexFunc(pr.Keys, func(k string) bool {
			return slices.ContainsFunc(d.Vary, func(v Vary) bool { return v.Key.Name == k })
		}); j >= 0 {
			where = pr.Keys[j]
		}
		texts[i] = where + ": " + pr.Msg
		if pr.Hint != "" {
			texts[i] += " (hint: " + pr.Hint + ")"
		}
	}
	return strings.Join(texts, "; ")
}
