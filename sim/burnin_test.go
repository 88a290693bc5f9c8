package sim

import (
	"context"
	"fmt"
	"testing"
)

// TestBurnInReuse checks that running a scenario from a burn-in shared
// with another (BurnIn, BurnedIn.Run) gives its trial byte for byte, the
// copy (keep) and the world itself alike, and that SameBurnIn tells
// which scenarios may share one.
func TestBurnInReuse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := tinyParams()
	p.World.BurnInMonths = 14
	q := p
	q.Events = []Event{
		{Month: 3, Hardship: 0.3, Set: map[string]Value{"institutions.selection": Word("appointed")}},
		{Month: 5, AkimElections: true},
	}
	other := p
	other.Behavior.TrustRate *= 1.5
	switch {
	case !SameBurnIn(&p, &q):
		t.Fatal("SameBurnIn = false for scenarios that differ only by events")
	case SameBurnIn(&p, &other):
		t.Fatal("SameBurnIn = true for scenarios with different trust rates")
	}
	const months, seed, trial = 30, 7, 2
	want := map[string]string{}
	for name, ps := range map[string]*Params{"p": &p, "q": &q} {
		res, err := RunTrial(ctx, ps, months, seed, trial)
		if err != nil {
			t.Fatal(err)
		}
		want[name] = fmt.Sprintf("%v", *res)
	}
	if want["p"] == want["q"] {
		t.Fatal("the event changed nothing; the test would not see a wrong world")
	}
	b, err := BurnIn(ctx, &p, seed, trial, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		name string
		ps   *Params
		keep bool
	}{{"q", &q, true}, {"p", &p, true}, {"q", &q, false}} {
		res, err := b.Run(ctx, run.ps, months, &TrialOptions{Workers: 1 + len(run.name)%2}, run.keep)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%v", *res); got != want[run.name] {
			t.Errorf("scenario %s from the shared burn-in (keep %v) differs from its own trial", run.name, run.keep)
		}
	}
}
