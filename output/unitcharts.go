package output

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// UnitsChartName is charts/units.png and .svg: the distribution across
// units of each unit-level metric in the final year.
const UnitsChartName = "units"

// unitsChart returns charts/units: for each unit-level metric of
// groups.csv, a histogram of the units' final-year values, pooled over the
// first unitChartTrials trials.
func unitsChart(g *groupTable, scenario string, info chartInfo) chartFile {
	trials := min(len(g.vals), unitChartTrials)
	title := fmt.Sprintf("%s — final-year value of each unit (%g units a trial, first %d trials pooled): who gains and who loses",
		scenario, g.units[0]/float64(len(g.vals)), trials)
	if info.note != "" {
		title += "\n" + info.note
	}
	return chartFile{UnitsChartName, dashboardW, dashboardH * 1.3, func(dc draw.Canvas) error {
		var panels []*plot.Plot
		for k, um := range unitMetrics {
			p := plot.New()
			p.Title.Text = um.info.Title()
			p.X.Label.Text = unitLabel(um.info)
			p.Y.Label.Text = "units"
			var vals plotter.Values
			scale := 1.0
			if um.info.Share() {
				scale = 100
			}
			for _, v := range g.unitVals[k] {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					vals = append(vals, v*scale)
				}
			}
			if len(vals) > 0 && minMaxDiffer(vals) {
				h, err := plotter.NewHist(vals, 30)
				if err != nil {
					return err
				}
				h.FillColor, h.LineStyle.Width = bandColor, vg.Points(0.5)
				p.Add(h)
			} else if len(vals) == 0 {
				p.Title.Text += " (no value)"
			} else {
				p.Title.Text += fmt.Sprintf(" (all %.3g)", vals[0])
			}
			panels = append(panels, p)
		}
		drawPanels(dc, title, vg.Points(14), panels, 3)
		return nil
	}}
}

// minMaxDiffer reports whether vals are not all equal.
func minMaxDiffer(vals plotter.Values) bool {
	for _, v := range vals {
		if v != vals[0] {
			return true
		}
	}
	return false
}
