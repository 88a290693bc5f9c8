package output

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
)

// writeSensitivityCharts writes, through out, charts/METRIC.png and
// .svg for each analysed metric with indices: horizontal bars of each
// parameter's indices (S1 and ST, or mu* and sigma) with their 95%
// intervals, the most influential parameter at the top.
func writeSensitivityCharts(out *sink, cfg *SensitivityConfig, idx []SensitivityIndex, trials int) {
	var charts []chartFile
	for _, m := range cfg.Metrics {
		rk := ranked(idx, m, mainIndex(cfg.Method))
		if len(rk) == 0 || !finite(rk[0].Value) {
			continue
		}
		h := vg.Length(len(rk))*0.6*vg.Inch + 1.8*vg.Inch
		charts = append(charts, plotChart(m.String(), chartW, h,
			func() (*plot.Plot, error) { return sensitivityPlot(cfg, idx, rk, m, trials) }))
	}
	drawChartFiles(out, charts)
}

// sensitivityPlot returns metric m's bar chart; rk is its indices ranked
// by the main index.
func sensitivityPlot(cfg *SensitivityConfig, idx []SensitivityIndex, rk []SensitivityIndex, m sim.Metric, trials int) (*plot.Plot, error) {
	p := plot.New()
	series := []string{"S1", "ST"}
	p.Title.Text = fmt.Sprintf("%s: Sobol' indices, %d base samples × %d trials, 95%% bootstrap intervals", m, cfg.Samples, trials)
	p.X.Label.Text = "share of the outcome's variance"
	if cfg.Method == MethodMorris {
		series = []string{"mu_star", "sigma"}
		p.Title.Text = fmt.Sprintf("%s: Morris mu* and sigma, %d trajectories × %d trials, 95%% bootstrap intervals of mu*", m, cfg.Samples, trials)
		p.X.Label.Text = "change in " + m.String() + " over the parameter's range"
	}
	p.Add(plotter.NewGrid())
	n := len(rk)
	labels := make([]string, n)
	const width = 0.36 // of a row, per series
	xmin, xmax := 0.0, 0.0
	for s, name := range series {
		line, fill, _ := seriesStyle(s)
		fill.A = 0x90
		off := width/2 - float64(s)*width
		hb := &hbars{half: width / 2 * 0.9, fill: fill, line: line}
		var bars errorPoints
		for r, top := range rk {
			row := n - 1 - r // the most influential at the top
			labels[row] = cfg.Params[top.Param].Name
			x, ok := find(idx, m, top.Param, name)
			if !ok || !finite(x.Value) {
				continue
			}
			y := float64(row) + off
			xmin, xmax = min(xmin, x.Value), max(xmax, x.Value)
			hb.xs = append(hb.xs, x.Value)
			hb.ys = append(hb.ys, y)
			if finite(x.Low) && finite(x.High) {
				xmin, xmax = min(xmin, x.Low), max(xmax, x.High)
				bars.XYs = append(bars.XYs, plotter.XY{X: x.Value, Y: y})
				bars.XErrors = append(bars.XErrors, struct{ Low, High float64 }{x.Value - x.Low, x.High - x.Value})
			}
		}
		p.Add(hb)
		p.Legend.Add(name, hb)
		if len(bars.XYs) > 0 {
			eb, err := plotter.NewXErrorBars(bars)
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = color.Black, vg.Points(1), vg.Points(4)
			p.Add(eb)
		}
	}
	// Room on the right for the legend, above the top row's bars.
	span := max(xmax-xmin, 1e-12)
	p.X.Min, p.X.Max = xmin-0.02*span, xmax+0.3*span
	p.Legend.Top = true
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p, nil
}

// hbars draws horizontal bars from 0 to xs[i] centred on ys[i], their
// thickness 2×half in the y axis's data units, so that error bars at the
// same ys sit on them.
type hbars struct {
	xs, ys     []float64
	half       float64
	fill, line color.NRGBA
}

// Plot implements plot.Plotter.
func (h *hbars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for i, x := range h.xs {
		x0, x1 := trX(min(0, x)), trX(max(0, x))
		y0, y1 := trY(h.ys[i]-h.half), trY(h.ys[i]+h.half)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(h.fill, c.ClipPolygonXY(pts))
		c.StrokeLines(draw.LineStyle{Color: h.line, Width: vg.Points(0.8)}, c.ClipLinesXY(append(pts, pts[0]))...)
	}
}

// DataRange implements plot.DataRanger.
func (h *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = 0, 0
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i, x := range h.xs {
		xmin, xmax = min(xmin, x), max(xmax, x)
		ymin, ymax = min(ymin, h.ys[i]-h.half), max(ymax, h.ys[i]+h.half)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (h *hbars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(h.fill, pts)
	c.StrokeLines(draw.LineStyle{Color: h.line, Width: vg.Points(0.8)}, append(pts, pts[0]))
}
