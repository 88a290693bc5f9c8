package validate

import (
	"context"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// TestTwinRecoversParameters is the twin experiment (identification):
// synthetic observations are simulated from known parameters in a small
// world, and ABC, given only those observations, must place each known
// value within its posterior 90% interval, an interval narrower than
// half its prior's, so that the test fails when the parameters are not
// identified by the patterns or the calibrator does not find them.
func TestTwinRecoversParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("the twin experiment runs the small timeline through five generations of ABC (some 10 s on 2 cores)")
	}
	t.Parallel()
	s := tinyTimeline(t)
	truth := map[string]float64{"participation.initial_awareness": 0.45, "behavior.civic_duty": 0.6}
	p := s.Params
	p.Events = append([]sim.Event(nil), s.Params.Events...)
	for k, v := range truth {
		if err := p.Set(k, sim.Float(v)); err != nil {
			t.Fatal(err)
		}
	}
	stats := []string{"cannot_name_deputy_2016", "maslikhat_turnout_2016"}
	obs, err := meanStats(context.Background(), &p, s.Months, 99, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	tgt := &Target{Trials: 1, Seed: 5, ABC: ABC{Particles: 16, Draws: 48, Generations: 5, MaxProposals: 32},
		Free: []Free{{"participation.initial_awareness", 0.1, 0.8}, {"behavior.civic_duty", 0, 2}}}
	for _, st := range stats {
		v := obs[st]
		tgt.Targets = append(tgt.Targets, Moment{Stat: st, Value: &v, Weight: 1})
	}
	res, err := CalibrateABC(context.Background(), &s.Params, s.Months, tgt, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, iv := range res.Intervals() {
		f := tgt.Free[k]
		want := truth[iv.Key]
		t.Logf("%s: true %.3g, posterior mean %.3g, 90%% interval [%.3g, %.3g]", iv.Key, want, iv.Mean, iv.P05, iv.P95)
		if want < iv.P05 || want > iv.P95 {
			t.Errorf("%s = %.3g lies outside its posterior 90%% interval [%.3g, %.3g]", iv.Key, want, iv.P05, iv.P95)
		}
		if iv.P95-iv.P05 > 0.5*(f.Hi-f.Lo) {
			t.Errorf("%s: posterior 90%% interval [%.3g, %.3g] is over half the prior's [%g, %g]: not identified", iv.Key, iv.P05, iv.P95, f.Lo, f.Hi)
		}
	}
}
