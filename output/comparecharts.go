package output

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
)

// overlayLegend returns the legend of the overlay charts: one entry per
// scenario, the reference marked.
func overlayLegend(r *compareResults) []legendItem {
	var items []legendItem
	for s, sc := range r.cfg.Scenarios {
		line, band, dashes := seriesStyle(s)
		name := sc.Name
		if s == 0 {
			name += " (reference)"
		}
		items = append(items, legendItem{name: name, line: line, band: band, dashes: dashes})
	}
	return items
}

// overlaySeries returns the monthly means of metric m across trials in
// every scenario of r, with their 95% bands, and the y axis they share.
func overlaySeries(r *compareResults, m sim.Metric) ([]overlayLine, yAxis) {
	var lines []overlayLine
	var all [][]float64
	for s, sc := range r.cfg.Scenarios {
		cs := &chartSeries{metric: m}
		for i := range r.cfg.Months {
			st := &r.month[s][i][m]
			cs.mean, cs.lo, cs.hi = append(cs.mean, st.Mean), append(cs.lo, st.CILow), append(cs.hi, st.CIHigh)
		}
		lines = append(lines, overlayLine{name: sc.Name, series: cs})
		all = append(all, cs.mean, cs.lo, cs.hi)
	}
	return lines, yAxisOf(sim.Metrics[m], all...)
}

// compareChartInfo returns what a comparison's charts say about it.
func compareChartInfo(r *compareResults) chartInfo {
	return chartInfo{scenario: r.cfg.Scenarios[0].Name, seed: r.cfg.Seed, trialsDone: r.n,
		events: r.cfg.Events, note: r.cfg.origin().overridesNote()}
}

// overlayPlot returns the chart of metric m across the scenarios of r:
// for each, the monthly mean across trials with its 95% band, on one y
// axis.
func overlayPlot(r *compareResults, m sim.Metric) (*plot.Plot, error) {
	lines, a := overlaySeries(r, m)
	info := compareChartInfo(r)
	p, err := overlayPanel(sim.Metrics[m], a, lines, info)
	if err != nil {
		return nil, err
	}
	p.Title.Text = fmt.Sprintf("%s — %d scenarios compared\nmean across %d trials with its 95%% CI band; trial k of every scenario shares its random numbers\n%s",
		sim.Metrics[m].Title(), len(r.cfg.Scenarios), r.n, info.caption())
	return p, nil
}

// compareDashboard returns charts/dashboard of a comparison: a panel per
// headline metric with every scenario's mean and band on one y axis.
func compareDashboard(r *compareResults) chartFile {
	items := overlayLegend(r)
	lh := dashboardLegendHeight(items)
	title := fmt.Sprintf("%s: headline metrics, mean across %d trials with its 95%% CI band\n%s",
		strings.Join(plainNames(r.cfg.Scenarios), " vs "), r.n, compareChartInfo(r).caption())
	headlines := sim.Headlines()
	return panelsWithLegend(DashboardName, dashboardH+lh, lh, title, items, 3, len(headlines), func(i int) (*plot.Plot, error) {
		lines, a := overlaySeries(r, headlines[i])
		return overlayPanel(sim.Metrics[headlines[i]], a, lines, compareChartInfo(r))
	})
}

// differencePanel returns the panel of metric m on the differences
// chart: for each compared scenario (top first), its final-year
// difference from the reference in the metric's own units (a share's in
// percentage points) with its 95% paired t interval, filled where it is
// significant after Holm's adjustment, and a line at zero.
func differencePanel(r *compareResults, m sim.Metric) (*plot.Plot, error) {
	mi := sim.Metrics[m]
	p := plot.New()
	p.Title.Text = mi.Title()
	p.X.Label.Text = diffUnit(mi)
	scale := 1.0
	if mi.Share() {
		scale = 100
	}
	k := len(r.cfg.Scenarios) - 1
	xmin, xmax := 0.0, 0.0
	for s := 1; s <= k; s++ {
		d := &r.finalPair[s][m]
		if !finite(d.Diff) {
			continue
		}
		line, _, _ := seriesStyle(s)
		pt := plotter.XY{X: d.Diff * scale, Y: float64(k - s)}
		xmin, xmax = min(xmin, pt.X), max(xmax, pt.X)
		if lo, hi := d.CILow*scale, d.CIHigh*scale; finite(lo) && finite(hi) {
			eb, err := plotter.NewXErrorBars(errorPoints{plotter.XYs{pt}, plotter.XErrors{{Low: pt.X - lo, High: hi - pt.X}}})
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = line, vg.Points(1.5), vg.Points(5)
			p.Add(eb)
			xmin, xmax = min(xmin, lo), max(xmax, hi)
		}
		sc, err := plotter.NewScatter(plotter.XYs{pt})
		if err != nil {
			return nil, err
		}
		var shape draw.GlyphDrawer = draw.RingGlyph{}
		if r.significant(s, m) {
			shape = draw.CircleGlyph{}
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: line, Radius: vg.Points(4), Shape: shape}
		p.Add(sc)
	}
	if xmin == 0 && xmax == 0 {
		p.Title.Text += " (n/a)"
		xmin, xmax = -1, 1
	}
	span := xmax - xmin
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(k) - 0.5}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Width = color.Black, vg.Points(1)
	p.Add(zero)
	p.X.Min, p.X.Max = xmin-0.08*span, xmax+0.08*span
	p.X.Tick.Marker = yAxis{step: niceStep(span / 4)}
	p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
	p.HideY()
	return p, nil
}

// differencesChart returns charts/differences: a panel per metric with
// each compared scenario's difference from the reference in the metric's
// own units, under a legend.
func differencesChart(r *compareResults) chartFile {
	items := differencesLegend(r)
	lh := dashboardLegendHeight(items)
	rows := (int(sim.NumMetrics) + 3) / 4
	h := vg.Length(rows)*1.5*vg.Inch + lh + vg.Inch
	ref := r.cfg.Scenarios[0].Name
	title := fmt.Sprintf("Difference from %s, final year (months %d–%d), %d trials: mean difference in the metric's units "+
		"(shares in percentage points) with its 95%% paired t interval", ref, r.first, r.cfg.Months, r.n)
	if note := r.cfg.origin().overridesNote(); note != "" {
		title += "\n" + note
	}
	return panelsWithLegend(DifferencesName, h, lh, title, items, 4, int(sim.NumMetrics), func(i int) (*plot.Plot, error) {
		return differencePanel(r, sim.Metric(i))
	})
}

// differencesLegend returns the legend of the differences chart: the
// compared scenarios' colours and what the markers mean.
func differencesLegend(r *compareResults) []legendItem {
	var items []legendItem
	for s := 1; s < len(r.cfg.Scenarios); s++ {
		line, _, _ := seriesStyle(s)
		items = append(items, legendItem{name: r.cfg.Scenarios[s].Name, line: line, glyph: draw.CircleGlyph{}})
	}
	grey := color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	return append(items,
		legendItem{name: fmt.Sprintf("filled: significant (Holm-adjusted p < %g)", Alpha), line: grey, glyph: draw.CircleGlyph{}},
		legendItem{name: "hollow: not significant", line: grey, glyph: draw.RingGlyph{}},
		legendItem{name: "n/a: never observed"})
}

// writeCompareCharts writes, through out, charts/NAME.png and .svg for
// each headline metric (the scenarios overlaid) and
// charts/differences.png and .svg.
func writeCompareCharts(out *sink, r *compareResults) {
	var charts []chartFile
	chart := func(name string, h vg.Length, items []legendItem, mk func() (*plot.Plot, error)) {
		h += legendHeight(items, chartW-2*legendPad) + legendPad
		charts = append(charts, chartFile{name, chartW, h, func(dc draw.Canvas) error {
			p, err := mk()
			if err != nil {
				return err
			}
			withLegend(dc, p, items)
			return nil
		}})
	}
	for _, m := range sim.Headlines() {
		chart(m.String(), chartH, overlayLegend(r), func() (*plot.Plot, error) { return overlayPlot(r, m) })
	}
	charts = append(charts, compareDashboard(r))
	charts = append(charts, differencesChart(r))
	drawChartFiles(out, charts)
}
