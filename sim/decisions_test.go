package sim

import (
	"math"
	"testing"

	"github.com/decentsim/decentsim/stats"
)

// Tests of the actors' decisions (akims.go, superior.go, deputies.go,
// candidates.go, elections.go): each shows a result its mechanism should
// produce, and that it vanishes when the mechanism's switch is off. The
// theory results at scale are in cmd/decentsim/internal/validate.

// expectNoChange fails if metric m differs between a and b beyond noise
// (paired |t| >= minT).
func expectNoChange(t *testing.T, a, b Params, m Metric, trials int) {
	t.Helper()
	x, y := finalYearN(t, a, m, 42, trials), finalYearN(t, b, m, 42, trials)
	d := stats.PairedT(x, y)
	t.Logf("%s: %.4g -> %.4g (paired difference %.3g, t = %.1f)", m, stats.Describe(x).Mean, stats.Describe(y).Mean, d.Diff, d.T)
	if math.Abs(d.T) >= minT {
		t.Errorf("%s moved by %.3g (paired t = %.1f) with the mechanism switched off; want no change", m, d.Diff, d.T)
	}
}

// TestTermLimitEndsDiscipline checks that rent-seeking akims who cannot
// be re-elected stop pooling: with a limit of one term every term is the
// last (Besley 2006).
func TestTermLimitEndsDiscipline(t *testing.T) {
	t.Parallel()
	free, limited := smallParams(), smallParams()
	for _, p := range []*Params{&free, &limited} {
		p.Behavior.OfficeValue = 3_000_000
	}
	limited.Institutions.TermLimit = 1
	expectIncrease(t, limited, free, DisciplinedShare)
	if got := stats.Describe(finalYear(t, limited, DisciplinedShare, 42)).Mean; got > 0.02 {
		t.Errorf("disciplined_share with a one-term limit = %.3g; want about 0 (nothing to keep office for)", got)
	}
}

// TestElectedAkimsServeResidentsOnlyWithoutDismissal checks that the
// residents' share of an elected akim's effort comes from who can remove
// it: raising the cost of dismissal raises it, and under appointment (no
// voters to please) the same change does not.
func TestElectedAkimsServeResidentsOnlyWithoutDismissal(t *testing.T) {
	t.Parallel()
	lo, hi := smallParams(), smallParams()
	hi.Institutions.ElectedDismissalCost = 0.5
	expectIncrease(t, lo, hi, DownwardOrientation)
	for _, p := range []*Params{&lo, &hi} {
		p.Institutions.Selection = "appointed"
	}
	expectNoChange(t, lo, hi, DownwardOrientation, behaviourTrials)
}

// TestDeputiesTiesRubberStamp checks that the maslikhat rubber-stamps the
// budget because its deputies' ties and party discipline cost them
// scrutiny: without those costs it amends.
func TestDeputiesTiesRubberStamp(t *testing.T) {
	t.Parallel()
	tied, free := smallParams(), smallParams()
	free.Deputies.TieCost, free.Deputies.PartyDiscipline = 0, 0
	expectIncreaseN(t, free, tied, RubberStampShare, 4*behaviourTrials)
}

// TestEfficacyLearningFollowsOverruledVotes checks that turnout falls
// further when residents learn that their votes are overruled (elected
// akims dismissed from above) than it does for the other reasons a
// dismissing superior lowers it (trust, legitimacy): the gap in turnout
// between a superior who cannot dismiss and one who dismisses freely is
// wider with efficacy learning than without.
func TestEfficacyLearningFollowsOverruledVotes(t *testing.T) {
	t.Parallel()
	base := smallParams()
	base.Institutions.TermMonths = 12 // votes often, so residents learn
	base.Behavior.VotingCost = 1      // turnout well below its ceiling, where efficacy tells
	base.Institutions.ElectedDismissalCost = 0
	base.Institutions.DismissalCost = 0
	gap := func(learning float64) []float64 {
		kept, overruled := base, base
		kept.Institutions.SuperiorCanDismiss = false
		kept.Behavior.EfficacyLearning, overruled.Behavior.EfficacyLearning = learning, learning
		k := finalYearN(t, kept, Turnout, 42, behaviourTrials)
		o := finalYearN(t, overruled, Turnout, 42, behaviourTrials)
		g := make([]float64, len(k))
		for i := range g {
			g[i] = k[i] - o[i]
		}
		return g
	}
	without, with := gap(0), gap(base.Behavior.EfficacyLearning)
	d := stats.PairedT(without, with)
	t.Logf("turnout lost to dismissals: %.4g without learning, %.4g with (difference %.3g, t = %.1f)",
		stats.Describe(without).Mean, stats.Describe(with).Mean, d.Diff, d.T)
	if !(d.Diff > 0) || d.T < minT {
		t.Errorf("turnout lost to dismissals %.4g with efficacy learning, %.4g without (t = %.1f); want more with, t >= %v",
			stats.Describe(with).Mean, stats.Describe(without).Mean, d.T, minT)
	}
}
