package output

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// This file holds what every chart shares: sizes, colours, the lines and
// bands that skip missing values, and drawChartFiles, which draws a
// writer's charts in parallel and writes them through its sink. Each
// writer's charts are in their own file: a run's in runcharts.go, a
// comparison's in comparecharts.go (with the legends of legend.go), a
// sweep's in sweepcharts.go, a sensitivity analysis's in
// sensitivitycharts.go.

// Chart sizes and resolution. PNG files are drawn at chartDPI dots per
// inch, so a chart is 960×600 pixels and the dashboard 1800×1020.
const (
	chartW, chartH         = 8 * vg.Inch, 5 * vg.Inch
	dashboardW, dashboardH = 15 * vg.Inch, 8.5 * vg.Inch
	chartDPI               = 120
)

// chartFormats are the file formats of every chart.
var chartFormats = []string{"png", "svg"}

// Chart colours: a dark mean line over a light band of the same hue, and
// faint grey trial traces beneath both.
var (
	meanColor  = color.NRGBA{R: 0x1f, G: 0x4e, B: 0x9a, A: 0xff}
	bandColor  = color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0x55}
	traceColor = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0x30}
)

// A chartFile is one chart to draw: charts/NAME.png and charts/NAME.svg,
// of size w×h, drawn by draw on a blank canvas.
type chartFile struct {
	name string
	w, h vg.Length
	draw func(draw.Canvas) error
}

// drawChartFiles draws each of charts in every format and writes it
// through out, which lists the files written and records failures. The
// files are drawn in parallel, each from plots of its own, so the bytes
// do not depend on the order.
func drawChartFiles(out *sink, charts []chartFile) {
	type task struct {
		chart  *chartFile
		format string
	}
	var tasks []task
	for i := range charts {
		for _, format := range chartFormats {
			tasks = append(tasks, task{&charts[i], format})
		}
	}
	// The largest canvases first (the dashboard's), so that no large
	// chart is left for one goroutine at the end.
	slices.SortStableFunc(tasks, func(a, b task) int { return cmp.Compare(b.chart.w*b.chart.h, a.chart.w*a.chart.h) })
	next := make(chan task)
	var wg sync.WaitGroup
	for range min(len(tasks), out.goroutines()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range next {
				c := newCanvas(t.format, t.chart.w, t.chart.h)
				if err := t.chart.draw(draw.New(c)); err != nil {
					out.failed(fmt.Errorf("output: chart of %s: %w", t.chart.name, err))
					continue
				}
				out.write(path.Join(ChartsDir, t.chart.name+"."+t.format), func(w io.Writer) error {
					_, err := c.WriteTo(w)
					return err
				})
			}
		}()
	}
	for _, t := range tasks {
		next <- t
	}
	close(next)
	wg.Wait()
}

// plotChart returns the chartFile of a single plot that mk makes, drawn
// on the whole canvas.
func plotChart(name string, w, h vg.Length, mk func() (*plot.Plot, error)) chartFile {
	return chartFile{name, w, h, func(dc draw.Canvas) error {
		p, err := mk()
		if err != nil {
			return err
		}
		p.Draw(dc)
		return nil
	}}
}

// newCanvas returns a blank canvas of size w×h that writes format ("png"
// or "svg").
func newCanvas(format string, w, h vg.Length) vg.CanvasWriterTo {
	if format == "svg" {
		return vgsvg.New(w, h)
	}
	return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI))}
}

// drawPanels draws title, in a font of titleSize, above panels tiled cols
// to a row.
func drawPanels(dc draw.Canvas, title string, titleSize vg.Length, panels []*plot.Plot, cols int) {
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range cols {
			if i := r*cols + c; i < len(panels) {
				grid[r][c] = panels[i]
			}
		}
	}
	sty := plot.New().Title.TextStyle
	sty.Font.Size = titleSize
	sty.XAlign, sty.YAlign = text.XCenter, text.YTop
	pad := vg.Points(10)
	dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - pad}, title)
	tiles := draw.Tiles{
		Rows: rows, Cols: cols,
		PadTop:    sty.Height(title) + 2*pad,
		PadBottom: pad, PadLeft: pad, PadRight: pad,
		PadX: 2 * pad, PadY: 2 * pad,
	}
	canvases := plot.Align(grid, tiles, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
}

// addLines adds ys (month i+1 at index i) to p as lines in style, broken
// where a value is NaN or infinite.
func addLines(p *plot.Plot, ys []float64, style draw.LineStyle) error {
	for _, seg := range finiteRuns(ys) {
		xys := make(plotter.XYs, 0, seg[1]-seg[0])
		for i := seg[0]; i < seg[1]; i++ {
			xys = append(xys, plotter.XY{X: float64(i + 1), Y: ys[i]})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		l.LineStyle = style
		p.Add(l)
	}
	return nil
}

// addBand adds to p the band between lo and hi (month i+1 at index i),
// broken where either is not finite; a single month has no area.
func addBand(p *plot.Plot, lo, hi []float64, c color.Color) error {
	var rings []plotter.XYer
	for _, seg := range finiteRuns(lo, hi) {
		if seg[1]-seg[0] < 2 {
			continue
		}
		ring := make(plotter.XYs, 0, 2*(seg[1]-seg[0]))
		for i := seg[0]; i < seg[1]; i++ {
			ring = append(ring, plotter.XY{X: float64(i + 1), Y: hi[i]})
		}
		for i := seg[1] - 1; i >= seg[0]; i-- {
			ring = append(ring, plotter.XY{X: float64(i + 1), Y: lo[i]})
		}
		rings = append(rings, ring)
	}
	if len(rings) == 0 {
		return nil
	}
	band, err := plotter.NewPolygon(rings...)
	if err != nil {
		return err
	}
	band.Color = c
	band.LineStyle.Width = 0
	p.Add(band)
	return nil
}

// finiteRuns returns the maximal runs [start, end) of indices at which
// every one of ys is finite.
func finiteRuns(ys ...[]float64) [][2]int {
	var runs [][2]int
	n := len(ys[0])
	start := -1
	for i := 0; i <= n; i++ {
		ok := i < n
		for _, y := range ys {
			if !ok {
				break
			}
			ok = finite(y[i])
		}
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			runs = append(runs, [2]int{start, i})
			start = -1
		}
	}
	return runs
}

// yearTicks marks the ends of years on a month axis: labelled ticks every
// year, or every few years so there are at most ten labels, and minor
// ticks at the other years.
type yearTicks struct{}

// Ticks returns the ticks between min and max months.
func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	years := int(hi / 12)
	step := 12 * max(1, (years+9)/10)
	var ticks []plot.Tick
	for m := 12; float64(m) <= hi; m += 12 {
		if float64(m) < lo {
			continue
		}
		t := plot.Tick{Value: float64(m)}
		if m%step == 0 {
			t.Label = strconv.Itoa(m)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// errorPoints are points with horizontal error bars.
type errorPoints struct {
	plotter.XYs
	plotter.XErrors
}

// errorYPoints are points with vertical error bars.
type errorYPoints struct {
	plotter.XYs
	plotter.YErrors
}
