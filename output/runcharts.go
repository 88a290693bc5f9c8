package output

import (
	"fmt"

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
	return p, nil
}

// writeRunCharts writes, through out, charts/NAME.png and
// charts/NAME.svg for each of series, and the dashboard of the headline
// metrics among them.
func writeRunCharts(out *sink, info chartInfo, series []chartSeries) {
	var charts []chartFile
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
		title := fmt.Sprintf("%s — headline metrics: mean across %d trials (seed %d), 95%% CI band, trial traces",
			info.scenario, info.trialsDone, info.seed)
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
	drawChartFiles(out, charts)
}
