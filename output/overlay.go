package output

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
)

// An overlayLine is one scenario's series on an overlay chart; the i-th
// line of a chart is drawn in seriesStyle(i). A nil series draws nothing.
type overlayLine struct {
	name   string
	series *chartSeries
}

// overlayPanel returns the chart of metric mi for several scenarios on
// axis a: each line's 95% band, then every mean above the bands, and the
// events of info as dashed lines.
func overlayPanel(mi sim.MetricInfo, a yAxis, lines []overlayLine, info chartInfo) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = mi.Title()
	p.Y.Label.Text = unitLabel(mi)
	months := 1
	for _, l := range lines {
		if l.series != nil {
			months = max(months, len(l.series.mean))
		}
	}
	timeAxis(p, info.unit, months)
	p.Add(plotter.NewGrid())
	for i, l := range lines {
		if l.series == nil {
			continue
		}
		_, band, _ := seriesStyle(i)
		if err := addBand(p, l.series.lo, l.series.hi, band); err != nil {
			return nil, err
		}
	}
	for i, l := range lines {
		if l.series == nil {
			continue
		}
		line, _, dashes := seriesStyle(i)
		if err := addLines(p, l.series.mean, draw.LineStyle{Color: line, Width: vg.Points(2), Dashes: dashes}); err != nil {
			return nil, err
		}
	}
	if err := addEvents(p, info.events, a, false); err != nil {
		return nil, err
	}
	a.apply(p)
	return p, nil
}
