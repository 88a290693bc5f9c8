package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// finish checks what can only be checked on the whole scenario (events
// within the horizon, settings that contradict each other, at the start
// and after each month's events) and assembles the result.
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

	p := sc.Params
	seen := map[string]bool{}
	for _, c := range contradictions(&p) {
		seen[c.id] = true
		at, key := b.blame(c)
		l.fail(at, key, c.msg, c.hint)
	}
	for i := 0; i < len(events); {
		month := events[i].ev.Month
		j := i
		for ; j < len(events) && events[j].ev.Month == month; j++ {
			e := events[j].ev
			for _, k := range sortedKeys(e.Set) {
				_ = p.Set(k, e.Set[k]) // checked when loaded
			}
			// As the engine does (sim/events.go): shocks shift for good.
			p.Behavior.HardshipShift += e.Hardship
			p.Behavior.LegitimacyShift += e.Legitimacy
		}
		group := events[i:j]
		for _, c := range contradictions(&p) {
			if seen[c.id] {
				continue
			}
			seen[c.id] = true
			at, key := blameEvent(group, c)
			l.fail(at, key, fmt.Sprintf("from month %d: %s", month, c.msg), c.hint)
		}
		for _, sh := range shifts {
			x, _ := p.Get(sh.key)
			xf, isFloat := x.(float64)
			k := paramSchema().keys[sh.key]
			if seen[sh.key] || !isFloat || k.CheckRange(xf) == nil {
				continue
			}
			seen[sh.key] = true
			at, key := blameShift(group, sh.event, sh.key)
			l.fail(at, key, fmt.Sprintf("from month %d: the shocks so far add up to %s = %s, out of range [%s, %s]",
				month, sh.key, formatNumber(x), bound(k.Min), bound(k.Max)),
				"an event's "+sh.event+" adds to "+sh.key+" for good; undo an earlier shock with a later one of opposite sign")
		}
		i = j
	}

	if len(events) > 0 {
		sc.Params.Events = make([]sim.Event, len(events))
		for i, e := range events {
			sc.Params.Events[i] = e.ev
		}
	}
	return &sc
}

// contradiction is a combination of settings that cannot hold together.
type contradiction struct {
	id         string // names the rule, so it is reported once
	key, other string // the two keys involved, the first to blame by default
	msg, hint  string
}

// contradictions lists the settings of p that contradict each other.
func contradictions(p *sim.Params) []contradiction {
	var cs []contradiction
	in, w, fi := p.Institutions, p.World, p.Fiscal
	if in.Recall && in.Selection != "direct" {
		cs = append(cs, contradiction{"recall", "institutions.recall", "institutions.selection",
			fmt.Sprintf("recall = true but selection = %q", in.Selection),
			`residents can only recall an akim they elected: set selection = "direct" or recall = false`})
	}
	if w.MinUnitPopulation > w.MaxUnitPopulation {
		cs = append(cs, contradiction{"unit-size", "world.min_unit_population", "world.max_unit_population",
			fmt.Sprintf("min_unit_population (%d) is larger than max_unit_population (%d)", w.MinUnitPopulation, w.MaxUnitPopulation),
			"make min_unit_population at most max_unit_population"})
	}
	units := int64(w.Towns) + int64(w.RuralDistricts) + int64(w.Villages) + int64(w.Settlements)
	pop, lo, hi := int64(w.Population), units*int64(w.MinUnitPopulation), units*int64(w.MaxUnitPopulation)
	switch {
	case units == 0:
		cs = append(cs, contradiction{"no-units", "world.rural_districts", "world.towns",
			"the world has no rural units: towns, rural_districts, villages and settlements are all 0",
			"give at least one of them a positive count"})
	case w.MinUnitPopulation <= w.MaxUnitPopulation && pop < lo:
		cs = append(cs, contradiction{"population", "world.population", "world.min_unit_population",
			fmt.Sprintf("population %d cannot fill %d units of at least min_unit_population = %d residents", pop, units, w.MinUnitPopulation),
			fmt.Sprintf("raise population to at least %d, or lower min_unit_population or the number of units", lo)})
	case w.MinUnitPopulation <= w.MaxUnitPopulation && pop > hi:
		cs = append(cs, contradiction{"population", "world.population", "world.max_unit_population",
			fmt.Sprintf("population %d does not fit in %d units of at most max_unit_population = %d residents", pop, units, w.MaxUnitPopulation),
			fmt.Sprintf("lower population to at most %d, or raise max_unit_population or the number of units", hi)})
	}
	if fi.OwnBudget && fi.OwnBudgetMinPopulation > w.MaxUnitPopulation {
		cs = append(cs, contradiction{"own-budget", "fiscal.own_budget_min_population", "fiscal.own_budget",
			fmt.Sprintf("own_budget = true but own_budget_min_population (%d) is above max_unit_population (%d), so no unit has its own budget",
				fi.OwnBudgetMinPopulation, w.MaxUnitPopulation),
			"lower own_budget_min_population, or set own_budget = false"})
	}
	if cl := p.Classic; cl.CitizenDensity+cl.CopDensity > 1+1e-9 {
		cs = append(cs, contradiction{"classic-density", "classic.cop_density", "classic.citizen_density",
			fmt.Sprintf("citizen_density + cop_density = %.4g, more than every cell", cl.CitizenDensity+cl.CopDensity),
			"make the two densities add up to at most 1"})
	}
	if s := w.HigherEducationShare + w.VocationalShare; s > 1+1e-9 {
		cs = append(cs, contradiction{"education", "world.vocational_share", "world.higher_education_share",
			fmt.Sprintf("higher_education_share + vocational_share = %.4g, more than all adults", s),
			"make the two shares add up to at most 1"})
	}
	return cs
}

// blame returns where to report c: at the more recently set of its two
// keys (the first if both were set in the same file), or at the top of the
// scenario's file if neither was set.
func (b *build) blame(c contradiction) (loc, string) {
	at, ok := b.where[c.key]
	key := c.key
	if o, ok2 := b.where[c.other]; ok2 && (!ok || o.layer > at.layer) {
		at, key = o, c.other
	}
	if !ok && at.file == "" {
		at = loc{file: b.sc.Source}
	}
	return at, key
}

// blameEvent returns where to report c, which the events of one month
// brought about: at the last of them that set one of its keys.
func blameEvent(events []eventSrc, c contradiction) (loc, string) {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		for _, k := range []string{c.key, c.other} {
			if _, ok := e.ev.Set[k]; ok {
				return e.keys["set."+k], e.name + ".set." + k
			}
		}
	}
	last := events[len(events)-1]
	return last.at, last.name
}

// shifts are the parameters that events' one-off shocks add to.
var shifts = []struct{ event, key string }{
	{"hardship", "behavior.hardship_shift"},
	{"legitimacy", "behavior.legitimacy_shift"},
}

// blameShift returns where to report a shift pushed out of range by the
// events of one month: the last of them with that shock, or that set it.
func blameShift(events []eventSrc, field, key string) (loc, string) {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if at, ok := e.keys[field]; ok {
			return at, e.name + "." + field
		}
		if at, ok := e.keys["set."+key]; ok {
			return at, e.name + ".set." + key
		}
	}
	last := events[len(events)-1]
	return last.at, last.name
}
