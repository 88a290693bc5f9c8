package validate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/stats"
)

// TestPatternCounts checks the counts of the pattern table: every
// pattern once, fitted values from the target and the hand-tuned list,
// and in- and out-of-sample rows told apart.
func TestPatternCounts(t *testing.T) {
	t.Parallel()
	tgt, err := ReadTarget("../../../../docs/calibration/kz_reform_timeline.toml")
	if err != nil {
		t.Fatal(err)
	}
	r := &Report{Config: ReportConfig{Target: tgt}}
	tuned := tunedBy(tgt)
	for _, p := range Patterns {
		r.Rows = append(r.Rows, PatternRow{Pattern: p, Stats: stats.Describe([]float64{p.Target, p.Target}), Within: p.InSample, Tuned: tuned[p.Stat]})
	}
	c := r.Counts()
	if c.Patterns != len(Patterns) || c.InSample+c.OutSample != c.Patterns || c.InWithin != c.InSample || c.OutWithin != 0 {
		t.Errorf("counts %+v do not add up", c)
	}
	if c.Patterns < 2*(c.Calibrated+c.ByHand) {
		t.Errorf("%d patterns for %d fitted values; want at least twice as many (Grimm et al. 2005)", c.Patterns, c.Calibrated+c.ByHand)
	}
	for _, row := range r.Rows {
		if !row.InSample && len(row.Tuned) > 0 {
			t.Errorf("%s is out of sample but has fitted values %v", row.Stat, row.Tuned)
		}
	}
	var b bytes.Buffer
	r.writePatterns(&b)
	for _, want := range []string{"**Counts.**", "out-of-sample |", "### Tuned values", "unrest.k (15.5)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the pattern section lacks %q", want)
		}
	}
}

func TestToleranceRule(t *testing.T) {
	t.Parallel()
	share := Pattern{Target: 0.5, Kind: Share}
	if !share.Within(0.57) || share.Within(0.58) {
		t.Errorf("share 0.5: 0.57 within %v, 0.58 within %v; want yes, no (log-odds ±0.3)", share.Within(0.57), share.Within(0.58))
	}
	amount := Pattern{Target: 100, Kind: Amount}
	if !amount.Within(149) || amount.Within(151) || !amount.Within(67) || amount.Within(66) {
		t.Error("amount 100: want within a factor of 1.5")
	}
	change := Pattern{Target: -0.1, Kind: Change}
	if !change.Within(-0.06) || change.Within(0.01) || change.Within(-0.16) {
		t.Error("change -0.1: want the sign and within half its size")
	}
}
