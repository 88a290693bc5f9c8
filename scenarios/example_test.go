package scenarios_test

import (
	"fmt"
	"testing/fstest"

	"github.com/decentsim/decentsim/scenarios"
)

// A scenario names a base to extend and states only what differs.
func ExampleLoad() {
	fsys := fstest.MapFS{"reform.toml": {Data: []byte(`
extends = "kz_direct_2021"

[meta]
name = "my_reform"
months = 60

[institutions]
recall = true

[[events]]
month = 25
label = "formula transfers"
set = { "fiscal.transfer_rule" = "formula" }
`)}}
	s, err := scenarios.Load(fsys, "reform.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Months, s.Trials, s.Params.Institutions.Selection, s.Params.Institutions.Recall)
	for _, e := range s.Params.Events {
		fmt.Println(e.Month, e.Label, e.Set)
	}
	// Output:
	// my_reform 60 30 direct true
	// 25 formula transfers map[fiscal.transfer_rule:formula]
}

// Every problem is reported at once, with file, line, key and a hint.
func ExampleLoad_errors() {
	fsys := fstest.MapFS{"bad.toml": {Data: []byte(`[meta]
months = 24

[institutions]
selection = "appointed"
recall = true
nominee = 2

[fiscal]
patronage_weight = 1.5

[[events]]
month = 30
`)}}
	_, err := scenarios.Load(fsys, "bad.toml")
	fmt.Println(err)
	// Output:
	// bad.toml:6: institutions.recall: recall = true but selection = "appointed" (hint: residents can only recall an akim they elected: set selection = "direct" or recall = false)
	// bad.toml:7: institutions.nominee: unknown key (hint: did you mean nominees?)
	// bad.toml:10: fiscal.patronage_weight: 1.5 is out of range [0, 1] (hint: use a value from 0 to 1)
	// bad.toml:13: events[0].month: month 30 is beyond the scenario's 24 months (hint: use a month from 1 to 24, or raise meta.months to at least 30)
}

// Overrides (the --set flag) are checked like the same key in a file.
func ExampleResolve() {
	s, err := scenarios.Resolve("classroom", []string{"institutions.selection=appointed", "meta.trials=5"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Trials, s.Params.Institutions.Selection, s.Params.World.Population)

	_, err = scenarios.Resolve("classroom", []string{"institutions.selection=elected"})
	fmt.Println(err)
	// Output:
	// classroom 5 appointed 40000
	// --set: institutions.selection: "elected" is not one of appointed, indirect, direct (hint: use one of appointed, indirect, direct)
}

func ExampleList() {
	for _, in := range scenarios.List()[:2] {
		fmt.Printf("%s: %s\n", in.Name, in.Description)
	}
	// Output:
	// besley_two_period: Besley's (2006) two-period agency model run by the engine: one election, informed voters, for docking
	// classic_epstein: Epstein's (2002) Model I on a 40x40 grid with Mesa's settings, for docking the unrest rule
}
