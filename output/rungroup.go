package output

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"
)

// OverlayName is charts/overlay.png and .svg: a run's headline metrics
// with those of the other runs of its command (run A B ...) on shared
// axes.
const OverlayName = "overlay"

// A RunGroup finishes the folders of several runs of one command (run A
// B ...) together, so that their charts can be read side by side: each
// metric has one y axis across the runs (the union of their own), and
// each folder gets charts/overlay.png with every run's headline means on
// those axes. Give it as each run's Config.Group; after the last run's
// Finish (or when the command stops early), call Finish once.
type RunGroup struct {
	runs []*Run // finished, in the order of their Finish
}

// NewRunGroup returns an empty group.
func NewRunGroup() *RunGroup { return &RunGroup{} }

// Finish draws every run's charts on the shared axes and writes its
// manifest; it returns every error.
func (g *RunGroup) Finish() error {
	shared := map[string]*yAxis{}
	for _, r := range g.runs {
		for i := range r.charts {
			s := &r.charts[i]
			a := s.yAxis()
			if prev, ok := shared[s.metricInfo().Name]; ok {
				a = prev.union(a)
			}
			shared[s.metricInfo().Name] = &a
		}
	}
	for _, r := range g.runs {
		for i := range r.charts {
			r.charts[i].axis = shared[r.charts[i].metricInfo().Name]
		}
	}
	var errs []error
	for _, r := range g.runs {
		var overlay []*Run
		if len(g.runs) > 1 {
			overlay = g.runs
		}
		if err := r.close(overlay); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.cfg.Dir, err))
		}
	}
	g.runs = nil
	return errors.Join(errs...)
}

// overlayChart returns charts/overlay of the runs: a panel per headline
// metric of the first run with each run's mean and band, on the charts'
// axes, under a legend naming the runs.
func overlayChart(runs []*Run) chartFile {
	var items []legendItem
	var lines []overlayLine
	for i, r := range runs {
		line, band, dashes := seriesStyle(i)
		items = append(items, legendItem{name: r.cfg.Scenario, line: line, band: band, dashes: dashes})
		lines = append(lines, overlayLine{name: r.cfg.Scenario})
	}
	first := runs[0]
	for _, r := range runs {
		if len(r.charts) > 0 {
			first = r
			break
		}
	}
	title := fmt.Sprintf("Headline metrics of %d runs on shared axes: mean across trials with its 95%% CI band\n%s",
		len(runs), first.chartInfo().caption())
	lh := dashboardLegendHeight(items)
	return panelsWithLegend(OverlayName, dashboardH+lh, lh, title, items, 3, len(first.charts), func(m int) (*plot.Plot, error) {
		s := &first.charts[m]
		for i, r := range runs {
			lines[i].series = nil
			for j := range r.charts {
				if r.charts[j].metricInfo().Name == s.metricInfo().Name {
					lines[i].series = &r.charts[j]
				}
			}
		}
		return overlayPanel(s.metricInfo(), s.yAxis(), lines, first.chartInfo())
	})
}
