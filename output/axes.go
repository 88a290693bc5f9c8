package output

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
)

// minSpanShare is the smallest y range of a chart, as a share of the
// largest value shown: a metric that moves by less than that is drawn
// flat rather than magnified into a trend.
const minSpanShare = 0.2

// A yAxis is a chart's y range, from round tick to round tick, and how it
// labels its ticks. Charts of one metric in several scenarios share one.
type yAxis struct {
	min, max, step float64
	percent        bool // ticks as percentages (a share)
}

// axisCaption says, in a chart's caption, how the y axes are chosen.
const axisCaption = "y axis: the metric's bounds, or at least 20% of its largest value around the data, to round ticks"

// yAxisOf returns the y axis of metric mi over the values of series
// (NaN and infinities skipped): it holds every value, spans at least
// minSpanShare of the largest absolute value (so noise is not magnified),
// starts at the metric's lower bound when the data come near it, stays
// within the metric's bounds (sim.MetricInfo.Bounds) unless a value
// leaves them, and ends on round ticks.
func yAxisOf(mi sim.MetricInfo, series ...[]float64) yAxis {
	blo, bhi := mi.Bounds()
	dmin, dmax := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if finite(v) {
				dmin, dmax = min(dmin, v), max(dmax, v)
			}
		}
	}
	if dmin > dmax { // no data
		dmin, dmax = blo, min(bhi, blo+1)
	}
	blo, bhi = min(blo, dmin), max(bhi, dmax) // values out of bounds are shown
	span := max(dmax-dmin, minSpanShare*max(math.Abs(dmin), math.Abs(dmax)))
	if span == 0 { // all zero, say: a tenth of a bounded range
		span = min(1, (bhi-blo)/10)
	}
	span = min(span, bhi-blo)
	mid := (dmin + dmax) / 2
	lo, hi := mid-span/2, mid+span/2
	if lo-blo < span/2 { // near the lower bound: start there
		lo = blo
		hi = max(hi, blo+span)
	}
	if hi > bhi {
		lo, hi = max(blo, lo-(hi-bhi)), bhi
	}
	step := niceStep((hi - lo) / 5)
	lo, hi = max(blo, math.Floor(lo/step+1e-9)*step), min(bhi, math.Ceil(hi/step-1e-9)*step)
	if hi <= lo {
		hi = lo + step
	}
	return yAxis{min: lo, max: hi, step: step, percent: mi.Share()}
}

// niceStep returns the round tick step (1, 2, 2.5 or 5 times a power of
// ten) nearest above x.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// union returns the axis holding both a and b, with the coarser step.
func (a yAxis) union(b yAxis) yAxis {
	lo, hi := min(a.min, b.min), max(a.max, b.max)
	step := niceStep((hi - lo) / 5)
	return yAxis{min: math.Floor(lo/step+1e-9) * step, max: math.Ceil(hi/step-1e-9) * step, step: step, percent: a.percent}
}

// apply sets p's y range and ticks to a; call it after adding every
// plotter, which widen the range to their data.
func (a yAxis) apply(p *plot.Plot) {
	p.Y.Min, p.Y.Max = a.min, a.max
	p.Y.Tick.Marker = a
}

// Ticks returns a's ticks: every step, labelled with as many decimals as
// the step needs, as percentages for a share.
func (a yAxis) Ticks(lo, hi float64) []plot.Tick {
	scale := 1.0
	if a.percent {
		scale = 100
	}
	exp := math.Floor(math.Log10(a.step*scale) + 1e-9)
	dec := max(0, -int(exp))
	if m := a.step * scale / math.Pow(10, exp); math.Abs(m-2.5) < 1e-6 {
		dec++ // 2.5, 0.25, ...
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo/a.step - 1e-9); i*a.step <= hi+1e-9*a.step; i++ {
		v := i * a.step
		label := strconv.FormatFloat(v*scale, 'f', dec, 64)
		if strings.Trim(label, "-0.") == "" {
			label = strings.TrimPrefix(label, "-")
		}
		if a.percent {
			label += "%"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// unitLabel is a metric's y-axis label: its unit, readable ("%" for a
// share).
func unitLabel(mi sim.MetricInfo) string {
	if mi.Share() {
		return "%" + strings.TrimPrefix(strings.TrimPrefix(mi.Unit, "share"), " 0-1")
	}
	return strings.ReplaceAll(mi.Unit, "0-1", "0–1")
}

// A ChartEvent is a scheduled event drawn on the time charts as a
// labelled vertical line: a reform, a shock or an election every unit
// holds at once.
type ChartEvent struct {
	Month int    `json:"month"`
	Label string `json:"label"`
}

// ScheduledEvents returns the events of p within months that the charts
// mark: its [[events]] (labelled as given, or by what they do), and the
// district maslikhat elections every district holds at once.
func ScheduledEvents(p *sim.Params, months int) []ChartEvent {
	var out []ChartEvent
	for _, e := range p.Events {
		if e.Month > months {
			continue
		}
		label := e.Label
		if label == "" {
			label = "event"
			if e.MaslikhatElection {
				label = "maslikhat election"
			}
		}
		out = append(out, ChartEvent{e.Month, label})
	}
	ip := &p.Institutions
	next := ip.MaslikhatFirstElection
	if next == 0 {
		next = ip.MaslikhatTermMonths + 1
	}
	for m := 1; m <= months && ip.MaslikhatTermMonths > 0; m++ {
		called := false
		for _, e := range p.Events {
			called = called || (e.Month == m && e.MaslikhatElection)
		}
		if called || m >= next {
			if !called {
				out = append(out, ChartEvent{m, "maslikhat election"})
			}
			next = m + ip.MaslikhatTermMonths
		}
	}
	return out
}

// eventColor is the colour of the event lines.
var eventColor = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xc0}

// addEvents adds events to p as dashed vertical lines across axis a,
// labelled at the top (the label only if labels is set).
func addEvents(p *plot.Plot, events []ChartEvent, a yAxis, labels bool) error {
	seen := map[int]bool{}
	for _, e := range events {
		l, err := plotter.NewLine(plotter.XYs{{X: float64(e.Month), Y: a.min}, {X: float64(e.Month), Y: a.max}})
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: eventColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(l)
		if !labels || seen[e.Month] {
			continue
		}
		seen[e.Month] = true
		lb, err := plotter.NewLabels(plotter.XYLabels{
			XYs:    []plotter.XY{{X: float64(e.Month), Y: a.max}},
			Labels: []string{" " + e.Label},
		})
		if err != nil {
			return err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].Font.Size = vg.Points(8)
			lb.TextStyle[i].Color = color.NRGBA{R: 0x50, G: 0x50, B: 0x50, A: 0xff}
			lb.TextStyle[i].XAlign, lb.TextStyle[i].YAlign = text.XLeft, text.YTop
		}
		p.Add(lb)
	}
	return nil
}

// eventsCaption lists events for a caption, "" without any.
func eventsCaption(events []ChartEvent) string {
	if len(events) == 0 {
		return ""
	}
	var parts []string
	seen := map[string]bool{}
	for _, e := range events {
		s := fmt.Sprintf("%s (month %d)", e.Label, e.Month)
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) > 4 {
		parts = append(parts[:4], "…")
	}
	return "dashed: " + strings.Join(parts, ", ")
}
