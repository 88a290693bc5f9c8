package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

// timelineProblem returns the problem expected at the text at in the
// [[events]] table of kz_reform_timeline that holds it.
func timelineProblem(at, msg string) problem {
	src, _ := Source("kz_reform_timeline")
	before := string(src[:strings.Index(string(src), at)])
	line := 1 + strings.Count(before, "\n")
	event := strings.Count(before, "\n[[events]]") - 1
	return problem{"library/kz_reform_timeline.toml", line, fmt.Sprintf("events[%d].month", event), msg}
}

func TestOverrides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		set  string
		key  string
		want any
	}{
		{"institutions.selection=appointed", "institutions.selection", "appointed"},
		{`institutions.selection="indirect"`, "institutions.selection", "indirect"},
		{" fiscal.own_budget = false ", "fiscal.own_budget", false},
		{"world.oblasts=3", "world.oblasts", 3},
		{"world.oblasts=3.0", "world.oblasts", 3},
		{"fiscal.patronage_weight=1", "fiscal.patronage_weight", 1.0},
		{"fiscal.patronage_weight=0.25", "fiscal.patronage_weight", 0.25},
		{"fiscal.transfer_per_capita=2_500", "fiscal.transfer_per_capita", 2500.0},
		{"behavior.legitimacy_shift=-0.5", "behavior.legitimacy_shift", -0.5},
	}
	for _, tt := range tests {
		s, err := Resolve("", []string{tt.set})
		if err != nil {
			t.Errorf("Resolve(\"\", [%q]) error: %v", tt.set, err)
			continue
		}
		if got, _ := s.Params.Get(tt.key); got != tt.want {
			t.Errorf("Resolve(\"\", [%q]): %s = %v; want %v", tt.set, tt.key, got, tt.want)
		}
	}

	s, err := Resolve("classroom", []string{"meta.months=24", "meta.trials=2", "meta.seed=7", "meta.name=mine"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Months != 24 || s.Trials != 2 || s.Seed != 7 || s.Name != "mine" {
		t.Errorf("Resolve(classroom, meta overrides) = %d months, %d trials, seed %d, name %q; want 24, 2, 7, mine",
			s.Months, s.Trials, s.Seed, s.Name)
	}

	// Later overrides win, and can repair a contradiction of earlier ones.
	s, err = Resolve("", []string{"institutions.recall=true", "institutions.selection=appointed", "institutions.selection=direct"})
	if err != nil || s.Params.Institutions.Selection != "direct" || !s.Params.Institutions.Recall {
		t.Errorf("Resolve with repaired overrides = %v; want direct selection with recall", err)
	}
}

func TestOverrideErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref       string
		overrides []string
		want      []problem
	}{
		{"", []string{"world.oblasts=200"}, []problem{{"--set", 0, "world.oblasts", "200 is out of range [1, 100]"}}},
		{"", []string{"world.oblasts=many"}, []problem{{"--set", 0, "world.oblasts", `wants a whole number, not the string "many"`}}},
		{"", []string{"institutions.selection=dirct"}, []problem{{"--set", 0, "institutions.selection", `"dirct" is not one of`}}},
		{"", []string{"fiscal.own_budget=yes"}, []problem{{"--set", 0, "fiscal.own_budget", "wants true or false"}}},
		{"", []string{"selection=direct"}, []problem{{"--set", 0, "selection", "unknown key"}}},
		{"", []string{"institutions.selektion=direct"}, []problem{{"--set", 0, "institutions.selektion", "unknown key"}}},
		{"", []string{"world"}, []problem{{"--set", 0, "world", "is not of the form section.key=value"}}},
		{"", []string{"=3"}, []problem{{"--set", 0, "", "is not of the form section.key=value"}}},
		{"", []string{"events.month=3"}, []problem{{"--set", 0, "events.month", "events cannot be set"}}},
		{"", []string{"meta.months=0"}, []problem{{"--set", 0, "meta.months", "0 is out of range"}}},
		{"", []string{"meta.trials=1.5"}, []problem{{"--set", 0, "meta.trials", "wants a whole number"}}},
		{"", []string{"institutions.selection=appointed", "institutions.recall=true"},
			[]problem{{"--set", 0, "institutions.recall", `recall = true but selection = "appointed"`}}},
		{"kz_reform_timeline", []string{"meta.months=150"}, []problem{{"--set", 0, "meta.months", "150 months end before the scenario's last event, in month 159"}}},
		{"kz_reform_timeline", []string{"--months:meta.months=24"}, []problem{{"--months", 0, "meta.months", "24 months end before the scenario's last event, in month 159"}}},
		{"classroom", []string{"levers:institutions.recall=x", "fiscal.x=a:b"}, []problem{
			{"--set", 0, "fiscal.x", "unknown key"},
			{"levers", 0, "institutions.recall", "wants true or false"},
		}},
		{"classroom", []string{"--trials:meta.trials=0", "--seed:meta.seed=9223372036854775808"}, []problem{
			{"--seed", 0, "meta.seed", "9223372036854775808 is out of range [0, 9223372036854775807]"},
			{"--trials", 0, "meta.trials", "0 is out of range"},
		}},
		{"kz_direct_2012", []string{"world.oblasts=0"}, []problem{
			{"", 0, "", `unknown scenario "kz_direct_2012"`},
			{"--set", 0, "world.oblasts", "out of range"},
		}},
		{"", []string{"world.oblasts=0", "nope.nope=1", "fiscal.own_budget=1"}, []problem{
			{"--set", 0, "world.oblasts", "out of range"},
			{"--set", 0, "nope.nope", "unknown key"},
			{"--set", 0, "fiscal.own_budget", "wants true or false"},
		}},
	}
	for _, tt := range tests {
		s, err := Resolve(tt.ref, tt.overrides)
		if s != nil {
			t.Errorf("Resolve(%q, %q) = %v; want nil", tt.ref, tt.overrides, s)
		}
		checkProblems(t, "Resolve("+tt.ref+", "+tt.overrides[0]+")", err, tt.want)
	}
}

func TestOverrideHints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		set, hint string
	}{
		{"selection=direct", "name the section too: institutions.selection"},
		{"institutions.selektion=direct", "did you mean institutions.selection?"},
		{"world.recall=true", "recall belongs in [institutions]"},
		{"institutions.selection=dirct", `did you mean "direct"? use one of appointed, indirect, direct`},
		{"world.oblasts=200", "use a value from 1 to 100"},
	}
	for _, tt := range tests {
		_, err := Resolve("", []string{tt.set})
		list, _ := err.(ErrorList)
		if len(list) != 1 || list[0].Hint != tt.hint {
			t.Errorf("Resolve(\"\", [%q]) = %v; want one problem with hint %q", tt.set, err, tt.hint)
		}
	}
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want any
	}{
		{"17", int64(17)},
		{"0.5", 0.5},
		{"true", true},
		{`"direct"`, "direct"},
		{"'direct'", "direct"},
		{"direct", "direct"},
		{"two words", "two words"},
		{"1\nx = 2", "1\nx = 2"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := parseValue(tt.in); got != tt.want {
			t.Errorf("parseValue(%q) = %#v; want %#v", tt.in, got, tt.want)
		}
	}
}
