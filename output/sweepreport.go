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

// SweepReport is a sweep's readable summary.
const SweepReport = "sweep.md"

// writeSweepReport writes sweep.md: what was swept and how, a table of
// every point with the final-year mean and 95% interval of each headline
// metric, the best and worst points of each, and the method. stats[p][m]
// describes metric m at point p over done[p] trials.
func writeSweepReport(w io.Writer, cfg *SweepConfig, st [][sim.NumMetrics]stats.Summary, done []int, status Status) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	keys := cfg.keyNames()
	p("# Sweep of %s\n\n", mdEscape(cfg.Scenario))
	design := "a grid of every combination of the values"
	if cfg.Design == DesignLHS {
		design = "a Latin hypercube sample of the ranges"
	}
	p("Base scenario **%s**, varying %s over %s: %d points, %d trials each of %d months, seed %d ",
		mdEscape(cfg.Scenario), joinAnd(codeWords(keys)), design, len(cfg.Points), cfg.Trials, cfg.Months, cfg.Seed)
	p("(trial k of every point uses the same seed and trial index).\n")
	writeProvenance(p, cfg.origin(), cfg.Merged != nil)
	for _, k := range cfg.Keys {
		p("- `%s`: %s\n", k.Name, mdEscape(k.Spec))
	}
	if status != StatusOK || minInt(done) != cfg.Trials {
		p("\nRun %s: %d of %d trials finished at every point; the numbers describe those.\n", status, minInt(done), cfg.Trials)
	}
	if minInt(done) == 0 {
		p("\nNo trial finished.\n")
		return bw.Flush()
	}
	first := max(1, cfg.Months-FinalYearMonths+1)
	p("\n## Headline metrics at each point\n\n")
	p("Final year (months %d–%d): each trial's mean over those months, then across the point's trials the mean and its 95%% interval (%s).\n\n",
		first, cfg.Months, intervalMethod)
	heads := sim.Headlines()
	p("| Point | %s |", strings.Join(codeWords(keys), " | "))
	for _, m := range heads {
		p(" %s |", sim.Metrics[m].Title())
	}
	p("\n|---:|%s%s\n", strings.Repeat("---|", len(keys)), strings.Repeat("---:|", len(heads)))
	formats := make([]func(float64) string, len(heads))
	for i, m := range heads {
		col := make([]*stats.Summary, len(st))
		for pt := range st {
			col[pt] = &st[pt][m]
		}
		formats[i] = metricFormat(sim.Metrics[m], widest(col...), false)
	}
	for pt := range st {
		p("| %d | %s |", pt, strings.Join(mdEscapeAll(cfg.Points[pt].Values), " | "))
		for i, m := range heads {
			p(" %s |", meanCell(formats[i], &st[pt][m]))
		}
		p("\n")
	}
	p("\n## Best and worst points\n\n")
	for i, m := range heads {
		writeExtremes(p, cfg, st, m, formats[i])
	}
	p("\nBest and worst are by the mean alone; where their intervals overlap, the trials do not tell them apart. ")
	p("sweep.csv has every metric at every point; trials.csv each trial's final-year means.\n")
	return bw.Flush()
}

// writeExtremes writes the line naming the best and worst points of
// metric m (the highest and lowest for a metric with no better
// direction).
func writeExtremes(p func(string, ...any), cfg *SweepConfig, st [][sim.NumMetrics]stats.Summary, m sim.Metric, f func(float64) string) {
	mi := sim.Metrics[m]
	hi, lo := -1, -1
	for pt := range st {
		v := st[pt][m].Mean
		if math.IsNaN(v) {
			continue
		}
		if hi < 0 || v > st[hi][m].Mean {
			hi = pt
		}
		if lo < 0 || v < st[lo][m].Mean {
			lo = pt
		}
	}
	if hi < 0 {
		p("- %s: no value at any point.\n", mi.Title())
		return
	}
	if st[hi][m].Mean == st[lo][m].Mean {
		p("- %s: the same at every point, %s.\n", mi.Title(), f(st[hi][m].Mean))
		return
	}
	point := func(pt int) string {
		var kv []string
		for j, k := range cfg.Keys {
			kv = append(kv, k.Name+"="+cfg.Points[pt].Values[j])
		}
		return fmt.Sprintf("point %d (`%s`), %s", pt, strings.Join(kv, ", "), meanCell(f, &st[pt][m]))
	}
	switch mi.Better() {
	case 1:
		p("- %s (higher is better): best %s; worst %s.\n", mi.Title(), point(hi), point(lo))
	case -1:
		p("- %s (lower is better): best %s; worst %s.\n", mi.Title(), point(lo), point(hi))
	default:
		p("- %s: highest %s; lowest %s.\n", mi.Title(), point(hi), point(lo))
	}
}

// codeWords returns words as Markdown code.
func codeWords(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "`" + w + "`"
	}
	return out
}

// mdEscapeAll escapes each of words for a Markdown table cell.
func mdEscapeAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = mdEscape(w)
	}
	return out
}

// minInt returns the smallest of xs, 0 for none.
func minInt(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}
