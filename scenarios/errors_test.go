package scenarios

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.toml", Line: 3, Key: "world.oblasts", Msg: "200 is out of range [1, 100]", Hint: "use a value from 1 to 100"},
			"a.toml:3: world.oblasts: 200 is out of range [1, 100] (hint: use a value from 1 to 100)"},
		{&Error{File: "--set", Key: "selection", Msg: "unknown key", Hint: "name the section too"},
			"--set: selection: unknown key (hint: name the section too)"},
		{&Error{File: "a.toml", Line: 2, Msg: "syntax error: x"}, "a.toml:2: syntax error: x"},
		{&Error{Key: "kz_x", Msg: "unknown embedded scenario", Hint: "h"}, "kz_x: unknown embedded scenario (hint: h)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("(%#v).Error() = %q; want %q", tt.err, got, tt.want)
		}
	}
	list := ErrorList{tests[0].err, tests[1].err}
	if got, want := list.Error(), tests[0].want+"\n"+tests[1].want; got != want {
		t.Errorf("ErrorList.Error() = %q; want %q", got, want)
	}
	var e *Error
	if !errors.As(error(list), &e) || e != tests[0].err {
		t.Errorf("errors.As(ErrorList, *Error) = %v; want the first error", e)
	}
}

// problem is an expected *Error: its file, line and key exactly, and a
// part of its message.
type problem struct {
	file string
	line int
	key  string
	msg  string
}

// checkProblems compares err, an ErrorList, with want.
func checkProblems(t *testing.T, call string, err error, want []problem) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%s error = %v; want an ErrorList", call, err)
	}
	if len(list) != len(want) {
		t.Errorf("%s gave %d problems; want %d:\n%v", call, len(list), len(want), err)
	}
	for i := range min(len(list), len(want)) {
		got, w := list[i], want[i]
		if got.File != w.file || got.Line != w.line || got.Key != w.key || !strings.Contains(got.Msg, w.msg) {
			t.Errorf("%s problem %d = %q; want %s:%d: %s: ...%s...", call, i, got, w.file, w.line, w.key, w.msg)
		}
		if got.Hint == "" {
			t.Errorf("%s problem %d = %q; want a hint", call, i, got)
		}
		if m := got.Msg; m == "" || strings.ToLower(m[:1]) != m[:1] || strings.HasSuffix(m, ".") {
			t.Errorf("%s problem %d message %q; want lower case without a final period", call, i, m)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		src   string
		files map[string]string // other files beside s.toml
		want  []problem
	}{
		{
			name: "unknown key with suggestion",
			src:  "[institutions]\nselection = \"direct\"\nrecal = true\n",
			want: []problem{{"s.toml", 3, "institutions.recal", "unknown key"}},
		},
		{
			name: "key in the wrong section",
			src:  "[world]\n\n# comment\nrecall = true\n",
			want: []problem{{"s.toml", 4, "world.recall", "unknown key"}},
		},
		{
			name: "unknown section",
			src:  "[meta]\nmonths = 12\n\n[fiscl]\nown_budget = true\n",
			want: []problem{{"s.toml", 4, "fiscl", "unknown section [fiscl]"}},
		},
		{
			name: "unknown meta key",
			src:  "[meta]\nname = \"x\"\nmonth = 12\n",
			want: []problem{{"s.toml", 3, "meta.month", "unknown key"}},
		},
		{
			name: "wrong type",
			src:  "[world]\noblasts = \"17\"\n[fiscal]\nown_budget = 1\n[institutions]\nselection = 3\n",
			want: []problem{
				{"s.toml", 2, "world.oblasts", "wants a whole number, not the string \"17\""},
				{"s.toml", 4, "fiscal.own_budget", "wants true or false, not the whole number 1"},
				{"s.toml", 6, "institutions.selection", "wants one of appointed, indirect, direct"},
			},
		},
		{
			name: "fraction for a whole number",
			src:  "[world]\noblasts = 2.5\n",
			want: []problem{{"s.toml", 2, "world.oblasts", "wants a whole number, not 2.5"}},
		},
		{
			name: "out of range",
			src:  "[fiscal]\npatronage_weight = 1.5\n[world]\noblasts = 0\n",
			want: []problem{
				{"s.toml", 2, "fiscal.patronage_weight", "1.5 is out of range [0, 1]"},
				{"s.toml", 4, "world.oblasts", "0 is out of range [1, 100]"},
			},
		},
		{
			name: "not a finite number",
			src:  "[behavior]\ntrust_rate = nan\n",
			want: []problem{{"s.toml", 2, "behavior.trust_rate", "wants a finite number"}},
		},
		{
			name: "bad enum",
			src:  "[institutions]\nselection = \"drect\"\n",
			want: []problem{{"s.toml", 2, "institutions.selection", `"drect" is not one of appointed, indirect, direct`}},
		},
		{
			name: "meta out of range",
			src:  "[meta]\nmonths = 0\ntrials = -1\nseed = -3\n",
			want: []problem{
				{"s.toml", 2, "meta.months", "0 is out of range [1, 100000]"},
				{"s.toml", 3, "meta.trials", "-1 is out of range"},
				{"s.toml", 4, "meta.seed", "-3 is out of range"},
			},
		},
		{
			name: "event beyond the horizon",
			src:  "[meta]\nmonths = 24\n\n[[events]]\nmonth = 12\n\n[[events]]\nlabel = \"late\"\nmonth = 25\n",
			want: []problem{{"s.toml", 9, "events[1].month", "month 25 is beyond the scenario's 24 months"}},
		},
		{
			name: "event beyond the horizon with another problem",
			src:  "[meta]\nmonths = 24\n\n[[events]]\nmonth = 500\nhardship = 3\n",
			want: []problem{
				{"s.toml", 5, "events[0].month", "month 500 is beyond the scenario's 24 months"},
				{"s.toml", 6, "events[0].hardship", "3 is out of range"},
			},
		},
		{
			name: "event before the first month",
			src:  "[[events]]\nmonth = 0\n",
			want: []problem{{"s.toml", 2, "events[0].month", "0 is out of range [1, 100000]"}},
		},
		{
			name: "event without a month",
			src:  "[[events]]\nlabel = \"when?\"\n",
			want: []problem{{"s.toml", 1, "events[0]", "event has no month"}},
		},
		{
			name: "event beyond an inherited horizon",
			src:  "extends = \"base.toml\"\n[meta]\nmonths = 10\n",
			files: map[string]string{
				"base.toml": "[meta]\nmonths = 50\n[[events]]\nmonth = 40\n",
			},
			want: []problem{{"base.toml", 4, "events[0].month", "month 40 is beyond the scenario's 10 months"}},
		},
		{
			name: "unknown event key",
			src:  "[[events]]\nmonth = 2\nhardshp = 0.1\n",
			want: []problem{{"s.toml", 3, "events[0].hardshp", "unknown key"}},
		},
		{
			name: "unknown event set key",
			src:  "[[events]]\nmonth = 2\nset = { \"institutions.selection\" = \"direct\", \"fiscal.own_budgt\" = true }\n",
			want: []problem{{"s.toml", 3, "events[0].set.fiscal.own_budgt", "unknown key"}},
		},
		{
			name: "event set key of the wrong type",
			src:  "[[events]]\nmonth = 2\n\n[events.set]\n\"fiscal.own_budget\" = true\n\"institutions.selection\" = 2\n",
			want: []problem{{"s.toml", 6, "events[0].set.institutions.selection", "wants one of appointed, indirect, direct"}},
		},
		{
			name: "event set key nested in a section table",
			src:  "[[events]]\nmonth = 2\n[events.set.fiscal]\nown_budget = false\npatronage_weight = 2\n",
			want: []problem{{"s.toml", 5, "events[0].set.fiscal.patronage_weight", "2 is out of range [0, 1]"}},
		},
		{
			name: "event changes the world",
			src:  "[[events]]\nmonth = 2\nset = { \"world.population\" = 100 }\n",
			want: []problem{{"s.toml", 3, "events[0].set.world.population", "cannot change during a run"}},
		},
		{
			name: "event shock out of range",
			src:  "[[events]]\nmonth = 2\nhardship = 3\n",
			want: []problem{{"s.toml", 3, "events[0].hardship", "3 is out of range [-1, 1]"}},
		},
		{
			name: "recall under appointment",
			src:  "[institutions]\nselection = \"appointed\"\nrecall = true\n",
			want: []problem{{"s.toml", 3, "institutions.recall", `recall = true but selection = "appointed"`}},
		},
		{
			name:  "recall inherited, appointment set here",
			src:   "extends = \"base.toml\"\n[institutions]\nselection = \"indirect\"\n",
			files: map[string]string{"base.toml": "[institutions]\nrecall = true\n"},
			want:  []problem{{"s.toml", 3, "institutions.selection", `recall = true but selection = "indirect"`}},
		},
		{
			name: "recall under appointment from an event",
			src:  "[[events]]\nmonth = 5\nlabel = \"back to appointment\"\nset = { \"institutions.recall\" = true, \"institutions.selection\" = \"appointed\" }\n",
			want: []problem{{"s.toml", 4, "events[0].set.institutions.recall", "from month 5: recall = true"}},
		},
		{
			name:  "contradiction from an event in a base, the events merged by month",
			src:   "extends = \"base.toml\"\n[[events]]\nmonth = 3\nset = { \"institutions.recall\" = true }\n[[events]]\nmonth = 20\nhardship = 0.1\n",
			files: map[string]string{"base.toml": "[institutions]\nselection = \"direct\"\n[[events]]\nmonth = 10\nlabel = \"back\"\nset = { \"institutions.selection\" = \"indirect\" }\n"},
			want:  []problem{{"base.toml", 6, "events[0].set.institutions.selection", `from month 10: recall = true but selection = "indirect"`}},
		},
		{
			name: "shift pushed out of range in a month of two events",
			src:  "[[events]]\nmonth = 2\nhardship = 0.6\n[[events]]\nmonth = 4\nhardship = 0.6\n[[events]]\nmonth = 4\nlabel = \"calm\"\nlegitimacy = 0.1\n",
			want: []problem{{"s.toml", 6, "events[1].hardship", "from month 4: the shocks so far add up to behavior.hardship_shift = 1.2"}},
		},
		{
			name: "unit sizes",
			src:  "[world]\nmin_unit_population = 6000\nmax_unit_population = 5000\n",
			want: []problem{{"s.toml", 2, "world.min_unit_population", "min_unit_population (6000) is larger than max_unit_population (5000)"}},
		},
		{
			name: "no units",
			src:  "[world]\ntowns = 0\nrural_districts = 0\nvillages = 0\nsettlements = 0\n",
			want: []problem{{"s.toml", 3, "world.rural_districts", "the world has no rural units"}},
		},
		{
			name: "population too small",
			src:  "[world]\npopulation = 1000\n",
			want: []problem{{"s.toml", 2, "world.population", "population 1000 cannot fill 2345 units"}},
		},
		{
			name: "own budget for no unit",
			src:  "[fiscal]\nown_budget = true\nown_budget_min_population = 60000\n",
			want: []problem{{"s.toml", 3, "fiscal.own_budget_min_population", "so no unit has its own budget"}},
		},
		{
			name: "education shares",
			src:  "[world]\nhigher_education_share = 0.7\nvocational_share = 0.5\n",
			want: []problem{{"s.toml", 3, "world.vocational_share", "more than all adults"}},
		},
		{
			name: "syntax error",
			src:  "[meta]\nmonths = 12\nname = unquoted\n",
			want: []problem{{"s.toml", 3, "", "syntax error"}},
		},
		{
			name:  "syntax error in a base",
			src:   "extends = \"base.toml\"\n",
			files: map[string]string{"base.toml": "\n\n[world\n"},
			want:  []problem{{"base.toml", 3, "", "syntax error"}},
		},
		{
			name: "extends cycle",
			src:  "extends = \"a.toml\"\n",
			files: map[string]string{
				"a.toml":     "# a\nextends = \"sub/b.toml\"\n",
				"sub/b.toml": "\n\nextends = \"../s.toml\"\n",
			},
			want: []problem{{"sub/b.toml", 3, "extends", "extends cycle: s.toml -> a.toml -> sub/b.toml -> s.toml"}},
		},
		{
			name: "extends itself",
			src:  "# me\nextends = \"s.toml\"\n",
			want: []problem{{"s.toml", 2, "extends", "extends cycle: s.toml -> s.toml"}},
		},
		{
			name: "extends after [meta]",
			src:  "[meta]\nname = \"x\"\n\n" + `extends = "missing.toml"` + "\n",
			want: []problem{{"s.toml", 4, "meta.extends", "extends belongs at the top of the file"}},
		},
		{
			name: "extends a missing file, later line",
			src:  "# comment\n\n" + `extends = "missing.toml"` + "\n",
			want: []problem{{"s.toml", 3, "extends", "cannot read scenario: no such file"}},
		},
		{
			name: "extends an embedded scenario as a file",
			src:  `extends = "kz_direct_2021.toml"` + "\n",
			want: []problem{{"s.toml", 1, "extends", "cannot read scenario: no such file (looked for kz_direct_2021.toml)"}},
		},
		{
			name: "extends an unknown embedded scenario",
			src:  `extends = "kz_direct_2012"` + "\n",
			want: []problem{{"s.toml", 1, "extends", `unknown scenario "kz_direct_2012"`}},
		},
		{
			name: "extends in meta",
			src:  "[meta]\nextends = \"kz_direct_2021\"\n",
			want: []problem{{"s.toml", 2, "meta.extends", "extends belongs at the top of the file"}},
		},
		{
			name: "all problems at once",
			src: "[meta]\nmonths = 12\n[world]\noblast = 3\n[institutions]\nselection = \"appointed\"\nrecall = true\n" +
				"[fiscal]\ntransfer_rule = \"formla\"\n[[events]]\nmonth = 13\n",
			want: []problem{
				{"s.toml", 4, "world.oblast", "unknown key"},
				{"s.toml", 7, "institutions.recall", "recall = true"},
				{"s.toml", 9, "fiscal.transfer_rule", "is not one of"},
				{"s.toml", 11, "events[0].month", "beyond"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"s.toml": {Data: []byte(tt.src)}}
			for name, src := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			s, err := Load(fsys, "s.toml")
			if s != nil {
				t.Errorf("Load(%q) = %+v; want nil", tt.src, s)
			}
			checkProblems(t, "Load("+tt.name+")", err, tt.want)
		})
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestWordHints checks that a word a key does not admit gets sim's
// message with a "did you mean" in a section, an event and an override.
func TestWordHints(t *testing.T) {
	t.Parallel()
	const msg, hint = `"dirct" is not one of appointed, indirect, direct`, `did you mean "direct"? use one of appointed, indirect, direct`
	for _, src := range []string{
		"[institutions]\nselection = \"dirct\"\n",
		"[[events]]\nmonth = 2\nset = { \"institutions.selection\" = \"dirct\" }\n",
	} {
		_, err := Load(fstest.MapFS{"s.toml": {Data: []byte(src)}}, "s.toml")
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 || list[0].Msg != msg || list[0].Hint != hint {
			t.Errorf("Load(%q) = %v; want one problem %q (hint: %s)", src, err, msg, hint)
		}
	}
	_, err := Resolve("classroom", []string{"institutions.selection=dirct"})
	if want := "--set: institutions.selection: " + msg + " (hint: " + hint + ")"; err == nil || err.Error() != want {
		t.Errorf("Resolve(classroom, selection=dirct) = %v; want %s", err, want)
	}
}
