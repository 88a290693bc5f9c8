package sim

import (
	"context"
	"testing"

	"github.com/decentsim/decentsim/stats"
)

// Behavioural tests: each compares two settings over many trials with fixed
// seeds and fails if the mechanism behind the expected difference is
// removed. Both settings run the same seed and trial indices, so trial k of
// each starts from the same world (common random numbers) and the
// per-trial differences are paired. A difference counts when it has the
// expected sign and is at least minT standard errors from zero (paired t).
const (
	behaviourTrials = 8
	behaviourMonths = 48
	minT            = 3.0
)

// finalYear returns, per trial, the mean of metric m over the last 12
// months of a run of p.
func finalYear(t *testing.T, p Params, m Metric, seed uint64) []float64 {
	return finalYearN(t, p, m, seed, behaviourTrials)
}

func finalYearN(t *testing.T, p Params, m Metric, seed uint64, trials int) []float64 {
	t.Helper()
	var out []float64
	err := Run(context.Background(), &p, RunConfig{Months: behaviourMonths, Seed: seed, Trials: TrialList(trials)},
		func(r *TrialResult) error {
			var mean stats.Mean
			for _, rec := range r.Months[len(r.Months)-12:] {
				mean.Add(rec[m])
			}
			out = append(out, mean.Value())
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// expectIncrease fails unless metric m is higher under hi than under lo.
func expectIncrease(t *testing.T, lo, hi Params, m Metric) {
	t.Helper()
	expectIncreaseN(t, lo, hi, m, behaviourTrials)
}

func expectIncreaseN(t *testing.T, lo, hi Params, m Metric, trials int) {
	t.Helper()
	x, y := finalYearN(t, lo, m, 42, trials), finalYearN(t, hi, m, 42, trials)
	a, b := stats.Describe(x).Mean, stats.Describe(y).Mean
	d := stats.PairedT(x, y)
	t.Logf("%s: %.4g -> %.4g (paired difference %.3g, 95%% CI [%.3g, %.3g], t = %.1f)", m, a, b, d.Diff, d.CILow, d.CIHigh, d.T)
	if !(d.Diff > 0) || d.T < minT {
		t.Errorf("%s = %.4g then %.4g (paired t = %.1f); want an increase with t >= %v", m, a, b, d.T, minT)
	}
}

// TestMechanismsRaiseMetrics compares, for each mechanism, a setting lo
// with a setting hi under which the metric must be higher.
func TestMechanismsRaiseMetrics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lo, hi func(p *Params)
		metric Metric
		trials int
	}{
		{"DirectElectionRaisesDownwardOrientation",
			func(p *Params) { p.Institutions.Selection = "appointed" },
			func(p *Params) { p.Institutions.Selection = "direct" },
			DownwardOrientation, behaviourTrials},
		{"NoDismissalRaisesDownwardOrientation",
			func(p *Params) {},
			func(p *Params) { p.Institutions.SuperiorCanDismiss = false },
			DownwardOrientation, behaviourTrials},
		// Under strong patronage the Gini swings with how many independents
		// (cut off by funding threats) a trial elects: more trials.
		{"PatronageRaisesBudgetGini",
			func(p *Params) { p.Fiscal.PatronageWeight = 0 },
			func(p *Params) { p.Fiscal.PatronageWeight = 0.9 },
			BudgetGini, 3 * behaviourTrials},
		// Hardship shifted by 0.25: enough grievance for unrest to matter.
		// A twelfth of the police, as 5 against 60 per 1,000 before the
		// arrest constant took up the real density (4.45, k = 15.5).
		{"PoliceLowersUnrest",
			func(p *Params) { p.Behavior.HardshipShift, p.Unrest.PolicePer1000 = 0.25, 9 },
			func(p *Params) { p.Behavior.HardshipShift, p.Unrest.PolicePer1000 = 0.25, 0.75 },
			UnrestActive, behaviourTrials},
		{"TransparencyLowersLeakage",
			func(p *Params) { p.Oversight.Transparency = 0.9 },
			func(p *Params) { p.Oversight.Transparency = 0 },
			LeakageShare, behaviourTrials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lo, hi := smallParams(), smallParams()
			tt.lo(&lo)
			tt.hi(&hi)
			expectIncreaseN(t, lo, hi, tt.metric, tt.trials)
		})
	}
}

// TestFeesAndPressureLowerIndependentWinners counts, per trial, the share
// of all akim elections of the run won by independents (the final-year
// metric holds too few elections in a small world).
func TestFeesAndPressureLowerIndependentWinners(t *testing.T) {
	t.Parallel()
	share := func(p Params) []float64 {
		var out []float64
		err := Run(context.Background(), &p, RunConfig{Months: behaviourMonths, Seed: 42, Trials: TrialList(behaviourTrials)},
			func(r *TrialResult) error {
				n, ind := 0.0, 0.0
				for _, e := range r.Elections {
					if e.Kind == AkimElection {
						n++
						if e.WinnerOrigin == Independent {
							ind++
						}
					}
				}
				out = append(out, ind/n)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	lo, hi := smallParams(), smallParams()
	hi.Institutions.AkimFee, hi.Institutions.Pressure = 0, 0
	lo.Institutions.AkimFee, lo.Institutions.Pressure = 1_000_000, 0.8
	x, y := share(lo), share(hi)
	a, b := stats.Describe(x).Mean, stats.Describe(y).Mean
	w := stats.WelchT(x, y)
	t.Logf("independent winners' share: %.3g with fee and pressure, %.3g without (difference %.3g ± %.2g, Welch t = %.1f)", a, b, w.Diff, w.SE, w.T)
	if !(w.Diff > 0) || w.T < minT {
		t.Errorf("independent winners' share %.3g with fee and pressure, %.3g without (Welch t = %.1f); want higher without, t >= %v", a, b, w.T, minT)
	}
}

// TestOutmigrationFromBadlyServedUnits checks voting with the feet within
// trials: units in the worst service quartile lose a larger share of their
// residents than units in the best.
func TestOutmigrationFromBadlyServedUnits(t *testing.T) {
	t.Parallel()
	p := smallParams()
	var diffs []float64
	// Twice the usual trials: the effect is a few tenths of a per mille a
	// month, and eight trials leave it near the bar of minT.
	for trial := 0; trial < 2*behaviourTrials; trial++ {
		w := newTestWorld(t, &p, TrialSeed(9, trial))
		n := len(w.Units)
		left := make([]float64, n)
		lived := make([]float64, n)
		quality := make([]float64, n)
		for m := 0; m < behaviourMonths; m++ {
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
			for i := range w.Units {
				u := &w.Units[i]
				left[i] += float64(u.Leavers)
				lived[i] += float64(u.Pop + u.Leavers)
				quality[i] += u.Quality
			}
		}
		worst, best := quartileRates(quality, left, lived)
		diffs = append(diffs, worst-best)
	}
	d := stats.Describe(diffs)
	t.Logf("out-migration rate worst minus best quartile: %.3g per month, 95%% CI [%.3g, %.3g]", d.Mean, d.CILow, d.CIHigh)
	if d.Mean <= 0 || d.T() < minT {
		t.Errorf("worst-served quartile out-migration minus best = %.3g (t = %.1f); want > 0 with t >= %v", d.Mean, d.T(), minT)
	}
}

// quartileRates returns Σnum/Σden over the units in the lowest and in the
// highest quarter by key.
func quartileRates(key, num, den []float64) (lowest, highest float64) {
	n := len(key)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sortBy(order, key)
	rate := func(idx []int) float64 {
		a, b := 0.0, 0.0
		for _, i := range idx {
			a, b = a+num[i], b+den[i]
		}
		return a / b
	}
	q := n / 4
	return rate(order[:q]), rate(order[n-q:])
}

func sortBy(idx []int, key []float64) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && key[idx[j]] < key[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
