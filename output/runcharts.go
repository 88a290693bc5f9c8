package output

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
)

// DefaultTraces is the number of trial traces drawn on each chart when
// Config.Traces is 0: the first trials added.
const DefaultTraces = 50

// chartSeries is what a metric's chart shows: for month i+1, the mean
// across trials and its 95% interval at index i, and some trials' values.
type chartSeries struct {
	metric       sim.Metric
	info         *sim.MetricInfo // the metric of another model's set; nil for sim.Metrics[metric]
	mean, lo, hi []float64
	traces       [][]float64 // one per trial drawn
	axis         *yAxis      // the y axis shared with other runs' charts; nil: its own
}

// yAxis returns the series' y axis: the shared one, or its own.
func (s *chartSeries) yAxis() yAxis {
	if s.axis != nil {
		return *s.axis
	}
	return yAxisOf(s.metricInfo(), append([][]float64{s.mean, s.lo, s.hi}, s.traces...)...)
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
	events     []ChartEvent
	note       string // what made the run, if not the scenario as it is: the overrides
}

// caption returns the lines of a chart's caption after its title: how
// the axis is chosen, the events marked and the note, those given.
func (info chartInfo) caption() string {
	lines := []string{axisCaption}
	if e := eventsCaption(info.events); e != "" {
		lines = append(lines, e)
	}
	if info.note != "" {
		lines = append(lines, info.note)
	}
	return strings.Join(lines, "\n")
}

// metricPlot returns the chart of one metric. With full set it is a
// stand-alone chart titled with the metric, scenario and what is drawn;
// otherwise a dashboard panel titled with the metric's name.
func metricPlot(s *chartSeries, info chartInfo, full bool) (*plot.Plot, error) {
	mi := s.metricInfo()
	p := plot.New()
	p.Title.Text = mi.Title()
	if full {
		p.Title.Text = fmt.Sprintf("%s — %s\nmean across %d trials, 95%% CI band, %d trial traces\n%s",
			mi.Title(), info.scenario, info.trialsDone, len(s.traces), info.caption())
	}
	timeAxis(p, info.unit, len(s.mean))
	p.Y.Label.Text = unitLabel(mi)
	p.Add(plotter.NewGrid())

	if err := addBand(p, s.lo, s.hi, bandColor); err != nil {
		return nil, err
	}
	width := vg.Points(0.6)
	if !full {
		width = vg.Points(0.4)
	}
	for _, tr := range s.traces {
		if err := addLines(p, tr, draw.LineStyle{Color: traceColor, Width: width}); err != nil {
			return nil, err
		}
	}
	if err := addLines(p, s.mean, draw.LineStyle{Color: meanColor, Width: vg.Points(1.8)}); err != nil {
		return nil, err
	}
	a := s.yAxis()
	if err := addEvents(p, info.events, a, full); err != nil {
		return nil, err
	}
	a.apply(p)
	return p, nil
}

// timeAxis labels p's x axis with the time step's name unit ("" is
// "month") over months steps, with year ticks on a long month axis.
func timeAxis(p *plot.Plot, unit string, months int) {
	p.X.Label.Text = "month"
	if unit != "" {
		p.X.Label.Text = unit
	}
	p.X.Min, p.X.Max = 1, float64(max(1, months))
	if months > 24 && p.X.Label.Text == "month" {
		p.X.Tick.Marker = yearTicks{}
	}
}

// writeRunCharts writes, through out, charts/NAME.png and
// charts/NAME.svg for each of series, and the dashboard of the headline
// metrics among them, and the charts of extra; with overlay, the runs of its group, also
// charts/overlay.png and .svg.
func writeRunCharts(out *sink, info chartInfo, series []chartSeries, overlay []*Run, extra ...chartFile) {
	charts := extra
	var headlines []*chartSeries
	for i := range series {
		s := &series[i]
		charts = append(charts, plotChart(s.metricInfo().Name, chartW, chartH,
			func() (*plot.Plot, error) { return metricPlot(s, info, true) }))
		if s.metricInfo().Headline {
			headlines = append(headlines, s)
		}
	}
	if len(headlines) > 0 {
		title := fmt.Sprintf("%s — headline metrics: mean across %d trials (seed %d), 95%% CI band, trial traces\n%s",
			info.scenario, info.trialsDone, info.seed, info.caption())
		charts = append(charts, chartFile{DashboardName, dashboardW, dashboardH, func(dc draw.Canvas) error {
			var panels []*plot.Plot
			for _, s := range headlines {
				p, err := metricPlot(s, info, false)
				if err != nil {
					return fmt.Errorf("%s: %w", s.metricInfo().Name, err)
				}
				panels = append(panels, p)
			}
			drawPanels(dc, title, vg.Points(16), panels, 3)
			return nil
		}})
	}
	if len(overlay) > 1 {
		charts = append(charts, overlayChart(overlay))
	}
	drawChartFiles(out, charts)
}
