package validate

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// ReportConfig says what the validation report runs.
type ReportConfig struct {
	Timeline       *sim.Params // kz_reform_timeline, resolved
	TimelineName   string
	TimelineMonths int
	TimelineSHA    string // SHA-256 of the resolved scenario
	Trials         int    // trials of the timeline
	Seed           uint64
	Theory         Setup   // the theory experiments' setup
	TheoryName     string  // the base scenario of the theory experiments, in words
	Target         *Target // the calibration target: which statistics were tuned (nil: none)
	// Posterior is the calibration's ABC posterior (nil: none), from
	// PosteriorFile; GoldenHash the model's golden hash (GoldenHash).
	Posterior     *experiment.Posterior
	PosteriorFile string
	GoldenHash    string
	// Baseline and Reforms are the scenarios of the reforms table, run for
	// ReformMonths months with ReformTrials trials at ReformScale (in
	// words); none when Reforms is empty.
	Baseline     Reform
	Reforms      []Reform
	ReformMonths int
	ReformTrials int
	ReformScale  string
	// Besley is scenario besley_two_period, run at BesleyValues of office
	// with BesleyTrials trials each (Besley's docking); none when
	// BesleyValues is empty.
	Besley       sim.Params
	BesleyValues []float64
	BesleyTrials int
	// Scale are the worlds of the scale table (none: no table).
	Scale []ScaleSetup
	// PeopleTrials are the timeline's trials for where people go and the
	// Qantar replay (0: not run); PeopleChart is the chart's path
	// relative to the report.
	PeopleTrials int
	PeopleChart  string
	Workers      int
	Version      string
	Now          time.Time
	Progress     func(step string)
}

// PatternRow is a pattern and how the model did on it.
type PatternRow struct {
	Pattern
	Stats  stats.Summary
	Within bool
	Tuned  []string // parameters tuned to it (empty: out of sample)
}

// Report is the validation report's content.
type Report struct {
	Config  ReportConfig
	Rows    []PatternRow
	Theory  []Result
	Reforms []ReformRow
	Besley  []BesleyPoint
	Scale   *ScaleTable
	People  *PeopleResult
}

// Run runs the timeline and the theory experiments.
func Run(ctx context.Context, cfg ReportConfig) (*Report, error) {
	rep := &Report{Config: cfg}
	say := func(s string) {
		if cfg.Progress != nil {
			cfg.Progress(s)
		}
	}
	say(fmt.Sprintf("%s: %d trials", cfg.TimelineName, cfg.Trials))
	all, err := drawnTrialStats(ctx, cfg.Timeline, cfg.Posterior, cfg.TimelineMonths, cfg.Seed, cfg.Trials, cfg.Workers)
	if err != nil {
		return nil, err
	}
	tuned := tunedBy(cfg.Target)
	for _, p := range Patterns {
		vals := make([]float64, len(all))
		for i, st := range all {
			vals[i] = st[p.Stat]
		}
		st := stats.Describe(vals)
		rep.Rows = append(rep.Rows, PatternRow{Pattern: p, Stats: st,
			Within: p.Within(st.Mean), Tuned: tuned[p.Stat]})
	}
	for _, exp := range []struct {
		name string
		f    func(context.Context, Setup) (Result, error)
	}{{"discipline", Discipline}, {"pooling", Pooling}, {"selection", Selection}, {"patronage", Patronage},
		{"elite capture", Capture}, {"sudden vs gradual legitimacy fall", Epstein}, {"voting with the feet", Feet}} {
		say("theory: " + exp.name)
		r, err := exp.f(ctx, cfg.Theory)
		if err != nil {
			return nil, err
		}
		rep.Theory = append(rep.Theory, r)
	}
	if len(cfg.BesleyValues) > 0 {
		say("docking: Besley's two-period model")
		if rep.Besley, err = Besley(ctx, cfg.Besley, cfg.BesleyValues, cfg.BesleyTrials, cfg.Seed, cfg.Workers); err != nil {
			return nil, err
		}
	}
	if len(cfg.Reforms) > 0 {
		say("the reforms against " + cfg.Baseline.Name)
		if rep.Reforms, err = Reforms(ctx, cfg.Baseline, cfg.Reforms, cfg.ReformMonths, cfg.ReformTrials, cfg.Seed, cfg.Workers); err != nil {
			return nil, err
		}
	}
	if len(cfg.Scale) > 0 {
		say("scale table")
		tab, err := Scale(ctx, cfg.Scale)
		if err != nil {
			return nil, err
		}
		rep.Scale = tab
	}
	if cfg.PeopleTrials > 0 {
		say(fmt.Sprintf("%s: where people go, Qantar (%d trials)", cfg.TimelineName, cfg.PeopleTrials))
		pr, err := People(ctx, cfg.Timeline, cfg.TimelineMonths, cfg.Seed, cfg.PeopleTrials, cfg.Workers)
		if err != nil {
			return nil, err
		}
		rep.People = pr
	}
	return rep, nil
}

// whyNot says, for each pattern, what in the model would need to change
// if the simulated value misses it.
var whyNot = map[string]string{
	"maslikhat_turnout_2016":         "turnout comes from the calculus of voting (civic duty scaled by legitimacy, habit, efficacy, cost); a miss in level points at civic_duty, voting_cost or habit",
	"maslikhat_turnout_2021":         "nothing in the model erodes maslikhat turnout between 2016 and 2021: efficacy learning moves with what the last vote achieved, legitimacy barely moves before 2022, and the party-list election of 2021 has no effect of its own on the calculus of voting; candidate supply (fewer real choices) and disillusion are mechanisms the model lacks",
	"maslikhat_turnout_2023":         "the Qantar legitimacy shock of 2022 does not carry into turnout: civic duty is scaled by legitimacy, but habit and efficacy hold turnout up; the real fall may owe to disillusion with the reforms and weaker mobilisation, which the model lacks",
	"turnout_change_2016_2021":       "see maslikhat_turnout_2021: the model has no mechanism that lowers turnout in these years",
	"turnout_change_2021_2023":       "see maslikhat_turnout_2023",
	"incumbent_reelected_2021_07":    "incumbent success depends on incumbent_advantage, valence_spread and retrospective voting (performance_weight x awareness)",
	"incumbent_reelected_2021_08":    "the July and August races differ in the model only by which units hold them; the observed rise suggests incumbents who stood later were stronger (or that weak ones were moved out first), which the model does not represent",
	"incumbent_gain_2021_07_08":      "see incumbent_reelected_2021_08",
	"ruling_party_winners_2021_07":   "the ruling-party share follows party_weight, manipulation and the candidate slate (the party fields a nominee where the incumbent is not a member)",
	"self_nominated_winners_2021_07": "self-nominated winners follow candidate entry (potential, fees, pressure) and the smaller parties' nomination rates",
	"elected_2021_08_12":             "after July 2021 akims are elected as their terms end, staggered as in the starting world, and after dismissals; the real calendar may have bunched terms differently",
	"elected_by_2024_09":             "the share follows the stagger of terms and dismissals; acting appointees and delayed elections are not in the model",
	"outside_apparatus_2021_24":      "the share of winners who are neither incumbents nor officials depends on incumbent success and on whether officials stand; officials' 60% claim conflicts with early results, so the target itself is uncertain",
	"independent_candidates_2023":    "candidate entry (citizen-candidate: chance of winning times office value against fee, campaign cost and pressure) sets how many independents stand; the 350,000 KZT fee and pressure weigh on them, while parties field one candidate per race",
	"budget_mean_2020":               "the mean budget is transfer_per_capita and the five tax rates times population; a miss means those levels are off",
	"budget_max_to_mean_2020":        "the largest budget follows the largest unit (max_unit_population) and the spread of unit sizes (population_sigma)",
	"budget_mean_to_min_2020":        "the smallest budget follows the smallest units (min_unit_population) and per-capita money; the model has no fixed cost floor per unit",
	"cannot_name_deputy_2016":        "awareness settles near initial_awareness plus civic-mindedness, pulled towards the neighbours' by social learning",
}

// Markdown renders the report as docs/VALIDATION.md.
func (r *Report) Markdown() []byte {
	c := r.Config
	var b bytes.Buffer
	b.WriteString("# Validation\n\n")
	fmt.Fprintf(&b, "Generated by `decentsim validate-model` (also `make validation`) on %s with decentsim %s; do not edit by hand. Every number below comes from the runs of that command.\n\n",
		c.Now.UTC().Format("2006-01-02"), c.Version)
	fmt.Fprintf(&b, "%s`%s` (SHA-256 of sim/testdata/regress.golden). A test fails when the model's golden results change and this report is not regenerated.\n\n", GoldenPrefix, c.GoldenHash)
	r.writePatterns(&b)
	b.WriteString("## Theory results\n\n")
	fmt.Fprintf(&b, "Known theory must show up as emergent behaviour. Each experiment runs the arms below on %s for %d months, %d trials per arm, seed %d; all arms share the seed and trial indices (common random numbers), so differences are tested with a paired t over trials. The same experiments, on a smaller world, are tests (`go test ./cmd/decentsim/internal/validate`).\n\n",
		c.TheoryName, c.Theory.Months, c.Theory.Trials, c.Theory.Seed)
	for _, t := range r.Theory {
		holds := "holds"
		if !t.Holds {
			holds = "does not hold"
		}
		fmt.Fprintf(&b, "### %s: %s\n\n", t.Name, holds)
		fmt.Fprintf(&b, "Claim (%s): %s. Measure: %s.\n\n", t.Source, t.Claim, t.Measure)
		b.WriteString("| arm | mean [95% CI] |\n|---|---:|\n")
		for _, a := range t.Arms {
			fmt.Fprintf(&b, "| %s | %s [%s, %s] |\n", a.Name, num(a.Stats.Mean), num(a.Stats.CILow), num(a.Stats.CIHigh))
		}
		b.WriteString("\n| check | difference | paired t | holds |\n|---|---:|---:|---|\n")
		for _, ch := range t.Checks {
			fmt.Fprintf(&b, "| %s | %s | %.2f | %s |\n", ch.What, num(ch.Diff), ch.T, yesNo(ch.Holds))
		}
		fmt.Fprintf(&b, "\nDecision rule: %s.\n\n", t.Decision)
	}
	if r.Scale != nil {
		r.Scale.Markdown(&b)
	}
	if r.People != nil {
		r.People.Markdown(&b, c.TimelineName, r.units(), c.PeopleChart)
	}
	writeBesley(&b, r.Besley, c.BesleyTrials, c.Seed)
	writeReforms(&b, r.Reforms, c.ReformMonths, c.ReformTrials, c.Seed, c.ReformScale)
	return b.Bytes()
}

// units is the timeline world's number of rural units.
func (r *Report) units() int {
	if n := len(r.Config.Timeline.Units); n > 0 {
		return n
	}
	return sim.SizeOf(r.Config.Timeline).Units
}

func backtick(ss []string) []string {
	out := make([]string, len(ss))
	sorted := append([]string(nil), ss...)
	sort.Strings(sorted)
	for i, s := range sorted {
		out[i] = "`" + s + "`"
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// num formats a value with four significant digits.
func num(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return fmt.Sprintf("%.4g", x)
}
