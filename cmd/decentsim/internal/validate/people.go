package validate

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Where people go, and what Qantar does, over kz_reform_timeline: the
// share of rural residents in the south and the north, and the net
// migration since month 1 (arrivals less leavers, per resident of month
// 1) of the units best and worst served in month 1, at the end of each
// year; the share of units with a protest event in January 2022 and the
// dismissals of that month and year.

// South and North are the oblasts the brief and the seeds call young and
// growing, and older and shrinking.
var (
	South = []string{"Turkistan", "Zhambyl", "Kyzylorda", "Almaty", "Mangystau"}
	North = []string{"North Kazakhstan", "Kostanay", "Akmola", "Pavlodar", "East Kazakhstan", "Abai"}
)

// PeopleResult is what the timeline shows about people and protests.
type PeopleResult struct {
	Trials int
	Years  []int // calendar years, each measured in its December
	// Shares of rural residents by year in the south and the north, and
	// the net migration since month 1 per resident of month 1 of the
	// quarters of units best and worst served in month 1.
	South, North, Best, Worst []stats.Summary
	// Start holds the south's and north's shares in month 1.
	Start [2]stats.Summary
	// QantarProtest is the share of units with a protest event in
	// January 2022; QantarDismissals the dismissals that month, and
	// Dismissals2022 those of 2022.
	QantarProtest, QantarDismissals, Dismissals2022 stats.Summary
}

// peopleTrial is one trial's measurements.
type peopleTrial struct {
	shares                             [][4]float64 // [December of each year][south, north, best, worst]; index 0 is month 1
	protest, janDismissed, dismissed22 float64
}

// People runs trials of the timeline p (month 1 is January 2010) and
// measures them.
func People(ctx context.Context, p *sim.Params, months int, seed uint64, trials, workers int) (*PeopleResult, error) {
	res := &PeopleResult{Trials: trials}
	var all []peopleTrial
	err := sim.RunFunc(ctx, sim.RunConfig{Trials: sim.TrialList(trials), Workers: workers},
		func(ctx context.Context, trial int) (peopleTrial, error) {
			return peopleRun(ctx, p, months, seed, trial)
		}, func(t peopleTrial) error { all = append(all, t); return nil })
	if err != nil {
		return nil, err
	}
	for y := range all[0].shares[1:] {
		res.Years = append(res.Years, 2010+y)
	}
	describe := func(f func(t *peopleTrial) float64) stats.Summary {
		xs := make([]float64, len(all))
		for i := range all {
			xs[i] = f(&all[i])
		}
		return stats.Describe(xs)
	}
	for k := range 2 {
		res.Start[k] = describe(func(t *peopleTrial) float64 { return t.shares[0][k] })
	}
	for y := 1; y < len(all[0].shares); y++ {
		for k, dst := range []*[]stats.Summary{&res.South, &res.North, &res.Best, &res.Worst} {
			*dst = append(*dst, describe(func(t *peopleTrial) float64 { return t.shares[y][k] }))
		}
	}
	res.QantarProtest = describe(func(t *peopleTrial) float64 { return t.protest })
	res.QantarDismissals = describe(func(t *peopleTrial) float64 { return t.janDismissed })
	res.Dismissals2022 = describe(func(t *peopleTrial) float64 { return t.dismissed22 })
	return res, nil
}

// peopleRun runs one trial of the timeline and measures it.
func peopleRun(ctx context.Context, p *sim.Params, months int, seed uint64, trial int) (peopleTrial, error) {
	var t peopleTrial
	var m peopleMeter
	r, err := sim.RunTrialWatched(ctx, p, months, seed, trial, func(w *sim.World) {
		if w.Month == 1 {
			m.start(w)
		}
		m.migrate(w)
		if w.Month == 1 || w.Month%12 == 0 {
			t.shares = append(t.shares, m.shares(w))
		}
		if w.Month == Month(2022, 1) {
			n := 0
			for i := range w.Units {
				if w.Units[i].Protest {
					n++
				}
			}
			t.protest = float64(n) / float64(len(w.Units))
		}
	})
	if err != nil {
		return t, err
	}
	if m := Month(2022, 1); m <= len(r.Months) {
		t.janDismissed = r.Months[m-1][sim.Dismissals]
		for k := m; k < min(m+12, len(r.Months)+1); k++ {
			t.dismissed22 += r.Months[k-1][sim.Dismissals]
		}
	}
	return t, nil
}

// peopleMeter measures a trial month by month: which units are in the
// south and the north (group: 1 and 2) and in the best and worst served
// quarters of month 1, those quarters' residents in month 1, and their
// net migration since.
type peopleMeter struct {
	group       []uint8
	best, worst []bool
	base        [2]float64 // agents of the best and worst quarters in month 1
	net         [2]float64 // their arrivals less leavers since
}

// start classifies w's units in month 1.
func (m *peopleMeter) start(w *sim.World) {
	m.group = make([]uint8, len(w.Units))
	for i := range w.Units {
		name := w.Oblasts[w.Districts[w.Units[i].District].Oblast].Name
		switch {
		case slices.Contains(South, name):
			m.group[i] = 1
		case slices.Contains(North, name):
			m.group[i] = 2
		}
	}
	m.best, m.worst = serviceQuartiles(w)
	for i := range w.Units {
		n := float64(w.Units[i].Pop)
		if m.best[i] {
			m.base[0] += n
		}
		if m.worst[i] {
			m.base[1] += n
		}
	}
}

// migrate adds the month's arrivals less leavers of the two quarters.
func (m *peopleMeter) migrate(w *sim.World) {
	for i := range w.Units {
		u := &w.Units[i]
		d := float64(u.Arrivals - u.Leavers)
		if m.best[i] {
			m.net[0] += d
		}
		if m.worst[i] {
			m.net[1] += d
		}
	}
}

// serviceQuartiles marks the units in the best and the worst quarter by
// service quality.
func serviceQuartiles(w *sim.World) (best, worst []bool) {
	idx := make([]int, len(w.Units))
	for i := range idx {
		idx[i] = i
	}
	sortByQuality(idx, w.Units)
	best, worst = make([]bool, len(idx)), make([]bool, len(idx))
	q := len(idx) / 4
	for _, i := range idx[:q] {
		worst[i] = true
	}
	for _, i := range idx[len(idx)-q:] {
		best[i] = true
	}
	return best, worst
}

// shares returns the shares of residents in the south and the north, and
// the best and worst served quarters' net migration per resident of
// month 1.
func (m *peopleMeter) shares(w *sim.World) [4]float64 {
	var s [4]float64
	all := 0.0
	for i := range w.Units {
		n := float64(w.Units[i].Pop)
		all += n
		if m.group[i] > 0 {
			s[m.group[i]-1] += n
		}
	}
	s[0], s[1] = s[0]/all, s[1]/all
	s[2], s[3] = m.net[0]/m.base[0], m.net[1]/m.base[1]
	return s
}

// Chart draws, by year, the south's and north's shares of rural
// residents relative to month 1, and the best and worst served quarters'
// net migration since month 1, as a PNG of two panels.
func (r *PeopleResult) Chart(w io.Writer) error {
	top, err := r.panel("Shares of rural residents, relative to January 2010", "share / share in January 2010",
		[]peopleLine{{"south (Turkistan, Zhambyl, Kyzylorda, Almaty, Mangystau)", r.South, r.Start[0].Mean, color.RGBA{R: 200, G: 80, A: 255}},
			{"north (N. Kazakhstan, Kostanay, Akmola, Pavlodar, E. Kazakhstan, Abai)", r.North, r.Start[1].Mean, color.RGBA{B: 200, G: 80, A: 255}}})
	if err != nil {
		return err
	}
	bottom, err := r.panel("Net migration since January 2010 (arrivals less leavers)", "per resident of January 2010",
		[]peopleLine{{"best-served quarter of units in 2010", r.Best, math.NaN(), color.RGBA{G: 150, A: 255}},
			{"worst-served quarter of units in 2010", r.Worst, math.NaN(), color.RGBA{R: 120, G: 60, B: 120, A: 255}}})
	if err != nil {
		return err
	}
	const width, height = 9 * vg.Inch, 8 * vg.Inch
	c := vgimg.PngCanvas{Canvas: vgimg.New(width, height)}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter, PadY: 4 * vg.Millimeter, PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter}
	canvases := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, dc)
	top.Draw(canvases[0][0])
	bottom.Draw(canvases[1][0])
	_, err = c.WriteTo(w)
	return err
}

// peopleLine is a line of a panel: its values by year, divided by div
// unless div is NaN.
type peopleLine struct {
	name   string
	stats  []stats.Summary
	div    float64
	colour color.Color
}

// panel draws lines by year, each starting in 2010 at 1 (relative) or 0.
func (r *PeopleResult) panel(title, ylabel string, lines []peopleLine) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "year (December)"
	p.Y.Label.Text = ylabel
	p.Add(plotter.NewGrid())
	for _, l := range lines {
		start := 0.0
		if !math.IsNaN(l.div) {
			start = 1
		}
		xys := plotter.XYs{{X: 2010, Y: start}}
		for i, s := range l.stats {
			y := s.Mean
			if !math.IsNaN(l.div) {
				y /= l.div
			}
			xys = append(xys, plotter.XY{X: float64(r.Years[i]) + 1, Y: y})
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("validate: chart: %w", err)
		}
		line.Color, line.Width = l.colour, vg.Points(1.8)
		p.Add(line)
		p.Legend.Add(l.name, line)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	return p, nil
}

// Markdown renders the people and Qantar sections of docs/VALIDATION.md;
// chart is the chart's path relative to the document.
func (r *PeopleResult) Markdown(b *bytes.Buffer, timeline string, units int, chart string) {
	b.WriteString("## Where people go\n\n")
	fmt.Fprintf(b, "`%s`, %d trials: the share of rural residents in the young, growing south and in the older, shrinking north (the oblast table, docs/ODD.md section 6), ", timeline, r.Trials)
	b.WriteString("and the net migration (arrivals from other units less leavers to cities and other units) of the quarters of units best and worst served in January 2010, per resident of January 2010, at the end of each year. ")
	b.WriteString("The south grows by births and the north shrinks by deaths and leaving; people leave badly served units and move, by a gravity rule, towards better served ones.\n\n")
	fmt.Fprintf(b, "![where rural residents live, by year](%s)\n\n", chart)
	last := len(r.Years) - 1
	fmt.Fprintf(b, "| measure | January 2010 | December %d |\n|---|---:|---:|\n", r.Years[last])
	for _, row := range []struct {
		name  string
		start string
		end   stats.Summary
	}{
		{"share of residents in the south", ci(r.Start[0]), r.South[last]},
		{"share of residents in the north", ci(r.Start[1]), r.North[last]},
		{"net migration, best-served quarter of 2010", "0", r.Best[last]},
		{"net migration, worst-served quarter of 2010", "0", r.Worst[last]},
	} {
		fmt.Fprintf(b, "| %s | %s | %s |\n", row.name, row.start, ci(row.end))
	}
	b.WriteString("\n## The Qantar replay\n\n")
	fmt.Fprintf(b, "In January 2022 (`%s`, %d trials) %s [%s, %s] of the %d units have a protest event; the superior dismisses %s [%s, %s] akims that month and %s [%s, %s] in 2022.\n\n",
		timeline, r.Trials, pct(r.QantarProtest.Mean), pct(r.QantarProtest.CILow), pct(r.QantarProtest.CIHigh), units,
		num(r.QantarDismissals.Mean), num(r.QantarDismissals.CILow), num(r.QantarDismissals.CIHigh),
		num(r.Dismissals2022.Mean), num(r.Dismissals2022.CILow), num(r.Dismissals2022.CIHigh))
	b.WriteString(qantarExplanation)
}

// ci formats a mean with its 95% interval.
func ci(s stats.Summary) string {
	return fmt.Sprintf("%s [%s, %s]", num(s.Mean), num(s.CILow), num(s.CIHigh))
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// qantarExplanation says why the replay gives these numbers.
const qantarExplanation = `Why. The scenario's shock (an assumption, as in kz_qantar_shock) adds 0.3 to every resident's hardship and takes 0.2 from every resident's legitimacy, in every unit of the country at once. Grievance G = H(1 - L) then passes Epstein's threshold T = 0.1 for most residents everywhere. A citizen sees 80 residents (unrest.vision_residents) and, at 4.45 police per 1,000 (the national density), 0.36 officers among them, weighed by the tuned arrest constant k = 15.5; once a few per cent of a neighbourhood are active, C/A falls below one, the arrest probability collapses and the share willing to protest, (G - T)/P, rises towards everyone with G > T: Epstein's tipping point, reached in every settlement because the shock is the same everywhere. Protest events are shares of a settlement's residents with at least 20 active residents, and deterrence is local, so this share no longer depends on world.represent (see the scale table); it measures how broad the assumed shock is. Arrests (at most 6.74 active residents per officer a month, unrest.arrest_rate, tuned) then jail the willing within a few months, and protest events die out while the legitimacy shock stays. Dismissals follow from the superior's rule, institutions.dismiss_on_protest = 0.2 a month for each unit in protest (the lead's decision rules, issue 16), so they come in the first months of 2022.

What it would take to match what was observed (protests concentrated in Mangystau and a few cities, no wave of rural dismissals): a shock that differs by oblast and settlement (scenario events cannot target oblasts yet), a smaller shock to rural hardship, and a superior whose response to protest is a decision rather than a fixed probability.

`
