package output

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// heatLabelCells is the largest heatmap whose cells are labelled with
// their values.
const heatLabelCells = 144

// writeSweepCharts writes, through out, charts/NAME.png and .svg for
// each headline metric: with one varied key, the mean across trials
// against the key's value with its 95% band; with two keys on a grid, a
// heatmap of the mean over the two keys' values; otherwise one panel per
// key, each point's mean and interval against that key's value.
func writeSweepCharts(out *sink, cfg *SweepConfig, stats [][sim.NumMetrics]stats.Summary, done []int) {
	var charts []chartFile
	trials := slices.Min(done)
	for _, m := range sim.Headlines() {
		switch {
		case len(cfg.Keys) == 1:
			charts = append(charts, plotChart(m.String(), chartW, chartH,
				func() (*plot.Plot, error) { return sweepLinePlot(cfg, stats, m, trials) }))
		case len(cfg.Keys) == 2 && cfg.Design == DesignGrid:
			if !anyFinite(stats, m) {
				continue // nothing to colour
			}
			charts = append(charts, chartFile{m.String(), chartW, chartH,
				func(dc draw.Canvas) error { return drawHeatmap(dc, cfg, stats, m, trials) }})
		default:
			cols := min(len(cfg.Keys), 3)
			rows := (len(cfg.Keys) + cols - 1) / cols
			w, h := chartW*vg.Length(cols)/2+vg.Inch, chartH*vg.Length(rows)*0.6+vg.Inch
			charts = append(charts, chartFile{m.String(), w, h,
				func(dc draw.Canvas) error { return drawKeyPanels(dc, cfg, stats, m, trials, cols) }})
		}
	}
	drawChartFiles(out, charts)
}

// anyFinite reports whether metric m has a finite mean at some point.
func anyFinite(stats [][sim.NumMetrics]stats.Summary, m sim.Metric) bool {
	for p := range stats {
		if finite(stats[p][m].Mean) {
			return true
		}
	}
	return false
}

// keyAxis sets p's x axis for key k: its name, and its levels as labels
// when its values are words.
func keyAxis(ax *plot.Axis, k *SweepKey) {
	ax.Label.Text = k.Name
	if !k.Numeric && len(k.Levels) > 0 {
		ticks := make([]plot.Tick, len(k.Levels))
		for i, l := range k.Levels {
			ticks[i] = plot.Tick{Value: float64(i), Label: l}
		}
		ax.Tick.Marker = plot.ConstantTicks(ticks)
		ax.Min, ax.Max = -0.5, float64(len(k.Levels))-0.5
	}
}

// sweepLinePlot returns the chart of metric m against the only varied
// key: the mean at each point joined by a line, its 95% band, and a
// marker per point.
func sweepLinePlot(cfg *SweepConfig, stats [][sim.NumMetrics]stats.Summary, m sim.Metric, trials int) (*plot.Plot, error) {
	mi := sim.Metrics[m]
	k := &cfg.Keys[0]
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s by %s — %s\nmean across %d trials at each value (final-year means), 95%% CI band\n%s",
		mi.Title(), k.Name, cfg.Scenario, trials, axisCaption)
	if note := cfg.origin().overridesNote(); note != "" {
		p.Title.Text += "\n" + note
	}
	p.Y.Label.Text = unitLabel(mi)
	keyAxis(&p.X, k)
	p.Add(plotter.NewGrid())
	order := make([]int, len(cfg.Points))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		xa, xb := cfg.Points[a].X[0], cfg.Points[b].X[0]
		switch {
		case xa < xb:
			return -1
		case xa > xb:
			return 1
		}
		return 0
	})
	var line, hi, lo plotter.XYs
	for _, i := range order {
		st := &stats[i][m]
		x := cfg.Points[i].X[0]
		if finite(st.Mean) {
			line = append(line, plotter.XY{X: x, Y: st.Mean})
		}
		if finite(st.CILow) && finite(st.CIHigh) {
			lo = append(lo, plotter.XY{X: x, Y: st.CILow})
			hi = append(hi, plotter.XY{X: x, Y: st.CIHigh})
		}
	}
	if len(hi) >= 2 {
		ring := append(slices.Clone(hi), reversed(lo)...)
		band, err := plotter.NewPolygon(ring)
		if err != nil {
			return nil, err
		}
		band.Color, band.LineStyle.Width = bandColor, 0
		p.Add(band)
	}
	if len(line) > 0 {
		l, sc, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = meanColor, vg.Points(1.8)
		sc.GlyphStyle = draw.GlyphStyle{Color: meanColor, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
	}
	yAxisOf(mi, ys(line), ys(lo), ys(hi)).apply(p)
	return p, nil
}

// ys returns the y values of xys.
func ys(xys plotter.XYs) []float64 {
	out := make([]float64, len(xys))
	for i, xy := range xys {
		out[i] = xy.Y
	}
	return out
}

// reversed returns xys in reverse order.
func reversed(xys plotter.XYs) plotter.XYs {
	out := slices.Clone(xys)
	slices.Reverse(out)
	return out
}

// heatGrid is a grid's point means for plotter.HeatMap: column c is the
// first key's c-th level, row r the second key's r-th.
type heatGrid struct {
	cols, rows int
	z          []float64 // z[c*rows+r]: point c*rows+r, as a grid is ordered
}

func (g heatGrid) Dims() (c, r int)    { return g.cols, g.rows }
func (g heatGrid) Z(c, r int) float64  { return g.z[c*g.rows+r] }
func (g heatGrid) X(c int) float64     { return float64(c) }
func (g heatGrid) Y(r int) float64     { return float64(r) }
func (g heatGrid) at(c, r int) float64 { return g.z[c*g.rows+r] }

// drawHeatmap draws the heatmap of metric m over a two-key grid, with a
// colour bar on the right and, on small grids, each cell's value.
func drawHeatmap(dc draw.Canvas, cfg *SweepConfig, stats [][sim.NumMetrics]stats.Summary, m sim.Metric, trials int) error {
	mi := sim.Metrics[m]
	kx, ky := &cfg.Keys[0], &cfg.Keys[1]
	g := heatGrid{cols: len(kx.Levels), rows: len(ky.Levels), z: make([]float64, len(cfg.Points))}
	lo, hi := math.Inf(1), math.Inf(-1)
	for p := range cfg.Points {
		v := stats[p][m].Mean
		if math.IsInf(v, 0) {
			v = math.NaN()
		}
		g.z[p] = v
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if hi <= lo { // one value: any range around it
		d := math.Max(math.Abs(lo)*1e-3, 1e-9)
		lo, hi = lo-d, hi+d
	}
	cm := moreland.ExtendedBlackBody()
	cm.SetMin(lo)
	cm.SetMax(hi)

	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s (%s) — %s\nmean across %d trials of the final-year means, by %s and %s",
		mi.Name, mi.Unit, cfg.Scenario, trials, kx.Name, ky.Name)
	hm := plotter.NewHeatMap(g, cm.Palette(255))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.NRGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
	p.Add(hm)
	p.NominalX(axisLabels(kx.Levels, 12)...)
	p.NominalY(axisLabels(ky.Levels, 25)...)
	p.X.Label.Text, p.Y.Label.Text = kx.Name, ky.Name
	if g.cols*g.rows <= heatLabelCells {
		labels, err := heatLabels(g, lo, hi)
		if err != nil {
			return err
		}
		p.Add(labels)
	}

	bar := plot.New()
	bar.Title.Text = mi.Unit
	bar.Title.TextStyle.Font.Size = vg.Points(10)
	bar.HideX()
	bar.Y.Padding = 0
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	barW := vg.Inch
	p.Draw(draw.Crop(dc, 0, -barW-vg.Points(10), 0, 0))
	bar.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-barW, 0, vg.Points(40), -vg.Points(30)))
	return nil
}

// axisLabels returns levels as axis labels: numbers shortened to four
// significant digits (the CSV files have them in full), and only every
// k-th labelled, the first and last included, so that at most about max
// labels show.
func axisLabels(levels []string, most int) []string {
	out := make([]string, len(levels))
	step := (len(levels) + most - 1) / most
	for i, l := range levels {
		if i%step != 0 && i != len(levels)-1 {
			continue
		}
		if x, err := strconv.ParseFloat(l, 64); err == nil {
			l = strconv.FormatFloat(x, 'g', 4, 64)
		}
		out[i] = l
	}
	if n := len(out); n > 1 && step > 1 && (n-1)%step != 0 && (n-1)%step < step/2+1 {
		out[n-1-(n-1)%step] = "" // keep the last label clear of the one before
	}
	return out
}

// heatLabels returns the value of every cell of g, written in the cell in
// black on light colours and white on dark ones.
func heatLabels(g heatGrid, lo, hi float64) (*plotter.Labels, error) {
	var xyl plotter.XYLabels
	var light []bool
	for c := range g.cols {
		for r := range g.rows {
			v := g.at(c, r)
			if math.IsNaN(v) {
				continue
			}
			xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			xyl.Labels = append(xyl.Labels, strconv.FormatFloat(v, 'g', 3, 64))
			// The black-body map runs from black to white: the upper part
			// is light.
			light = append(light, (v-lo)/(hi-lo) > 0.55)
		}
	}
	labels, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		sty := &labels.TextStyle[i]
		sty.Font.Size = vg.Points(8)
		sty.XAlign, sty.YAlign = text.XCenter, text.YCenter
		sty.Color = color.White
		if light[i] {
			sty.Color = color.Black
		}
	}
	return labels, nil
}

// drawKeyPanels draws, for metric m, one panel per varied key, cols to a
// row: each point's mean (a marker) and 95% interval (a bar) against
// that key's value. It is the chart of designs that neither a line nor a
// heatmap can show (a Latin hypercube of two or more keys, a grid of
// three or more).
func drawKeyPanels(dc draw.Canvas, cfg *SweepConfig, stats [][sim.NumMetrics]stats.Summary, m sim.Metric, trials, cols int) error {
	mi := sim.Metrics[m]
	var panels []*plot.Plot
	for j := range cfg.Keys {
		k := &cfg.Keys[j]
		p := plot.New()
		p.Y.Label.Text = unitLabel(mi)
		keyAxis(&p.X, k)
		p.Add(plotter.NewGrid())
		var pts errorYPoints
		for i, pt := range cfg.Points {
			st := &stats[i][m]
			if !finite(st.Mean) {
				continue
			}
			pts.XYs = append(pts.XYs, plotter.XY{X: pt.X[j], Y: st.Mean})
			lo, hi := st.Mean-st.CILow, st.CIHigh-st.Mean
			if !finite(lo) || !finite(hi) {
				lo, hi = 0, 0
			}
			pts.YErrors = append(pts.YErrors, struct{ Low, High float64 }{lo, hi})
		}
		if len(pts.XYs) > 0 {
			eb, err := plotter.NewYErrorBars(pts)
			if err != nil {
				return err
			}
			eb.Color, eb.CapWidth = bandColor, vg.Points(3)
			sc, err := plotter.NewScatter(pts.XYs)
			if err != nil {
				return err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: meanColor, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
			p.Add(eb, sc)
		}
		panels = append(panels, p)
	}
	// One y axis for every key's panel: the same points, seen by key.
	var all []float64
	for i := range cfg.Points {
		st := &stats[i][m]
		all = append(all, st.Mean, st.CILow, st.CIHigh)
	}
	a := yAxisOf(mi, all)
	for _, p := range panels {
		a.apply(p)
	}
	title := fmt.Sprintf("%s — %s, %s design of %d points\neach point's mean across %d trials (final-year means) and its 95%% CI, against each varied key\n%s",
		mi.Title(), cfg.Scenario, cfg.Design, len(cfg.Points), trials, axisCaption)
	drawPanels(dc, title, vg.Points(12), panels, cols)
	return nil
}

// Compile-time check that heatGrid is what HeatMap draws.
var _ plotter.GridXYZ = heatGrid{}
