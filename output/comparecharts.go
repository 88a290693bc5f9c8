package output

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
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
		events: r.cfg.Events, note: r.cfg.Provenance.overridesNote()}
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
	lh := legendHeight(items, dashboardW-2*legendPad) + legendPad
	h := dashboardH + lh
	title := fmt.Sprintf("%s: headline metrics, mean across %d trials with its 95%% CI band\n%s",
		strings.Join(plainNames(r.cfg.Scenarios), " vs "), r.n, compareChartInfo(r).caption())
	return chartFile{DashboardName, dashboardW, h, func(dc draw.Canvas) error {
		var panels []*plot.Plot
		for _, m := range sim.Headlines() {
			lines, a := overlaySeries(r, m)
			p, err := overlayPanel(sim.Metrics[m], a, lines, compareChartInfo(r))
			if err != nil {
				return err
			}
			panels = append(panels, p)
		}
		drawPanels(draw.Crop(dc, 0, 0, lh, 0), title, vg.Points(14), panels, 3)
		drawLegend(draw.Crop(dc, legendPad, -legendPad, legendPad/2, -(h-lh)), items)
		return nil
	}}
}

// Differences chart layout: inches per metric row, plus room for the
// title, axis and legend.
const (
	diffRowHeight = 0.3 * vg.Inch
	diffExtra     = 2.4 * vg.Inch
)

// differencesPlot returns the chart of every metric's final-year
// difference from the reference: one row per metric, for each compared
// scenario the difference standardised by the same sd as the effect size
// (so metrics of different units share the axis) with its 95% interval,
// a filled marker where it is significant after Holm's adjustment, and a
// line at zero.
func differencesPlot(r *compareResults) (*plot.Plot, error) {
	p := plot.New()
	ref := r.cfg.Scenarios[0].Name
	p.Title.Text = fmt.Sprintf("Difference from %s, final year (months %d–%d), %d trials\n"+
		"in standard deviations of the metric across trials (Cohen's d_av), with the 95%% paired t interval",
		ref, r.first, r.cfg.Months, r.n)
	p.X.Label.Text = "standardised difference (scenario − " + ref + ")"
	p.Add(plotter.NewGrid())
	rows := int(sim.NumMetrics)
	labels := make([]string, rows)
	k := len(r.cfg.Scenarios) - 1
	band := 0.5 // the part of a row the scenarios' markers spread over
	xmin, xmax := 0.0, 0.0
	for m, mi := range sim.Metrics {
		row := rows - 1 - m // first metric at the top
		labels[row] = mi.Name
		shown := false
		for s := 1; s <= k; s++ {
			shown = shown || finite(r.finalPair[s][m].Effect)
		}
		if !shown {
			labels[row] += " (n/a)"
		}
	}
	for s := 1; s <= k; s++ {
		line, _, _ := seriesStyle(s)
		off := 0.0
		if k > 1 {
			off = band/2 - band*float64(s-1)/float64(k-1)
		}
		var sig, insig plotter.XYs
		var bars errorPoints
		for m := range sim.NumMetrics {
			d := &r.finalPair[s][m]
			if !finite(d.Effect) {
				continue
			}
			y := float64(rows-1-int(m)) + off
			pt := plotter.XY{X: d.Effect, Y: y}
			if r.significant(s, m) {
				sig = append(sig, pt)
			} else {
				insig = append(insig, pt)
			}
			xmin, xmax = min(xmin, d.Effect), max(xmax, d.Effect)
			if lo, hi := d.CILow/d.PooledSD, d.CIHigh/d.PooledSD; finite(lo) && finite(hi) {
				bars.XYs = append(bars.XYs, pt)
				bars.XErrors = append(bars.XErrors, struct{ Low, High float64 }{d.Effect - lo, hi - d.Effect})
				xmin, xmax = min(xmin, lo), max(xmax, hi)
			}
		}
		if len(bars.XYs) > 0 {
			eb, err := plotter.NewXErrorBars(bars)
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = line, vg.Points(1.5), vg.Points(5)
			p.Add(eb)
		}
		for _, g := range []struct {
			pts   plotter.XYs
			shape draw.GlyphDrawer
		}{{sig, draw.CircleGlyph{}}, {insig, draw.RingGlyph{}}} {
			if len(g.pts) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(g.pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: line, Radius: vg.Points(4), Shape: g.shape}
			p.Add(sc)
		}
	}
	span := max(xmax-xmin, 0.2)
	p.X.Min, p.X.Max = xmin-0.05*span, xmax+0.05*span
	if max(-xmin, xmax) > asinhFrom {
		// Common random numbers can make d very large for a metric the
		// rules drive hard; a linear axis would squash every other row.
		p.X.Scale, p.X.Tick.Marker = asinhScale{}, asinhTicks{}
		p.X.Label.Text += " — scale compressed beyond ±1"
		xmin, xmax = math.Asinh(xmin), math.Asinh(xmax)
		span = xmax - xmin
		p.X.Min, p.X.Max = math.Sinh(xmin-0.05*span), math.Sinh(xmax+0.05*span)
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(rows) - 0.5}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Width = color.Black, vg.Points(1)
	p.Add(zero)
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	return p, nil
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
		legendItem{name: "n/a: never observed, or no variation across trials"})
}

// asinhFrom is the largest |d| the differences chart shows on a linear
// axis; beyond it the axis is asinh-scaled.
const asinhFrom = 5

// asinhScale is an axis scale linear near zero and logarithmic far from
// it (asinh x ≈ x for small x, ≈ sign(x)·ln 2|x| for large): it shows
// effect sizes of 0.2 and of 30 on one axis.
type asinhScale struct{}

// Normalize returns the position of x between lo and hi on the scale.
func (asinhScale) Normalize(lo, hi, x float64) float64 {
	a := math.Asinh(lo)
	return (math.Asinh(x) - a) / (math.Asinh(hi) - a)
}

// asinhTicks marks 0 and ±0.5, ±1, ±2, ±5, ±10, ... within the range;
// over a wide range (huge effects, as with very few trials), only 0 and
// the powers of ten, so that labels do not run into each other.
type asinhTicks struct{}

// Ticks returns the ticks between lo and hi.
func (asinhTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := []plot.Tick{{Value: 0, Label: "0"}}
	multiples := []float64{0.5, 1, 2}
	if math.Asinh(hi)-math.Asinh(lo) > 7 {
		multiples = []float64{1}
	}
	for mag := 1.0; mag <= 1e6; mag *= 10 {
		for _, m := range multiples {
			v := m * mag
			for _, x := range []float64{-v, v} {
				if lo <= x && x <= hi {
					ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', -1, 64)})
				}
			}
		}
	}
	return ticks
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
	chart(DifferencesName, vg.Length(sim.NumMetrics)*diffRowHeight+diffExtra, differencesLegend(r),
		func() (*plot.Plot, error) { return differencesPlot(r) })
	drawChartFiles(out, charts)
}
