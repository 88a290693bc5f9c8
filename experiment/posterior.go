package experiment

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// A Posterior is a weighted sample of parameter values, such as the
// particles of an approximate Bayesian computation (decentsim calibrate
// --method abc): a run that draws each trial's parameters from it (--posterior
// FILE) has intervals that include what is not known about the
// parameters as well as trial noise.
//
// Its file, posterior.csv, has a header "particle,weight,KEY...,distance"
// and one row per particle; weights need not sum to one.
type Posterior struct {
	Keys     []string    // parameter keys, "section.key"
	Values   [][]float64 // Values[i][k]: particle i's value of Keys[k]
	Weights  []float64   // particle weights, not negative, summing to one
	Distance []float64   // each particle's distance from the targets
}

// WriteCSV writes the posterior as posterior.csv.
func (p *Posterior) WriteCSV(w io.Writer) error {
	var b strings.Builder
	b.WriteString("particle,weight," + strings.Join(p.Keys, ",") + ",distance\n")
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for i, v := range p.Values {
		b.WriteString(strconv.Itoa(i+1) + "," + f(p.Weights[i]))
		for _, x := range v {
			b.WriteString("," + f(x))
		}
		b.WriteString("," + f(p.Distance[i]) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ReadPosterior reads a posterior.csv and checks that its keys are real
// parameters and its weights usable.
func ReadPosterior(path string) (*Posterior, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("posterior: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("posterior: %s: %w", path, err)
	}
	bad := func(line int, format string, a ...any) error {
		return fmt.Errorf("posterior: %s, line %d: %s (hint: give the posterior.csv that decentsim calibrate --method abc wrote)", path, line, fmt.Sprintf(format, a...))
	}
	if len(rows) < 2 {
		return nil, bad(1, "no particles")
	}
	h := rows[0]
	if len(h) < 4 || h[0] != "particle" || h[1] != "weight" || h[len(h)-1] != "distance" {
		return nil, bad(1, "the header must be particle,weight,KEY...,distance")
	}
	p := &Posterior{Keys: h[2 : len(h)-1]}
	for _, k := range p.Keys {
		if key, ok := sim.KeyByName(k); !ok || key.Kind.String() != "float64" {
			return nil, bad(1, "column %q is not a real-valued parameter", k)
		}
	}
	total := 0.0
	for i, r := range rows[1:] {
		if len(r) != len(h) {
			return nil, bad(i+2, "%d fields, the header has %d", len(r), len(h))
		}
		nums := make([]float64, len(r)-1)
		for j, s := range r[1:] {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) {
				return nil, bad(i+2, "column %s: %q is not a number", h[j+1], s)
			}
			nums[j] = x
		}
		if nums[0] < 0 || math.IsInf(nums[0], 0) {
			return nil, bad(i+2, "weight %v is not a finite non-negative number", nums[0])
		}
		total += nums[0]
		p.Weights = append(p.Weights, nums[0])
		p.Values = append(p.Values, nums[1:len(nums)-1])
		p.Distance = append(p.Distance, nums[len(nums)-1])
	}
	if !(total > 0) {
		return nil, bad(2, "the weights sum to %v; at least one must be positive", total)
	}
	for i := range p.Weights {
		p.Weights[i] /= total
	}
	return p, nil
}

// posteriorStream keeps posterior draws apart from a trial's own streams.
const posteriorStream = 0x706f737465726f72 // "posterior"

// Draw returns a copy of base with the parameters of one particle, drawn
// by weight with a generator seeded from (seed, trial) alone: the same
// trial of the same run draws the same particle whatever the number of
// workers, and every arm of a comparison draws the same particle for the
// same trial (common random numbers).
func (p *Posterior) Draw(base *sim.Params, seed uint64, trial int) (*sim.Params, error) {
	r := rand.New(rand.NewPCG(sim.TrialSeed(seed, trial), posteriorStream))
	u := r.Float64()
	i := 0
	for acc := p.Weights[0]; u >= acc && i < len(p.Weights)-1; acc += p.Weights[i] {
		i++
	}
	q := *base
	q.Events = append([]sim.Event(nil), base.Events...)
	for k, key := range p.Keys {
		if err := q.Set(key, sim.Float(p.Values[i][k])); err != nil {
			return nil, fmt.Errorf("posterior: particle %d: %w", i+1, err)
		}
	}
	return &q, nil
}

// Drawer returns a function that draws trial's parameters from p for a
// run of the given seed, or nil when p is nil.
func (p *Posterior) Drawer(seed uint64) func(*sim.Params, int) (*sim.Params, error) {
	if p == nil {
		return nil
	}
	return func(base *sim.Params, trial int) (*sim.Params, error) { return p.Draw(base, seed, trial) }
}
