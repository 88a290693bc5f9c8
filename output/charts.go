package output

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/decentsim/decentsim/sim"
)

// DefaultTraces is the number of trial traces drawn on each chart when
// Config.Traces is 0: the first trials added.
const DefaultTraces = 50

// Chart sizes and resolution. PNG files are drawn at chartDPI dots per
// inch, so a chart is 960×600 pixels and the dashboard 1800×1020.
const (
	chartW, chartH         = 8 * vg.Inch, 5 * vg.Inch
	dashboardW, dashboardH = 15 * vg.Inch, 8.5 * vg.Inch
	chartDPI               = 120
)

// Chart colours: a dark mean line over a light band of the same hue, and
// faint grey trial traces beneath both.
var (
	meanColor  = color.NRGBA{R: 0x1f, G: 0x4e, B: 0x9a, A: 0xff}
	bandColor  = color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0x55}
	traceColor = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0x30}
)

// chartSeries is what a metric's chart shows: for month i+1, the mean
// across trials and its 95% interval at index i, and some trials' values.
type chartSeries struct {
	metric       sim.Metric
	info         *sim.MetricInfo // the metric of another model's set; nil for sim.Metrics[metric]
	mean, lo, hi []float64
	traces       [][]float64 // one per trial drawn
}

// metricInfo describes the series' metric.
func (s *chartSeries) metricInfo() sim.MetricInfo {
	if s.info != nil {
		return *s.info
	}
	return sim.Metrics[s.metric]
}

// chartInfo names the run on each chart.
type chartInfo struct {
	scenario   string
	seed       uint64
	trialsDone int
	unit       string // the time step's name; "" is "month"
}

// metricPlot returns the chart of one metric. With full set it is a
// stand-alone chart titled with the metric, scenario and what is drawn;
// otherwise a dashboard panel titled with the metric's name.
func metricPlot(s *chartSeries, info chartInfo, full bool) (*plot.Plot, error) {
	mi := s.metricInfo()
	p := plot.New()
	p.Title.Text = mi.Name
	if full {
		p.Title.Text = fmt.Sprintf("%s — %s\nmean across %d trials, 95%% CI band, %d trial traces",
			mi.Name, info.scenario, info.trialsDone, len(s.traces))
	}
	p.X.Label.Text = "month"
	if info.unit != "" {
		p.X.Label.Text = info.unit
	}
	p.Y.Label.Text = fmt.Sprintf("%s (%s)", mi.Name, mi.Unit)
	p.X.Min, p.X.Max = 1, float64(max(1, len(s.mean)))
	if len(s.mean) > 24 && p.X.Label.Text == "month" {
		p.X.Tick.Marker = yearTicks{}
	}
	p.Add(plotter.NewGrid())

	var rings []plotter.XYer
	for _, seg := range finiteRuns(s.lo, s.hi) {
		if seg[1]-seg[0] < 2 {
			continue // a single month has no area
		}
		ring := make(plotter.XYs, 0, 2*(seg[1]-seg[0]))
		for i := seg[0]; i < seg[1]; i++ {
			ring = append(ring, plotter.XY{X: float64(i + 1), Y: s.hi[i]})
		}
		for i := seg[1] - 1; i >= seg[0]; i-- {
			ring = append(ring, plotter.XY{X: float64(i + 1), Y: s.lo[i]})
		}
		rings = append(rings, ring)
	}
	if len(rings) > 0 {
		band, err := plotter.NewPolygon(rings...)
		if err != nil {
			return nil, err
		}
		band.Color = bandColor
		band.LineStyle.Width = 0
		p.Add(band)
	}
	width := vg.Points(0.6)
	if !full {
		width = vg.Points(0.4)
	}
	for _, tr := range s.traces {
		if err := addLines(p, tr, traceColor, width); err != nil {
			return nil, err
		}
	}
	if err := addLines(p, s.mean, meanColor, vg.Points(1.8)); err != nil {
		return nil, err
	}
	return p, nil
}

// addLines adds ys (month i+1 at index i) to p as lines, broken where a
// value is NaN or infinite.
func addLines(p *plot.Plot, ys []float64, c color.Color, width vg.Length) error {
	for _, seg := range finiteRuns(ys) {
		xys := make(plotter.XYs, 0, seg[1]-seg[0])
		for i := seg[0]; i < seg[1]; i++ {
			xys = append(xys, plotter.XY{X: float64(i + 1), Y: ys[i]})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		l.Color = c
		l.Width = width
		p.Add(l)
	}
	return nil
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
			ok = !math.IsNaN(y[i]) && !math.IsInf(y[i], 0)
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

// writeCharts writes charts/NAME.png and charts/NAME.svg for each of
// series, and the dashboard of the headline metrics among them. It
// returns the files written, relative to dir with slashes, sorted. The
// files are drawn in parallel, each from plots of its own.
func writeCharts(dir string, info chartInfo, series []chartSeries) ([]string, error) {
	type job struct {
		name string
		w, h vg.Length
		draw func(draw.Canvas) error
	}
	var jobs []job
	var headlines []*chartSeries
	for i := range series {
		s := &series[i]
		name := s.metricInfo().Name
		jobs = append(jobs, job{name, chartW, chartH, func(dc draw.Canvas) error {
			p, err := metricPlot(s, info, true)
			if err != nil {
				return fmt.Errorf("output: chart of %s: %w", name, err)
			}
			p.Draw(dc)
			return nil
		}})
		if s.metricInfo().Headline {
			headlines = append(headlines, s)
		}
	}
	if len(headlines) > 0 {
		title := fmt.Sprintf("%s — headline metrics: mean across %d trials (seed %d), 95%% CI band, trial traces",
			info.scenario, info.trialsDone, info.seed)
		jobs = append(jobs, job{DashboardName, dashboardW, dashboardH, func(dc draw.Canvas) error {
			var panels []*plot.Plot
			for _, s := range headlines {
				p, err := metricPlot(s, info, false)
				if err != nil {
					return fmt.Errorf("output: chart of %s: %w", s.metricInfo().Name, err)
				}
				panels = append(panels, p)
			}
			drawDashboard(dc, title, panels)
			return nil
		}})
	}

	// One task per file; errs[i] is task i's error.
	type task struct {
		job    *job
		format string
		rel    string
	}
	var tasks []task
	for i := range jobs {
		for _, format := range chartFormats {
			tasks = append(tasks, task{&jobs[i], format, path.Join(ChartsDir, jobs[i].name+"."+format)})
		}
	}
	errs := make([]error, len(tasks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(len(tasks), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := tasks[i]
				c := newCanvas(t.format, t.job.w, t.job.h)
				if errs[i] = t.job.draw(draw.New(c)); errs[i] != nil {
					continue
				}
				errs[i] = WriteFile(filepath.Join(dir, filepath.FromSlash(t.rel)), func(w io.Writer) error {
					_, err := c.WriteTo(w)
					return err
				})
			}
		}()
	}
	for i := range tasks {
		next <- i
	}
	close(next)
	wg.Wait()

	var files []string
	for i, t := range tasks {
		if errs[i] == nil {
			files = append(files, t.rel)
		}
	}
	slices.Sort(files)
	return files, errors.Join(errs...)
}

// drawDashboard draws title above panels tiled three to a row.
func drawDashboard(dc draw.Canvas, title string, panels []*plot.Plot) {
	drawPanels(dc, title, vg.Points(16), panels, 3)
}

// newCanvas returns a blank canvas of size w×h that writes format ("png"
// or "svg").
func newCanvas(format string, w, h vg.Length) vg.CanvasWriterTo {
	if format == "svg" {
		return vgsvg.New(w, h)
	}
	return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI))}
}
