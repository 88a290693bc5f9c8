package experiment

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// levelTexts returns v's levels as written.
func levelTexts(v Vary) []string {
	var got []string
	for _, x := range v.Levels {
		got = append(got, x.Text)
	}
	return got
}

func TestParseLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want []string
	}{
		{"fiscal.patronage_weight=0:1:5", []string{"0", "0.25", "0.5", "0.75", "1"}},
		{"fiscal.patronage_weight=0.1:0.3:3", []string{"0.1", "0.2", "0.3"}},
		{"fiscal.patronage_weight=0.1:0.7:7", []string{"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"}},
		{"institutions.term_months=12:60:4", []string{"12", "28", "44", "60"}},
		{"fiscal.patronage_weight=0.5, 0.25", []string{"0.5", "0.25"}},
		{"fiscal.patronage_weight=-0", []string{"0"}},
		{"institutions.selection=direct,appointed", []string{"direct", "appointed"}},
		{"institutions.recall=true,false", []string{"true", "false"}},
	}
	for _, tt := range tests {
		vs, err := Parser{Option: "--vary"}.Parse([]string{tt.spec})
		if err != nil {
			t.Errorf("Parse(%q) = %v", tt.spec, err)
			continue
		}
		if got := levelTexts(vs[0]); !slices.Equal(got, tt.want) {
			t.Errorf("Parse(%q) levels = %v; want %v", tt.spec, got, tt.want)
		}
	}
}

// TestParseLevelValues checks that each level carries the value Set
// takes and the number charts place it at: the number itself, or a
// word's rank in the list.
func TestParseLevelValues(t *testing.T) {
	t.Parallel()
	vs, err := Parser{Option: "--vary"}.Parse([]string{"institutions.term_months=24,60", "institutions.selection=direct,appointed"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]Level{
		{{"24", sim.Float(24), 24}, {"60", sim.Float(60), 60}},
		{{"direct", sim.Word("direct"), 0}, {"appointed", sim.Word("appointed"), 1}},
	}
	for i, v := range vs {
		if !reflect.DeepEqual(v.Levels, want[i]) {
			t.Errorf("Parse levels of %s = %v; want %v", v.Key.Name, v.Levels, want[i])
		}
	}
	if !vs[0].Numeric || vs[1].Numeric {
		t.Errorf("Numeric = %v, %v; want true, false", vs[0].Numeric, vs[1].Numeric)
	}
}

func TestParseSampledRange(t *testing.T) {
	t.Parallel()
	for _, p := range []Parser{{Option: "--vary", Ranges: Sampled}, {Option: "--param", Ranges: Sampled, RangesOnly: true}} {
		vs, err := p.Parse([]string{" fiscal.extraction = 0.1:0.5 "})
		if err != nil {
			t.Fatalf("%s: %v", p.Option, err)
		}
		if v := vs[0]; v.Key.Name != "fiscal.extraction" || v.Lo != 0.1 || v.Hi != 0.5 || v.Levels != nil || v.Spec != "0.1:0.5" {
			t.Errorf("%s: Parse = %+v; want the range [0.1, 0.5] and no levels", p.Option, v)
		}
	}
}

// TestParseErrors checks the messages of bad specs, each naming the
// option and the spec, and that Parse reports every bad spec at once.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	grid := Parser{Option: "--vary", Hint: func(string) string { return "did you mean it?" }}
	lhs := Parser{Option: "--vary", Ranges: Sampled}
	param := Parser{Option: "--param", Ranges: Sampled, RangesOnly: true}
	tests := []struct {
		p     Parser
		specs []string
		want  string
	}{
		{grid, []string{"fiscal.patronage_weight"}, `--vary "fiscal.patronage_weight": want section.key=VALUES, such as --vary`},
		{grid, []string{"fiscal.patronge_weight=0,1"}, "--vary fiscal.patronge_weight: unknown key (hint: did you mean it?)"},
		{lhs, []string{"fiscal.patronge_weight=0,1"}, "--vary fiscal.patronge_weight: unknown key"},
		{grid, []string{"meta.months=12,24"}, "--vary meta.months=12,24: meta settings cannot be varied"},
		{grid, []string{"fiscal.patronage_weight=0:2:3"}, "--vary fiscal.patronage_weight=0:2:3: fiscal.patronage_weight = 2 is out of range [0, 1]"},
		{grid, []string{"fiscal.patronage_weight=0,x"}, `fiscal.patronage_weight takes numbers; "x" is not one`},
		{grid, []string{"fiscal.patronage_weight=0.1,0.1"}, "0.1 is listed twice"},
		{grid, []string{"fiscal.patronage_weight=0,,1"}, "value 2 is empty"},
		{grid, []string{"fiscal.patronage_weight=0:1"}, "a grid needs the number of values: lo:hi:steps, such as 0:1:5"},
		{grid, []string{"fiscal.patronage_weight=0:1:1"}, "steps must be a whole number of at least 2"},
		{grid, []string{"fiscal.patronage_weight=0:1:2000000"}, "2000000 steps is more than 1000000"},
		{grid, []string{"fiscal.patronage_weight=1:0:3"}, "the range's low end must be below its high end"},
		{grid, []string{"fiscal.patronage_weight=a:1:3"}, `"a" and "1" must both be numbers`},
		{grid, []string{"fiscal.patronage_weight=0:1:2:3"}, "a range is lo:hi:steps (grid) or lo:hi (lhs)"},
		{grid, []string{"institutions.term_months=12:61:3"}, "3 steps from 12 to 61 give 36.5, not a whole number"},
		{grid, []string{"institutions.term_months=12.5:60:3"}, "institutions.term_months takes whole numbers"},
		{grid, []string{"institutions.term_months=12.5,24"}, `institutions.term_months takes whole numbers; "12.5" is not one`},
		{grid, []string{"institutions.selection=appointed,elected"}, `"elected" is not one of`},
		{grid, []string{"institutions.recall=yes,no"}, `institutions.recall takes true or false, not "yes"`},
		{grid, []string{"institutions.recall=0:1:2"}, "institutions.recall takes true or false, not a range"},
		{grid, []string{"institutions.selection=0:1:2"}, "institutions.selection takes one of appointed"},
		{lhs, []string{"fiscal.patronage_weight=0:1:3"}, "with --design lhs give a range as lo:hi"},
		{grid, []string{"fiscal.patronage_weight=0,1", "fiscal.patronage_weight=0.5"},
			"--vary fiscal.patronage_weight is given twice; give all its values in one --vary"},
		{param, []string{"fiscal.extraction"}, `--param "fiscal.extraction": want section.key=lo:hi, such as --param fiscal.extraction=0:0.5`},
		{param, []string{"fiscal.extraction=0,1"}, "--param fiscal.extraction=0,1: want a range lo:hi, such as --param fiscal.extraction=0:1"},
		{param, []string{"fiscal.extraction=0:2"}, "--param fiscal.extraction=0:2: fiscal.extraction = 2 is out of range"},
		{param, []string{"fiscal.extraction=0:1", "fiscal.extraction=0:0.5"}, "--param fiscal.extraction is given twice"},
		{grid, []string{"fiscal.patronage_weight=0,x", "institutions.recall=yes"}, "not one\n--vary institutions.recall=yes: "},
	}
	for _, tt := range tests {
		vs, err := tt.p.Parse(tt.specs)
		if err == nil || !strings.Contains(err.Error(), tt.want) || vs != nil {
			t.Errorf("%+v.Parse(%q) = %v, %v; want no Vary and an error with %q", tt.p, tt.specs, vs, err, tt.want)
		}
	}
	if _, err := param.Parse([]string{"fiscal.extraction=0:1", "fiscal.extraction=0:0.5"}); strings.Contains(err.Error(), "give all its values") {
		t.Errorf("param.Parse(twice) = %v; want no advice to list values", err)
	}
}
