package output

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// mainIndex returns the index that ranks parameters for method: mu_star
// (Morris) or ST (Sobol').
func mainIndex(method string) string {
	if method == MethodMorris {
		return "mu_star"
	}
	return "ST"
}

// ranked returns metric m's indices named index, largest value first,
// ties (and NaN) in parameter order.
func ranked(idx []SensitivityIndex, m sim.Metric, index string) []SensitivityIndex {
	var out []SensitivityIndex
	for _, x := range idx {
		if x.Metric == m && x.Index == index {
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b SensitivityIndex) int {
		av, bv := a.Value, b.Value
		switch {
		case av > bv || finite(av) && !finite(bv):
			return -1
		case av < bv || !finite(av) && finite(bv):
			return 1
		}
		return 0
	})
	return out
}

// find returns metric m's index named index of parameter p.
func find(idx []SensitivityIndex, m sim.Metric, p int, index string) (SensitivityIndex, bool) {
	for _, x := range idx {
		if x.Metric == m && x.Param == p && x.Index == index {
			return x, true
		}
	}
	return SensitivityIndex{}, false
}

// fmtIndex formats an index with its interval, if it has one.
func fmtIndex(x SensitivityIndex, ok bool) string {
	if !ok || !finite(x.Value) {
		return "NA"
	}
	s := fmt.Sprintf("%.3g", x.Value)
	if finite(x.Low) && finite(x.High) {
		s += fmt.Sprintf(" [%.3g, %.3g]", x.Low, x.High)
	}
	return s
}

// writeReport writes sensitivity.md: per metric, the parameters ranked
// by their main index, with a sentence naming the levers that drive it.
func (s *Sensitivity) writeReport(w io.Writer, status Status) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c := &s.cfg
	trials := slices.Min(s.done)
	p("# Sensitivity of %s\n\n", mdEscape(c.Scenario))
	var names []string
	for _, pr := range c.Params {
		names = append(names, fmt.Sprintf("`%s` over %s", pr.Name, pr.Spec))
	}
	if c.Method == MethodMorris {
		p("Morris elementary effects of %s: %d trajectories, %d points, %d trials each (seed %d, %d months); outcomes are final-year means averaged over the trials.\n\n",
			strings.Join(names, ", "), c.Samples, len(c.Points), trials, c.Seed, c.Months)
		p("mu* is the mean absolute elementary effect: the change in the outcome when the parameter moves by 2/3 of its range, divided by 2/3, so in the outcome's units per the parameter's whole range; mu is their signed mean (opposite signs cancel); sigma their spread (interactions or non-linearity). The interval is a 95%% bootstrap interval of mu* over trajectories. Parameters are ranked by mu*.\n\n")
	} else {
		p("Sobol' indices of %s: %d base samples, %d points (N(k+2)), %d trials each (seed %d, %d months); outcomes are final-year means averaged over the trials.\n\n",
			strings.Join(names, ", "), c.Samples, len(c.Points), trials, c.Seed, c.Months)
		p("S1 is the share of the outcome's variance a parameter explains alone, ST the share with all its interactions; intervals are 95%% bootstrap intervals. Parameters are ranked by ST. Trial noise that the averaging leaves adds to the variance no parameter explains.\n\n")
	}
	if status != StatusOK {
		p("**The analysis did not finish (%s):** these indices use the runs that finished: every point has %d trials", status, trials)
		if most := slices.Max(s.done); most > trials {
			p(", some %d (points.csv says which)", most)
		}
		p(".\n\n")
	}
	main := mainIndex(c.Method)
	for _, m := range c.Metrics {
		mi := sim.Metrics[m]
		p("## %s\n\n", mi.Name)
		rk := ranked(s.indices, m, main)
		if len(rk) == 0 || !finite(rk[0].Value) {
			p("No indices: the outcome does not vary (or has no values) over the sample.\n\n")
			continue
		}
		p("%s", s.summary(rk))
		if nv := s.NoiseVariance(m); finite(nv) {
			se := math.Sqrt(nv)
			if c.Method == MethodMorris && c.Delta > 0 {
				// An elementary effect is a difference of two outcomes over Δ.
				p(" Trial noise: a point's outcome has a standard error of %.3g; with independent trials an elementary effect would carry noise of about %.3g (√2 × %.3g / %.3g), an upper bound, since trial k of every point shares its seed and much of the noise cancels in the differences.", se, math.Sqrt2*se/c.Delta, se, c.Delta)
			} else if v := variance(s.Outcomes(m)); v > 0 {
				p(" Trial noise: a point's outcome has a standard error of %.3g; its variance is %.0f%% of the outcome's variance across points, an upper bound on the share no parameter can explain (trial k of every point shares its seed, which makes the noise partly common to all points).", se, 100*nv/v)
			}
		}
		p("\n\n")
		if c.Method == MethodMorris {
			p("| parameter | mu* [95%% interval] | mu | sigma |\n|---|---|---|---|\n")
			for _, x := range rk {
				mu, ok1 := find(s.indices, m, x.Param, "mu")
				sd, ok2 := find(s.indices, m, x.Param, "sigma")
				p("| `%s` | %s | %s | %s |\n", c.Params[x.Param].Name, fmtIndex(x, true), fmtIndex(mu, ok1), fmtIndex(sd, ok2))
			}
		} else {
			p("| parameter | ST [95%% interval] | S1 [95%% interval] |\n|---|---|---|\n")
			for _, x := range rk {
				s1, ok := find(s.indices, m, x.Param, "S1")
				p("| `%s` | %s | %s |\n", c.Params[x.Param].Name, fmtIndex(x, true), fmtIndex(s1, ok))
			}
		}
		p("\n")
	}
	for _, n := range s.notes {
		p("Note: %s.\n\n", n)
	}
	p("docs/SENSITIVITY.md says how to read these indices and how many samples are enough.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// summary says in a sentence which parameters drive a metric, from its
// indices ranked by the main index.
func (s *Sensitivity) summary(rk []SensitivityIndex) string {
	c := &s.cfg
	top := rk[0].Value
	var drivers, minor []string
	for _, x := range rk {
		name := "`" + c.Params[x.Param].Name + "`"
		switch {
		case !finite(x.Value):
		case c.Method == MethodSobol && x.Value >= 0.1, c.Method == MethodMorris && x.Value >= 0.2*top:
			drivers = append(drivers, name)
		case c.Method == MethodSobol && x.High < 0.05 || c.Method == MethodMorris && x.Value < 0.05*top:
			minor = append(minor, name)
		}
	}
	var out string
	if c.Method == MethodSobol {
		out = "Driven by " + joinAnd(drivers) + " (ST ≥ 0.1)."
		if len(drivers) == 0 {
			out = "No parameter explains a tenth of the variance (every ST < 0.1): the outcome varies mostly with trial noise or with none of these levers."
		}
	} else {
		out = "Driven most by " + joinAnd(drivers) + " (mu* at least a fifth of the largest)."
	}
	if len(minor) > 0 {
		if c.Method == MethodSobol {
			out += " Negligible: " + joinAnd(minor) + " (ST's interval below 0.05)."
		} else {
			out += " Negligible: " + joinAnd(minor) + " (mu* under 5% of the largest)."
		}
	}
	return out
}

// variance returns the sample variance of the values of xs that are not
// NaN.
func variance(xs []float64) float64 {
	var m stats.Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m.Variance()
}
