package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// writeCompareReport writes compare.md: what was compared and how, the
// final-year outcomes of every scenario with significant differences
// marked, a table of differences from the reference per compared
// scenario, the method, and the metrics' definitions. It is Markdown
// meant to be pasted into a report.
func writeCompareReport(w io.Writer, r *compareResults, status Status) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	sc := r.cfg.Scenarios
	ref := mdEscape(sc[0].Name)
	names := make([]string, len(sc))
	for i, s := range sc {
		names[i] = "**" + mdEscape(s.Name) + "**"
	}

	p("# Comparison: %s\n\n", strings.Join(plainNames(sc), " vs "))
	p("Reference scenario: %s. Compared with it: %s. ", names[0], joinAnd(names[1:]))
	p("Each scenario ran %s of %d months with seed %d; trial k of every scenario used the same seed and trial index ", plural(r.n, "trial"), r.cfg.Months, r.cfg.Seed)
	p("(common random numbers), so the scenarios are compared trial by trial.\n")
	if status != StatusOK || r.n != r.cfg.Trials {
		p("\nRun %s: %d of %d trials finished in every scenario; the numbers describe those.\n", status, r.n, r.cfg.Trials)
	}
	var other []string
	for _, s := range sc[1:] {
		if !s.SameWorld {
			other = append(other, "**"+mdEscape(s.Name)+"**")
		}
	}
	if len(other) > 0 {
		p("\nNote: the [world] parameters of %s differ from those of %s, so their trials start from differently generated worlds; the pairing still holds, but gains less.\n", joinAnd(other), names[0])
	}
	if r.n == 0 {
		p("\nNo trial finished.\n")
		return bw.Flush()
	}

	writeProvenance(p, r.cfg.origin(), r.cfg.Merged != nil)
	writeHeadlines(p, r)

	p("\n## Final-year outcomes (months %d–%d)\n\n", r.first, r.cfg.Months)
	p("For each trial, the metric's mean over the final year; then, across the %d trials, the mean and its 95%% confidence interval (%s). ", r.n, intervalMethod)
	p("\\* marks a significant difference from %s (Holm-adjusted p < %g; see the differences below). Headline metrics are in bold.\n\n", ref, Alpha)
	p("| Metric | Unit |")
	for _, n := range names {
		p(" %s |", n)
	}
	p("\n|---|---|%s\n", strings.Repeat("---:|", len(sc)))
	for m, mi := range sim.Metrics {
		f := metricFormat(mi, r.widestFinal(sim.Metric(m)), false)
		p("| %s | %s |", metricCell(mi), mdEscape(unitLabel(mi)))
		for s := range sc {
			p(" %s", meanCell(f, &r.final[s][m]))
			if r.significant(s, sim.Metric(m)) {
				p(" \\*")
			}
			p(" |")
		}
		p("\n")
	}

	p("\n## Differences from %s\n", ref)
	for s := 1; s < len(sc); s++ {
		p("\n### %s − %s\n\n", mdEscape(sc[s].Name), ref)
		p("| Metric | Unit | Difference | 95%% CI | Relative to noise | p | p (Holm) |\n")
		p("|---|---|---:|---:|---:|---:|---:|\n")
		for m, mi := range sim.Metrics {
			d := &r.finalPair[s][m]
			f := metricFormat(mi, &stats.Summary{Mean: d.Diff, CILow: d.CILow, CIHigh: d.CIHigh}, true)
			diff := signed(f, d.Diff)
			if r.significant(s, sim.Metric(m)) {
				diff = "**" + diff + "** \\*"
			}
			p("| %s | %s | %s | %s – %s | %s | %s | %s |\n", metricCell(mi), mdEscape(diffUnit(mi)), diff, f(d.CILow), f(d.CIHigh),
				formatEffect(d.Effect), FormatP(d.P), FormatP(r.holm[s][m]))
		}
	}

	writeCompareMethod(p, r)
	p("\n%s", metricsHeading)
	for _, mi := range sim.Metrics {
		p("- **%s** (%s): %s.\n", mi.Name, mdEscape(mi.Unit), mdEscape(mi.Definition))
	}
	return bw.Flush()
}

// writeCompareMethod writes compare.md's method: the design, the
// statistics and how to read them.
func writeCompareMethod(p func(string, ...any), r *compareResults) {
	ref := mdEscape(r.cfg.Scenarios[0].Name)
	p("\n## Method\n\n")
	p("**Design.** Every scenario ran the same %s. Trial k of each used the same run seed (%d) and trial index, ", plural(r.n, "trial"), r.cfg.Seed)
	p("so it drew from the same random streams and, where the scenarios' [world] parameters are equal, started from the same generated world: ")
	p("common random numbers. The scenarios then differ in their rules rather than in their luck, and much of the chance variation cancels ")
	p("in the difference, since Var(B − A) = Var(A) + Var(B) − 2 Cov(A, B) and the covariance is positive. ")
	p("The streams drift apart as different rules make agents draw differently, so the cancellation is partial; ")
	p("a difference is only as large as the rules make it, never created by the pairing.\n\n")
	p("**Statistics.** The outcome of a trial is each metric's mean over its final year (months %d–%d). ", r.first, r.cfg.Months)
	p("Differences are taken trial by trial (scenario minus %s). The tables give their mean, its 95%% paired t interval ", ref)
	p("and the two-sided p-value of the paired t test on %d degrees of freedom. ", max(r.n-1, 0))
	p("The differences are in the metric's own units (a share's in percentage points, pp); they are the result. ")
	p("*Relative to noise* is the mean difference divided by the root mean square of the two scenarios' standard deviations across trials: ")
	p("how many times the difference exceeds the trial-to-trial spread of the metric in the simulation. It measures how well the model's own ")
	p("randomness separates the scenarios, not how large the difference is in the world; with common random numbers and a metric that varies little ")
	p("between trials it can run to hundreds for a difference that is small in the metric's units. ")
	p("The conventions for effect sizes in field studies (Cohen's 0.2, 0.5 and 0.8) do not apply to it. ")
	p("p (Holm) adjusts the p-values for the %d differences tested at once (every metric and compared scenario) by Holm's method, ", r.tests)
	p("so that the chance of any false alarm among them is at most %g; a difference is marked \\* when p (Holm) < %g.\n\n", Alpha, Alpha)
	p("**Reading the tables.** Significant means that, within the model, a difference this large would be unlikely if the scenarios differed only ")
	p("by the trials' randomness; it says nothing of whether the model is right, and with enough trials any difference becomes significant. ")
	p("Whether a difference matters is for its size in the metric's units to say. ")
	p("NA means no value: a metric never observed, too few trials, or a ratio to noise where the metric does not vary across trials. ")
	p("A metric identical in every trial of two scenarios differs by 0 with p = 1; one that differs by the same amount in every trial has p = 0.\n")

}

// writeHeadlines writes one plain-language line per headline metric and
// compared scenario: the reference's and the scenario's final-year
// means, and the difference with its 95% interval in the metric's units.
func writeHeadlines(p func(string, ...any), r *compareResults) {
	if r.n == 0 {
		return
	}
	sc := r.cfg.Scenarios
	p("\n## Headline results\n\n")
	p("Final year (months %d–%d), mean over %s; the difference (scenario − %s) with its 95%% paired interval.\n\n",
		r.first, r.cfg.Months, plural(r.n, "trial"), mdEscape(sc[0].Name))
	for _, m := range sim.Headlines() {
		mi := sim.Metrics[m]
		f := metricFormat(mi, r.widestFinal(m), false)
		for s := 1; s < len(sc); s++ {
			d := &r.finalPair[s][m]
			fd := metricFormat(mi, &stats.Summary{Mean: d.Diff, CILow: d.CILow, CIHigh: d.CIHigh}, true)
			name := ""
			if len(sc) > 2 {
				name = " in " + mdEscape(sc[s].Name)
			}
			p("- %s (%s): %s → %s%s, %s [%s, %s]%s.\n", mi.Title(), mi.Name, f(r.final[0][m].Mean), f(r.final[s][m].Mean), name,
				signed(fd, d.Diff), fd(d.CILow), fd(d.CIHigh), significance(r, s, m))
		}
	}
}

// widestFinal returns the final-year statistics of metric m whose
// format the row uses (widest).
func (r *compareResults) widestFinal(m sim.Metric) *stats.Summary {
	ss := make([]*stats.Summary, len(r.final))
	for s := range r.final {
		ss[s] = &r.final[s][m]
	}
	return widest(ss...)
}

// significance is what a headline line says of the difference's test.
func significance(r *compareResults, s int, m sim.Metric) string {
	switch {
	case math.IsNaN(r.holm[s][m]):
		return ""
	case r.significant(s, m):
		return " (significant)"
	}
	return " (not significant)"
}

// diffUnit is the unit of a difference of metric mi: percentage points
// for a share.
func diffUnit(mi sim.MetricInfo) string {
	if mi.Share() {
		return "pp" + strings.TrimPrefix(strings.TrimPrefix(mi.Unit, "share"), " 0-1")
	}
	return unitLabel(mi)
}

// meanCell formats a mean with its interval in parentheses, or alone when
// there is no interval.
func meanCell(f func(float64) string, st *stats.Summary) string {
	if math.IsNaN(st.CILow) || math.IsNaN(st.CIHigh) {
		return f(st.Mean)
	}
	return fmt.Sprintf("%s (%s – %s)", f(st.Mean), f(st.CILow), f(st.CIHigh))
}

// plainNames returns the scenarios' names, escaped for Markdown.
func plainNames(sc []CompareScenario) []string {
	out := make([]string, len(sc))
	for i, s := range sc {
		out[i] = mdEscape(s.Name)
	}
	return out
}

// joinAnd joins words as in English: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// metricCell is the metric's name in a table, bold if it is a headline.
func metricCell(mi sim.MetricInfo) string {
	if mi.Headline {
		return "**" + mi.Name + "**"
	}
	return mi.Name
}

// signed formats a difference with f and an explicit "+" when positive.
func signed(f func(float64) string, v float64) string {
	s := f(v)
	if v > 0 && !strings.HasPrefix(s, "+") && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// formatEffect formats a difference relative to noise with two
// significant digits, at least to one decimal (NA for NaN).
func formatEffect(d float64) string {
	if math.IsNaN(d) {
		return "NA"
	}
	s := fmt.Sprintf("%.1f", d)
	if math.Abs(d) < 1 {
		s = fmt.Sprintf("%.2f", d)
	}
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// FormatP formats a p-value as the reports print it: three decimals,
// "<0.001" below that, NA for NaN.
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NA"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// plural returns "1 trial" or "n trials".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
