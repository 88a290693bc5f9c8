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

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/sim"
)

// Where people go, and what Qantar does, over kz_reform_timeline: the
// share of rural residents in the south and the north, and in the units
// best and worst served in month 1, at the end of each year; the share of
// units with a protest event in January 2022 and the dismissals of that
// month and year.

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
	// Shares of rural residents by year: in the south, the north, and
	// the quartiles of units by service quality in month 1.
	South, North, Best, Worst []output.Stats
	// Start holds the same four shares in month 1.
	Start [4]output.Stats
	// QantarProtest is the share of units with a protest event in
	// January 2022; QantarDismissals the dismissals that month, and
	// Dismissals2022 those of 2022.
	QantarProtest, QantarDismissals, Dismissals2022 output.Stats
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
	stats := func(f func(t *peopleTrial) float64) output.Stats {
		xs := make([]float64, len(all))
		for i := range all {
			xs[i] = f(&all[i])
		}
		return output.Describe(xs)
	}
	for k := range 4 {
		res.Start[k] = stats(func(t *peopleTrial) float64 { return t.shares[0][k] })
	}
	for y := 1; y < len(all[0].shares); y++ {
		for k, dst := range []*[]output.Stats{&res.South, &res.North, &res.Best, &res.Worst} {
			*dst = append(*dst, stats(func(t *peopleTrial) float64 { return t.shares[y][k] }))
		}
	}
	res.QantarProtest = stats(func(t *peopleTrial) float64 { return t.protest })
	res.QantarDismissals = stats(func(t *peopleTrial) float64 { return t.janDismissed })
	res.Dismissals2022 = stats(func(t *peopleTrial) float64 { return t.dismissed22 })
	return res, nil
}

// peopleRun runs one trial of the timeline and measures it.
func peopleRun(ctx context.Context, p *sim.Params, months int, seed uint64, trial int) (peopleTrial, error) {
	var t peopleTrial
	var best, worst []bool
	var group []uint8 // per unit: 1 south, 2 north
	r, err := sim.RunTrialWatched(ctx, p, months, seed, trial, func(w *sim.World) {
		if w.Month == 1 {
			group = make([]uint8, len(w.Units))
			for i := range w.Units {
				name := w.Oblasts[w.Districts[w.Units[i].District].Oblast].Name
				switch {
				case slices.Contains(South, name):
					group[i] = 1
				case slices.Contains(North, name):
					group[i] = 2
				}
			}
			best, worst = serviceQuartiles(w)
		}
		if w.Month == 1 || w.Month%12 == 0 {
			t.shares = append(t.shares, shares(w, group, best, worst))
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

// shares returns the shares of residents in the south, the north, the
// best and the worst served units.
func shares(w *sim.World, group []uint8, best, worst []bool) [4]float64 {
	var s [4]float64
	all := 0.0
	for i := range w.Units {
		n := float64(w.Units[i].Pop)
		all += n
		if group[i] == 1 {
			s[0] += n
		} else if group[i] == 2 {
			s[1] += n
		}
		if best[i] {
			s[2] += n
		}
		if worst[i] {
			s[3] += n
		}
	}
	for k := range s {
		s[k] /= all
	}
	return s
}

// Chart draws the four shares, each relative to its value in month 1, by
// year, as a PNG.
func (r *PeopleResult) Chart(w io.Writer) error {
	p := plot.New()
	p.Title.Text = "Where rural residents live, kz_reform_timeline (relative to January 2010)"
	p.X.Label.Text = "year (December)"
	p.Y.Label.Text = "share of rural residents / share in January 2010"
	p.Add(plotter.NewGrid())
	lines := []struct {
		name  string
		stats []output.Stats
		start output.Stats
		col   color.Color
		dash  bool
	}{
		{"south (Turkistan, Zhambyl, Kyzylorda, Almaty, Mangystau)", r.South, r.Start[0], color.RGBA{R: 200, G: 80, A: 255}, false},
		{"north (N. Kazakhstan, Kostanay, Akmola, Pavlodar, E. Kazakhstan, Abai)", r.North, r.Start[1], color.RGBA{B: 200, G: 80, A: 255}, false},
		{"best-served quarter of units in 2010", r.Best, r.Start[2], color.RGBA{G: 150, A: 255}, true},
		{"worst-served quarter of units in 2010", r.Worst, r.Start[3], color.RGBA{R: 120, G: 60, B: 120, A: 255}, true},
	}
	for _, l := range lines {
		xys := plotter.XYs{{X: 2010, Y: 1}}
		for i, s := range l.stats {
			xys = append(xys, plotter.XY{X: float64(r.Years[i]) + 1, Y: s.Mean / l.start.Mean})
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("validate: chart: %w", err)
		}
		line.Color, line.Width = l.col, vg.Points(1.8)
		if l.dash {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(line)
		p.Legend.Add(l.name, line)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	wt, err := p.WriterTo(9*vg.Inch, 5.5*vg.Inch, "png")
	if err != nil {
		return fmt.Errorf("validate: chart: %w", err)
	}
	_, err = wt.WriteTo(w)
	return err
}

// Markdown renders the people and Qantar sections of docs/VALIDATION.md;
// chart is the chart's path relative to the document.
func (r *PeopleResult) Markdown(b *bytes.Buffer, timeline string, units int, chart string) {
	b.WriteString("## Where people go\n\n")
	fmt.Fprintf(b, "`%s`, %d trials: the share of rural residents in the young, growing south and in the older, shrinking north (the oblast table, docs/ODD.md section 6), ", timeline, r.Trials)
	b.WriteString("and in the quarters of units best and worst served in January 2010, at the end of each year. ")
	b.WriteString("People leave badly served units and move by a gravity rule to better served ones, and births and deaths follow each oblast's rates.\n\n")
	fmt.Fprintf(b, "![shares of rural residents by year](%s)\n\n", chart)
	b.WriteString("| group | January 2010 | December " + fmt.Sprint(r.Years[len(r.Years)-1]) + " |\n|---|---:|---:|\n")
	last := len(r.Years) - 1
	for i, row := range []struct {
		name string
		end  output.Stats
	}{{"south", r.South[last]}, {"north", r.North[last]}, {"best-served quarter of 2010", r.Best[last]}, {"worst-served quarter of 2010", r.Worst[last]}} {
		fmt.Fprintf(b, "| %s | %s [%s, %s] | %s [%s, %s] |\n", row.name, num(r.Start[i].Mean), num(r.Start[i].CILow), num(r.Start[i].CIHigh),
			num(row.end.Mean), num(row.end.CILow), num(row.end.CIHigh))
	}
	b.WriteString("\n## The Qantar replay\n\n")
	fmt.Fprintf(b, "In January 2022 (`%s`, %d trials) %s [%s, %s] of the %d units have a protest event; the superior dismisses %s [%s, %s] akims that month and %s [%s, %s] in 2022.\n\n",
		timeline, r.Trials, pct(r.QantarProtest.Mean), pct(r.QantarProtest.CILow), pct(r.QantarProtest.CIHigh), units,
		num(r.QantarDismissals.Mean), num(r.QantarDismissals.CILow), num(r.QantarDismissals.CIHigh),
		num(r.Dismissals2022.Mean), num(r.Dismissals2022.CILow), num(r.Dismissals2022.CIHigh))
	b.WriteString(qantarExplanation)
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// qantarExplanation says why the replay gives these numbers.
const qantarExplanation = `Why. The scenario's shock (an assumption, as in kz_qantar_shock) adds 0.3 to every resident's hardship and takes 0.2 from every resident's legitimacy, in every unit of the country at once. Grievance G = H(1 - L) then passes Epstein's threshold T = 0.1 for most residents everywhere. A citizen sees 80 residents (unrest.vision_residents) and, at 30 police per 1,000, 2.4 officers among them; once a few per cent of a neighbourhood are active, C/A falls below one, the arrest probability collapses and the share willing to protest, (G - T)/P, rises towards everyone with G > T: Epstein's tipping point, reached in every settlement because the shock is the same everywhere. Since protest events are now shares of a settlement's residents with at least 20 active residents, and deterrence is local, this share no longer depends on world.represent (see the scale table); it measures how broad the assumed shock is. Dismissals follow from the superior's rule, institutions.dismiss_on_protest = 0.2 a month for each unit in protest (the lead's decision rules, issue 16), and continue while the legitimacy shock keeps protests going through 2022.

What it would take to match what was observed (protests concentrated in Mangystau and a few cities, no wave of rural dismissals): a shock that differs by oblast and settlement (scenario events cannot target oblasts yet), a smaller shock to rural hardship, and a superior whose response to protest is a decision rather than a fixed probability.

`
