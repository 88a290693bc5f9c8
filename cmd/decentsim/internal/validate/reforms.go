package validate

import (
	"context"
	"fmt"
	"io"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Reform is one embedded scenario compared with the baseline.
type Reform struct {
	Name   string
	Params sim.Params
}

// ReformRow is one scenario's final-year headline metrics minus the
// baseline's, paired by trial (common random numbers).
type ReformRow struct {
	Name  string
	Diffs [sim.NumMetrics]stats.Paired
	Means [sim.NumMetrics]float64 // the scenario's own means
}

// reformMetrics are the metrics of the reforms table: the headlines and
// what the actors' decisions are about.
func reformMetrics() []sim.Metric {
	return append(sim.Headlines(), sim.AkimRentShare, sim.DisciplinedShare, sim.Turnout, sim.Dismissals)
}

// Reforms runs the baseline and every reform for months months, trials
// trials each, with the same seed, and returns each reform's final-year
// differences from the baseline. The first row is the baseline itself
// (its means, differences all zero).
func Reforms(ctx context.Context, base Reform, reforms []Reform, months, trials int, seed uint64, workers int) ([]ReformRow, error) {
	final := func(p sim.Params) ([][sim.NumMetrics]float64, error) {
		vals := make([][sim.NumMetrics]float64, trials)
		err := sim.Run(ctx, &p, sim.RunConfig{Months: months, Seed: seed, Trials: sim.TrialList(trials), Workers: workers},
			func(r *sim.TrialResult) error {
				fy := output.FinalYear(r)
				vals[r.Trial] = fy
				return nil
			})
		return vals, err
	}
	ref, err := final(base.Params)
	if err != nil {
		return nil, fmt.Errorf("validate: %s: %w", base.Name, err)
	}
	rows := []ReformRow{row(base.Name, ref, ref)}
	for _, rf := range reforms {
		got, err := final(rf.Params)
		if err != nil {
			return nil, fmt.Errorf("validate: %s: %w", rf.Name, err)
		}
		rows = append(rows, row(rf.Name, ref, got))
	}
	return rows, nil
}

func row(name string, ref, got [][sim.NumMetrics]float64) ReformRow {
	r := ReformRow{Name: name}
	a, b := make([]float64, len(ref)), make([]float64, len(got))
	for m := range sim.NumMetrics {
		for k := range ref {
			a[k], b[k] = ref[k][m], got[k][m]
		}
		r.Diffs[m] = stats.PairedT(a, b)
		r.Means[m] = stats.Describe(b).Mean
	}
	return r
}

// writeReforms writes the reforms table: per scenario and metric the
// difference from the baseline with its 95% paired interval, in the
// metric's own units.
func writeReforms(w io.Writer, rows []ReformRow, months, trials int, seed uint64, scale string) {
	if len(rows) == 0 {
		return
	}
	ms := reformMetrics()
	fmt.Fprintf(w, "## The reforms against appointment\n\n")
	fmt.Fprintf(w, "Every embedded `kz_*` scenario's final-year metrics minus `%s`'s, in each metric's own units, with the 95%% paired t interval over %d trials (%s, %d months, seed %d; trial k of every scenario starts from the same world). The first row gives the baseline's own means. docs/ODD.md (section 4.6) says which decisions produce each difference.\n\n",
		rows[0].Name, trials, scale, months, seed)
	fmt.Fprintf(w, "| scenario |")
	for _, m := range ms {
		fmt.Fprintf(w, " %s |", m)
	}
	fmt.Fprintf(w, "\n|---|")
	for range ms {
		fmt.Fprintf(w, "---:|")
	}
	fmt.Fprintf(w, "\n| %s (baseline means) |", rows[0].Name)
	for _, m := range ms {
		fmt.Fprintf(w, " %s |", num(rows[0].Means[m]))
	}
	fmt.Fprintln(w)
	for _, r := range rows[1:] {
		fmt.Fprintf(w, "| %s |", r.Name)
		for _, m := range ms {
			d := r.Diffs[m]
			fmt.Fprintf(w, " %s [%s, %s] |", signed(d.Diff), num(d.CILow), num(d.CIHigh))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// signed formats a difference with its sign.
func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	return num(x)
}
