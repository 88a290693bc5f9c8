package sim

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// ProblemKind says what sort of problem a Problem is.
type ProblemKind uint8

// The kinds of problem.
const (
	// BadValue is a value a key does not admit: of the wrong kind, not
	// finite, not whole, out of range or not one of its words; or, from
	// some month on, a shift that events' shocks push out of range.
	BadValue ProblemKind = iota + 1
	// UnknownKey is a name that is no parameter.
	UnknownKey
	// FixedKey is an event changing a parameter that is fixed for the run.
	FixedKey
	// Contradiction is settings that cannot hold together.
	Contradiction
)

var problemKinds = [...]string{BadValue: "bad value", UnknownKey: "unknown key", FixedKey: "fixed key", Contradiction: "contradiction"}

// String names the kind, such as "bad value".
func (k ProblemKind) String() string {
	if int(k) < len(problemKinds) && problemKinds[k] != "" {
		return problemKinds[k]
	}
	return fmt.Sprintf("ProblemKind(%d)", k)
}

// NoEvent is a Problem's Event when no event is to blame.
const NoEvent = -1

// Problem is one thing wrong with a Params. It prints as
//
//	sim: where: msg (hint: hint)
//
// where where is Where's answer.
type Problem struct {
	Kind ProblemKind
	// Keys are the parameters involved, "section.key"; for a
	// contradiction, the one to blame if there is no other reason first.
	Keys []string
	// Event is the index in Params.Events of the event to blame, or
	// NoEvent.
	Event int
	// Field is the event's part to blame: "month", "hardship",
	// "legitimacy" or "set." and a key; "" for the event as a whole.
	Field string
	// Month is the month of the event to blame, from which the problem
	// holds if the events bring it about; 0 if no event is to blame.
	Month int
	// Msg says what is wrong, in lower case without a final period.
	Msg string
	// Hint says what to do about it.
	Hint string
}

// Where names what p is about: "events[2].set.fiscal.own_budget",
// "events[2]" or its first key.
func (p *Problem) Where() string {
	switch {
	case p.Event != NoEvent && p.Field != "":
		return fmt.Sprintf("events[%d].%s", p.Event, p.Field)
	case p.Event != NoEvent:
		return fmt.Sprintf("events[%d]", p.Event)
	case len(p.Keys) > 0:
		return p.Keys[0]
	}
	return "parameters"
}

// Error formats the problem as sim: where: msg (hint: hint).
func (p *Problem) Error() string {
	s := "sim: " + p.Where() + ": " + p.Msg
	if p.Hint != "" {
		s += " (hint: " + p.Hint + ")"
	}
	return s
}

// Problems is every problem Params.Validate found, in a fixed order: the
// values, the events on their own, the contradictions at the start, then
// what the events bring about month by month.
type Problems []*Problem

// Error prints the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func (ps Problems) Unwrap() []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

// Validate checks p as the engine will use it and returns every problem
// as Problems, or nil: every value against its key (Key.Check); each
// event's month, shocks and changes (known keys, admissible values, none
// fixed for the run); settings that contradict each other; and,
// replaying the events month by month as the engine applies them
// (changes, then shocks, which add up for good), the contradictions and
// out-of-range shifts they bring about. An event with a problem of its
// own is left out of the replay, and each contradiction or shift is
// reported once, from the month it first appears.
//
// The engine (NewWorld, NewClassicWorld and the Run functions) refuses a
// Params whose values or events have problems of their own; settings that
// contradict each other it can run, so catching them is Validate's.
func (p *Params) Validate() error {
	v := validator{seen: map[string]bool{}}
	bad := v.own(p)
	v.contradictions(p, 0, nil)
	v.replay(p, bad)
	return v.result()
}

// checkOwn returns the problems of p's values and of its events on their
// own, as Problems, or nil: what the engine cannot run.
func (p *Params) checkOwn() error {
	v := validator{seen: map[string]bool{}}
	v.own(p)
	return v.result()
}

// validator collects the problems of one Params.
type validator struct {
	problems Problems
	// seen holds the keys and contradictions already reported, so each
	// is reported once.
	seen map[string]bool
}

func (v *validator) add(pr *Problem) { v.problems = append(v.problems, pr) }

// result returns the problems found as Problems, or nil if there are none.
func (v *validator) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	return v.problems
}

// own checks every value and every event on its own, and returns which
// events have a problem.
func (v *validator) own(p *Params) []bool {
	v.values(p)
	v.parties(p)
	return v.events(p)
}

// parties checks the party list: at least one party (the first is the
// ruling party), names present and distinct, nomination probabilities in
// [0, 1] and appeals in [-10, 10].
func (v *validator) parties(p *Params) {
	bad := func(key, msg, hint string) {
		v.add(&Problem{Kind: BadValue, Keys: []string{key}, Event: NoEvent, Msg: msg, Hint: hint})
	}
	if len(p.Parties) == 0 {
		bad("parties", "no parties: the first [[parties]] table is the ruling party, and there must be one",
			"add a [[parties]] table with name, nominate and appeal, the ruling party first")
		return
	}
	seen := map[string]bool{}
	for i, pa := range p.Parties {
		at := fmt.Sprintf("parties[%d]", i)
		switch {
		case pa.Name == "":
			bad(at+".name", "a party needs a name", "give it name = \"...\" as it should appear in elections.csv")
		case pa.Name == "self-nominated":
			bad(at+".name", `"self-nominated" is how candidates without a party are written`, "give the party another name")
		case seen[pa.Name]:
			bad(at+".name", fmt.Sprintf("party %q is listed twice", pa.Name), "give each party one table")
		}
		seen[pa.Name] = true
		if !(pa.Nominate >= 0 && pa.Nominate <= 1) {
			bad(at+".nominate", fmt.Sprintf("%v is out of range [0, 1]", pa.Nominate), "nominate is a probability")
		}
		if !(pa.Appeal >= -10 && pa.Appeal <= 10) {
			bad(at+".appeal", fmt.Sprintf("%v is out of range [-10, 10]", pa.Appeal), "appeal is a valence in utility units")
		}
	}
	if len(p.Parties) > 127 {
		bad("parties", fmt.Sprintf("%d parties; at most 127", len(p.Parties)), "list fewer parties")
	}
}

// values checks every parameter's value against its key.
func (v *validator) values(p *Params) {
	t := allKeys()
	pv := reflect.ValueOf(p).Elem()
	for i, k := range t.declared {
		at := t.path[i]
		if _, err := k.Check(valueOf(pv.Field(at[0]).Field(at[1]))); err != nil {
			v.seen[k.Name] = true
			v.add(err.(*Problem))
		}
	}
}

// events checks each event on its own and returns which have a problem.
func (v *validator) events(p *Params) []bool {
	bad := make([]bool, len(p.Events))
	ek := map[string]Key{}
	for _, k := range EventKeys() {
		ek[k.Name] = k
	}
	for i, e := range p.Events {
		fail := func(pr *Problem, field string) {
			pr.Event, pr.Field, pr.Month = i, field, e.Month
			v.add(pr)
			bad[i] = true
		}
		for _, f := range []struct {
			name string
			x    Value
		}{{"month", Int(e.Month)}, {"hardship", Float(e.Hardship)}, {"legitimacy", Float(e.Legitimacy)}, {"akim_elections_share", Float(e.AkimElectionsShare)}} {
			if _, err := ek[f.name].Check(f.x); err != nil {
				pr := err.(*Problem)
				pr.Keys = nil
				fail(pr, f.name)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(e.Set)) {
			k, ok := KeyByName(name)
			if !ok {
				fail(unknownKey(name), "set."+name)
				continue
			}
			err := k.CheckChange()
			if err == nil {
				_, err = k.Check(e.Set[name])
			}
			if err != nil {
				fail(err.(*Problem), "set."+name)
			}
		}
	}
	return bad
}

// replay applies the events without a problem (bad) to a copy of p
// month by month, as the engine does (applyEvents), and checks what each
// month's events bring about.
func (v *validator) replay(p *Params, bad []bool) {
	q := *p
	q.Events = nil
	var index []int // index[j] is the index of q.Events[j] in p.Events
	for i, e := range p.Events {
		if !bad[i] {
			q.Events = append(q.Events, e)
			index = append(index, i)
		}
	}
	var months []int
	for _, e := range q.Events {
		months = append(months, e.Month)
	}
	slices.Sort(months)
	for _, month := range slices.Compact(months) {
		_, _, _ = q.applyEvents(month) // cannot fail: the events are checked
		var group []int
		for j, e := range q.Events {
			if e.Month == month {
				group = append(group, index[j])
			}
		}
		v.contradictions(&q, month, group)
		v.shifts(&q, p.Events, month, group)
	}
}

// contradictions reports the contradictions of p not reported before:
// from the start if month is 0, else from month, brought about by the
// events group (indices in Params.Events).
func (v *validator) contradictions(p *Params, month int, group []int) {
	for _, c := range contradictions(p) {
		if v.seen[c.id] {
			continue
		}
		v.seen[c.id] = true
		if month == 0 && (v.seen[c.key] || v.seen[c.other]) {
			continue // a value out of range is reported already
		}
		pr := &Problem{Kind: Contradiction, Keys: []string{c.key, c.other}, Event: NoEvent, Msg: c.msg, Hint: c.hint}
		if month > 0 {
			pr.Month, pr.Msg = month, fmt.Sprintf("from month %d: %s", month, c.msg)
			pr.Event, pr.Field = blameEvent(p.Events, group, c.key, c.other)
		}
		v.add(pr)
	}
}

// shifts are the parameters that events' one-off shocks add to.
var shifts = []struct{ event, key string }{
	{"hardship", "behavior.hardship_shift"},
	{"legitimacy", "behavior.legitimacy_shift"},
}

// shifts reports the shifts the events group of month pushed out of range.
func (v *validator) shifts(p *Params, events []Event, month int, group []int) {
	for _, sh := range shifts {
		k, _ := KeyByName(sh.key)
		x, _ := p.Get(sh.key)
		if v.seen[sh.key] || k.CheckRange(x.(float64)) == nil {
			continue
		}
		v.seen[sh.key] = true
		pr := &Problem{Kind: BadValue, Keys: []string{sh.key}, Month: month,
			Msg: fmt.Sprintf("from month %d: the shocks so far add up to %s = %s, out of range [%s, %s]",
				month, sh.key, formatNumber(x.(float64)), formatBound(k.Min), formatBound(k.Max)),
			Hint: "an event's " + sh.event + " adds to " + sh.key + " for good; undo an earlier shock with a later one of opposite sign"}
		pr.Event, pr.Field = blameShift(events, group, sh.event, sh.key)
		v.add(pr)
	}
}

// blameEvent returns the event of group to blame for a contradiction of
// key and other: the last that set one of them, or else the last.
func blameEvent(events []Event, group []int, key, other string) (int, string) {
	for _, i := range slices.Backward(group) {
		for _, k := range []string{key, other} {
			if _, ok := events[i].Set[k]; ok {
				return i, "set." + k
			}
		}
	}
	return group[len(group)-1], ""
}

// blameShift returns the event of group to blame for the shift key pushed
// out of range: the last with that shock (field) or that set it, or else
// the last.
func blameShift(events []Event, group []int, field, key string) (int, string) {
	for _, i := range slices.Backward(group) {
		e := &events[i]
		shock := e.Hardship
		if field == "legitimacy" {
			shock = e.Legitimacy
		}
		if shock != 0 {
			return i, field
		}
		if _, ok := e.Set[key]; ok {
			return i, "set." + key
		}
	}
	return group[len(group)-1], ""
}

// contradiction is a combination of settings that cannot hold together.
type contradiction struct {
	id         string // names the rule, so it is reported once
	key, other string // the two keys involved, the first to blame by default
	msg, hint  string
}

// contradictions lists the settings of p that contradict each other.
func contradictions(p *Params) []contradiction {
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
	if dp := p.Deputies; dp.Business+dp.Education+dp.Akimat > 1+1e-9 {
		cs = append(cs, contradiction{"deputies", "deputies.business", "deputies.education",
			fmt.Sprintf("business + education + akimat = %.4g, more than all deputies", dp.Business+dp.Education+dp.Akimat),
			"make the three shares add up to at most 1"})
	}
	if s := w.HigherEducationShare + w.VocationalShare; s > 1+1e-9 {
		cs = append(cs, contradiction{"education", "world.vocational_share", "world.higher_education_share",
			fmt.Sprintf("higher_education_share + vocational_share = %.4g, more than all adults", s),
			"make the two shares add up to at most 1"})
	}
	return cs
}
