package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// finish checks the resolved scenario: its events against its months
// here, everything else with sim's Params.Validate, whose problems it
// places at the file and line that set what they blame. It assembles the
// result.
func (l *loader) finish(b *build) *Scenario {
	sc := b.sc
	// Months cut short from the command line are one problem, blamed on
	// the flag, however many events lie beyond them.
	if at, ok := b.where[keyMeta+".months"]; ok && at.line == 0 {
		last := 0
		for _, e := range append(slices.Clip(b.events), b.invalidEvents...) {
			last = max(last, e.ev.Month)
		}
		if last > sc.Months {
			hint := fmt.Sprintf("set meta.months=%d or more: the scenario's events run to month %d", last, last)
			if strings.HasPrefix(at.file, "--") && at.file != overrideFile {
				hint = fmt.Sprintf("give %s %d or more: the scenario's events run to month %d", at.file, last, last)
			}
			l.fail(at, keyMeta+".months", fmt.Sprintf("%d months end before the scenario's last event, in month %d", sc.Months, last), hint)
			return nil
		}
	}
	for _, e := range append(slices.Clip(b.events), b.invalidEvents...) {
		if e.ev.Month > sc.Months {
			at, ok := e.keys["month"]
			if !ok {
				at = e.at
			}
			l.fail(at, e.name+".month", fmt.Sprintf("month %d is beyond the scenario's %d months", e.ev.Month, sc.Months),
				fmt.Sprintf("use a month from 1 to %d, or raise meta.months to at least %d", sc.Months, e.ev.Month))
		}
	}
	events := slices.Clone(b.events)
	slices.SortStableFunc(events, func(a, b eventSrc) int { return cmp.Compare(a.ev.Month, b.ev.Month) })
	if len(events) > 0 {
		sc.Params.Events = make([]sim.Event, len(events))
		for i, e := range events {
			sc.Params.Events[i] = e.ev
		}
	}
	var ps sim.Problems
	if errors.As(sc.Params.Validate(), &ps) {
		for _, pr := range ps {
			at, key := b.blame(pr, events)
			l.fail(at, key, pr.Msg, pr.Hint)
		}
	}
	return &sc
}

// blame returns where to report pr and under which key. An event's
// problem is reported at the part of the event it blames. Any other is
// reported at the most recently set of its keys (the first if several
// were set in the same file), or at the top of the scenario's file if
// none was set.
func (b *build) blame(pr *sim.Problem, events []eventSrc) (loc, string) {
	if pr.Event != sim.NoEvent {
		e := events[pr.Event]
		if pr.Field == "" {
			return e.at, e.name
		}
		at, ok := e.keys[pr.Field]
		if !ok {
			at = e.at
		}
		return at, e.name + "." + pr.Field
	}
	var at loc
	key, set := pr.Where(), false
	for _, k := range pr.Keys {
		if o, ok := b.where[k]; ok && (!set || o.layer > at.layer) {
			at, key, set = o, k, true
		}
	}
	if !set {
		at = loc{file: b.sc.Source}
	}
	return at, key
}

// wordHint returns hint, led by a "did you mean" if v is a word that the
// key name does not admit and one of the key's words is close to it.
func wordHint(name string, v sim.Value, hint string) string {
	k, ok := sim.KeyByName(name)
	w, isWord := v.Any().(string)
	if !ok || !isWord || len(k.Enum) == 0 || slices.Contains(k.Enum, w) {
		return hint
	}
	if c := closest(w, k.Enum); c != "" {
		return fmt.Sprintf("did you mean %q? %s", c, hint)
	}
	return hint
}
