package validate

import (
	"context"
	"math"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/stats"
)

// TestBesleyDocking checks that, in the two-period setting of Besley's
// (2006) model, the share of rent-seeking akims who pool and the share of
// congruent akims after the election match the analytic equilibrium
// within trial noise, across office values from no discipline to nearly
// full pooling.
func TestBesleyDocking(t *testing.T) {
	t.Parallel()
	sc, err := scenarios.Resolve("besley_two_period", nil)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := Besley(context.Background(), sc.Params, []float64{0, 300000, 1000000, 3000000}, 12, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range pts {
		for _, c := range []struct {
			what   string
			engine stats.Summary
			gap    stats.Paired
		}{{"pooling share", pt.Pool, pt.PoolGap}, {"congruent share after the election", pt.Congruent, pt.CongruentGap}} {
			t.Logf("office value %g: %s engine %.4f, engine - theory %.4f (paired t = %.2f)", pt.OfficeValue, c.what, c.engine.Mean, c.gap.Diff, c.gap.T)
			if math.Abs(c.gap.T) >= dockingT {
				t.Errorf("office value %g: %s engine - theory = %.4f (paired t = %.2f); want |t| < %v", pt.OfficeValue, c.what, c.gap.Diff, c.gap.T, dockingT)
			}
		}
	}
}

// TestBesleyDockingAblation checks that the discipline the docking shows
// comes from voters learning of exposed rent: with no scandal, exposure
// changes nothing and rent-seekers no longer pool.
func TestBesleyDockingAblation(t *testing.T) {
	t.Parallel()
	sc, err := scenarios.Resolve("besley_two_period", []string{"behavior.scandal=0"})
	if err != nil {
		t.Fatal(err)
	}
	pts, err := Besley(context.Background(), sc.Params, []float64{1000000}, 6, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := pts[0].Pool.Mean; got > 0.05 {
		t.Errorf("pooling share with no scandal = %.3f; want about 0 (the mechanism removed)", got)
	}
}
