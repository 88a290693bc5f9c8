package sim

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestValidateDefault(t *testing.T) {
	t.Parallel()
	for name, p := range map[string]Params{"Default": Default(), "tiny": tinyParams(), "small": smallParams()} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s().Validate() = %v; want nil", name, err)
		}
	}
}

// wantProblem is an expected *Problem: its kind, where it is and a part
// of its message.
type wantProblem struct {
	kind  ProblemKind
	where string
	month int
	msg   string
}

// validateTests are broken parameters and the problems Validate finds.
var validateTests = []struct {
	name string
	edit func(p *Params)
	want []wantProblem
}{
	{"out of range", func(p *Params) { p.Fiscal.PatronageWeight = 1.5 },
		[]wantProblem{{BadValue, "fiscal.patronage_weight", 0, "1.5 is out of range [0, 1]"}}},
	{"not whole, not finite", func(p *Params) { p.World.Represent = 0; p.Behavior.TrustRate = -1 },
		[]wantProblem{
			{BadValue, "world.represent", 0, "0 is out of range [1, 1000000]"},
			{BadValue, "behavior.trust_rate", 0, "-1 is out of range [0, 1]"},
		}},
	{"enum typos", func(p *Params) {
		p.Institutions.Selection = "dirct"
		p.Unrest.Rounding = "Floor"
		p.Classic.Neighbourhood = "moor"
	}, []wantProblem{
		{BadValue, "institutions.selection", 0, `"dirct" is not one of appointed, indirect, direct`},
		{BadValue, "unrest.rounding", 0, `"Floor" is not one of none, floor, round`},
		{BadValue, "classic.neighbourhood", 0, `"moor" is not one of von_neumann, moore, euclidean`},
	}},
	{"no parties", func(p *Params) { p.Parties = nil },
		[]wantProblem{{BadValue, "parties", 0, "no parties"}}},
	{"party problems", func(p *Params) {
		p.Parties = append(p.Parties, Party{Name: p.Parties[0].Name, Nominate: 2}, Party{Appeal: -11})
	}, []wantProblem{
		{BadValue, "parties[6].name", 0, "listed twice"},
		{BadValue, "parties[6].nominate", 0, "2 is out of range [0, 1]"},
		{BadValue, "parties[7].name", 0, "a party needs a name"},
		{BadValue, "parties[7].appeal", 0, "-11 is out of range [-10, 10]"},
	}},
	{"deputy composition", func(p *Params) { p.Deputies.Business, p.Deputies.Education = 0.7, 0.4 },
		[]wantProblem{{Contradiction, "deputies.business", 0, "more than all deputies"}}},
	{"recall under appointment", func(p *Params) { p.Institutions.Selection = "appointed"; p.Institutions.Recall = true },
		[]wantProblem{{Contradiction, "institutions.recall", 0, `recall = true but selection = "appointed"`}}},
	{"every contradiction", func(p *Params) {
		p.World.MinUnitPopulation, p.World.MaxUnitPopulation = 6000, 5000
		p.Fiscal.OwnBudget, p.Fiscal.OwnBudgetMinPopulation = true, 60000
		p.Classic.CitizenDensity, p.Classic.CopDensity = 0.9, 0.2
		p.World.HigherEducationShare, p.World.VocationalShare = 0.7, 0.5
	}, []wantProblem{
		{Contradiction, "world.min_unit_population", 0, "min_unit_population (6000) is larger than max_unit_population (5000)"},
		{Contradiction, "fiscal.own_budget_min_population", 0, "so no unit has its own budget"},
		{Contradiction, "classic.cop_density", 0, "citizen_density + cop_density = 1.1"},
		{Contradiction, "world.vocational_share", 0, "more than all adults"},
	}},
	{"no units", func(p *Params) {
		p.World.Towns, p.World.RuralDistricts, p.World.Villages, p.World.Settlements = 0, 0, 0, 0
	},
		[]wantProblem{{Contradiction, "world.rural_districts", 0, "the world has no rural units"}}},
	{"population", func(p *Params) { p.World.Population = 1000 },
		[]wantProblem{{Contradiction, "world.population", 0, "population 1000 cannot fill 2345 units"}}},
	{"a value out of range hides its contradiction", func(p *Params) {
		p.World.MinUnitPopulation, p.World.MaxUnitPopulation = 6000, 0
	}, []wantProblem{{BadValue, "world.max_unit_population", 0, "0 is out of range"}}},
	{"events on their own", func(p *Params) {
		p.Events = []Event{
			{Month: 0, Hardship: 2},
			{Month: 3, Set: map[string]Value{
				"world.population":             Int(5),
				"classic.width":                Int(5),
				"fiscal.patronge_weight":       Float(0.1),
				"institutions.selection":       Word("elected"),
				"fiscal.own_budget":            Float(1),
				"institutions.maslikhat_seats": Int(3),
				"institutions.akim_fee":        Float(-1),
			}},
		}
	}, []wantProblem{
		{BadValue, "events[0].month", 0, "0 is out of range [1, 100000]"},
		{BadValue, "events[0].hardship", 0, "2 is out of range [-1, 1]"},
		{FixedKey, "events[1].set.classic.width", 3, "cannot change during a run"},
		{BadValue, "events[1].set.fiscal.own_budget", 3, "wants true or false, not the number 1"},
		{UnknownKey, "events[1].set.fiscal.patronge_weight", 3, "unknown key"},
		{BadValue, "events[1].set.institutions.akim_fee", 3, "-1 is out of range"},
		{FixedKey, "events[1].set.institutions.maslikhat_seats", 3, "cannot change during a run"},
		{BadValue, "events[1].set.institutions.selection", 3, `"elected" is not one of`},
		{FixedKey, "events[1].set.world.population", 3, "the world is generated once"},
	}},
	{"replay: a contradiction from an event", func(p *Params) {
		p.Institutions.Recall = true
		p.Events = []Event{
			{Month: 9, Label: "later", Hardship: 0.1},
			{Month: 5, Label: "back to appointment", Set: map[string]Value{"institutions.selection": Word("appointed")}},
			{Month: 5, Label: "same month", Legitimacy: 0.1},
		}
	}, []wantProblem{{Contradiction, "events[1].set.institutions.selection", 5, `from month 5: recall = true but selection = "appointed"`}}},
	{"replay: a contradiction from a month's events together", func(p *Params) {
		p.Events = []Event{
			{Month: 4, Set: map[string]Value{"institutions.recall": Bool(true)}},
			{Month: 4, Set: map[string]Value{"fiscal.patronage_weight": Float(0.1)}},
			{Month: 2, Set: map[string]Value{"institutions.selection": Word("indirect")}},
		}
	}, []wantProblem{{Contradiction, "events[0].set.institutions.recall", 4, `from month 4: recall = true but selection = "indirect"`}}},
	{"replay: shocks add up", func(p *Params) {
		p.Events = []Event{
			{Month: 2, Hardship: 0.6},
			{Month: 3, Set: map[string]Value{"fiscal.patronage_weight": Float(0.1)}},
			{Month: 7, Hardship: 0.6, Legitimacy: -0.5},
			{Month: 7, Legitimacy: -0.6},
			{Month: 9, Hardship: 0.6},
		}
	}, []wantProblem{
		{BadValue, "events[2].hardship", 7, "from month 7: the shocks so far add up to behavior.hardship_shift = 1.2, out of range [-1, 1]"},
		{BadValue, "events[3].legitimacy", 7, "behavior.legitimacy_shift = -1.1"},
	}},
	{"replay: a bad event is left out", func(p *Params) {
		p.Institutions.Recall = true
		p.Events = []Event{{Month: 5, Set: map[string]Value{"institutions.selection": Word("appointed"), "world.towns": Int(3)}}}
	}, []wantProblem{{FixedKey, "events[0].set.world.towns", 5, "the world is generated once"}}},
	{"all at once", func(p *Params) {
		p.Fiscal.TransferRule = "formla"
		p.Institutions.Selection, p.Institutions.Recall = "appointed", true
		p.Events = []Event{
			{Month: 12, Set: map[string]Value{"institutions.recall": Bool(false)}},
			{Month: 24, Set: map[string]Value{"fiscal.own_budget_min_population": Int(60000), "fiscal.own_budget": Bool(true)}},
			{Month: 30, Set: map[string]Value{"unrest.rounding": Word("ceiling")}},
		}
	}, []wantProblem{
		{BadValue, "fiscal.transfer_rule", 0, `"formla" is not one of`},
		{BadValue, "events[2].set.unrest.rounding", 30, `"ceiling" is not one of`},
		{Contradiction, "institutions.recall", 0, "recall = true"},
		{Contradiction, "events[1].set.fiscal.own_budget_min_population", 24, "from month 24: own_budget = true"},
	}},
}

func TestValidateProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range validateTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Default()
			tt.edit(&p)
			checkProblems(t, p.Validate(), tt.want)
		})
	}
}

// checkProblems compares err, from Params.Validate, with want.
func checkProblems(t *testing.T, err error, want []wantProblem) {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate() = %v; want Problems", err)
	}
	if len(ps) != len(want) {
		t.Errorf("Validate() gave %d problems; want %d:\n%v", len(ps), len(want), err)
	}
	for i := range min(len(ps), len(want)) {
		got, w := ps[i], want[i]
		if got.Kind != w.kind || got.Where() != w.where || got.Month != w.month || !strings.Contains(got.Msg, w.msg) {
			t.Errorf("problem %d = %s, month %d, %q; want %s, month %d, %s: ...%s...", i, got.Kind, got.Month, got, w.kind, w.month, w.where, w.msg)
		}
		if got.Hint == "" || len(got.Keys) == 0 && got.Event == NoEvent {
			t.Errorf("problem %d = %#v; want a hint and keys or an event", i, got)
		}
		if m := got.Msg; m == "" || strings.ToLower(m[:1]) != m[:1] || strings.HasSuffix(m, ".") {
			t.Errorf("problem %d message %q; want lower case without a final period", i, m)
		}
	}
	var one *Problem
	if !errors.As(err, &one) || one != ps[0] {
		t.Errorf("errors.As(Problems, *Problem) = %v; want the first problem", one)
	}
}

// TestValidateContradictionKeys checks that a contradiction names both
// its keys, so that a caller can blame the one set last.
func TestValidateContradictionKeys(t *testing.T) {
	t.Parallel()
	p := Default()
	p.Institutions.Selection, p.Institutions.Recall = "indirect", true
	var ps Problems
	if !errors.As(p.Validate(), &ps) || len(ps) != 1 || !slices.Equal(ps[0].Keys, []string{"institutions.recall", "institutions.selection"}) {
		t.Errorf("Validate() = %v; want one problem with keys institutions.recall, institutions.selection", ps)
	}
}

// TestEngineRefusesBadValues checks that the engine refuses values and
// events it cannot run, before it starts, while it runs settings that
// merely contradict each other.
func TestEngineRefusesBadValues(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Institutions.Selection = "elected"
	if _, err := NewWorld(&p, 1); err == nil || !strings.Contains(err.Error(), `institutions.selection: "elected" is not one of`) {
		t.Errorf("NewWorld(selection = elected) = %v; want an error naming the word", err)
	}
	p = tinyParams()
	p.Unrest.Rounding = "ceiling"
	if _, err := NewWorld(&p, 1); err == nil {
		t.Errorf("NewWorld(rounding = ceiling) = nil error; want one")
	}
	p = Default()
	p.Classic.JailTerm = "forever"
	if _, err := NewClassicWorld(&p, 1); err == nil || !strings.Contains(err.Error(), "classic.jail_term") {
		t.Errorf("NewClassicWorld(jail_term = forever) = %v; want an error naming classic.jail_term", err)
	}
	p = tinyParams()
	p.Events = []Event{{Month: 2, Set: map[string]Value{"world.represent": Int(1)}}}
	if _, err := NewWorld(&p, 1); err == nil || !strings.Contains(err.Error(), "events[0].set.world.represent") {
		t.Errorf("NewWorld(event changing the world) = %v; want an error naming the event", err)
	}
	p = tinyParams()
	p.Institutions.Selection, p.Institutions.Recall = "indirect", true
	if _, err := NewWorld(&p, 1); err != nil {
		t.Errorf("NewWorld(recall under indirect selection) = %v; want a world (a contradiction, not a bad value)", err)
	}
}
