package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/decentsim/decentsim/sim"
)

// wantLibrary is the embedded library the issue asks for.
var wantLibrary = []string{
	"besley_two_period", "classic_epstein", "classic_epstein_paper", "classic_legitimacy_gradual", "classic_legitimacy_sudden",
	"classroom", "classroom_qantar", "kz_appointed_pre2013", "kz_direct_2021", "kz_fiscal_autonomy", "kz_fourth_tier_2020",
	"kz_indirect_2013", "kz_participatory", "kz_qantar_shock", "kz_reform_timeline", "kz_rural_council",
}

func TestList(t *testing.T) {
	t.Parallel()
	infos := List()
	var names []string
	for _, in := range infos {
		names = append(names, in.Name)
		if in.Description == "" || strings.Contains(in.Description, "\n") {
			t.Errorf("List() description of %s = %q; want one non-empty line", in.Name, in.Description)
		}
	}
	if !slices.Equal(names, wantLibrary) {
		t.Errorf("List() names = %v; want %v", names, wantLibrary)
	}
}

func TestLibraryLoads(t *testing.T) {
	t.Parallel()
	for _, in := range List() {
		t.Run(in.Name, func(t *testing.T) {
			t.Parallel()
			s, err := Resolve(in.Name, nil)
			if err != nil {
				t.Fatalf("Resolve(%q, nil) error:\n%v", in.Name, err)
			}
			if s.Name != in.Name || s.Description != in.Description {
				t.Errorf("Resolve(%q, nil) name, description = %q, %q; want %q, %q", in.Name, s.Name, s.Description, in.Name, in.Description)
			}
			if want := "library/" + in.Name + ".toml"; s.Source != want {
				t.Errorf("Resolve(%q, nil).Source = %q; want %q", in.Name, s.Source, want)
			}
			if err := s.Params.Validate(); err != nil {
				t.Errorf("Resolve(%q, nil).Params.Validate() = %v; want nil", in.Name, err)
			}
			for _, e := range s.Params.Events {
				if e.Label == "" {
					t.Errorf("Resolve(%q, nil) event at month %d has no label", in.Name, e.Month)
				}
				for name, v := range e.Set {
					if k, _ := sim.KeyByName(name); v.Kind() != k.Kind {
						t.Errorf("Resolve(%q, nil) event at month %d sets %s to %v, a %v; want its own kind %v", in.Name, e.Month, name, v, v.Kind(), k.Kind)
					}
				}
			}
			src, err := Source(in.Name)
			if err != nil {
				t.Fatalf("Source(%q) error: %v", in.Name, err)
			}
			if !strings.HasPrefix(string(src), "# "+in.Name+":") {
				t.Errorf("Source(%q) starts %q; want a comment naming the scenario", in.Name, src[:min(40, len(src))])
			}
			if in.Name != Default && !strings.Contains(string(src), "\nextends = ") {
				t.Errorf("Source(%q) has no extends; want every file but %s to state only what differs", in.Name, Default)
			}
		})
	}
}

// TestDefaultIsSimDefault checks that the base scenario states every
// parameter and that its values are exactly sim.Default().
func TestDefaultIsSimDefault(t *testing.T) {
	t.Parallel()
	s, err := Resolve("", nil)
	if err != nil {
		t.Fatalf("Resolve(\"\", nil) error: %v", err)
	}
	if want := sim.Default(); !reflect.DeepEqual(s.Params, want) {
		t.Errorf("Resolve(\"\", nil).Params differ from sim.Default() in %v", paramsDiff(s.Params, want))
	}
	if s.Name != Default || s.Months != 120 || s.Trials != 30 || s.Seed != 1 {
		t.Errorf("Resolve(\"\", nil) meta = %q, %d months, %d trials, seed %d; want %q, 120, 30, 1", s.Name, s.Months, s.Trials, s.Seed, Default)
	}
	src, _ := Source(Default)
	var raw map[string]any
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		t.Fatal(err)
	}
	if md.IsDefined(keyExtends) {
		t.Errorf("Source(%q) extends another scenario; want it to be the base", Default)
	}
	for _, k := range sim.Keys() {
		sec, key, _ := strings.Cut(k.Name, ".")
		if !md.IsDefined(sec, key) {
			t.Errorf("Source(%q) does not state %s; want every parameter explicit", Default, k.Name)
		}
	}
}

func TestLibraryFacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  string
		want any
	}{
		{"kz_appointed_pre2013", "institutions.selection", "appointed"},
		{"kz_appointed_pre2013", "fiscal.own_budget", false},
		{"kz_indirect_2013", "institutions.selection", "indirect"},
		{"kz_indirect_2013", "institutions.education", "higher"},
		{"kz_fourth_tier_2020", "institutions.selection", "indirect"},
		{"kz_fourth_tier_2020", "fiscal.own_budget", true},
		{"kz_fiscal_autonomy", "fiscal.transfer_rule", "formula"},
		{"kz_fiscal_autonomy", "institutions.superior_can_dismiss", false},
		{"kz_fiscal_autonomy", "institutions.recall", true},
		{"kz_rural_council", "oversight.rural_council", true},
		{"kz_participatory", "participation.budget_share", 0.15},
		{"kz_reform_timeline", "institutions.selection", "appointed"},
		{"classroom", "world.oblasts", 1},
		{"classroom", "world.districts_per_oblast", 1},
	}
	for _, tt := range tests {
		s, err := Resolve(tt.name, nil)
		if err != nil {
			t.Fatalf("Resolve(%q, nil) error: %v", tt.name, err)
		}
		if got, _ := s.Params.Get(tt.key); got != tt.want {
			t.Errorf("Resolve(%q).Params.Get(%q) = %v; want %v", tt.name, tt.key, got, tt.want)
		}
	}
}

// TestReformTimeline replays the timeline's events and checks that the
// rules in force match the seed facts at the dates they name.
func TestReformTimeline(t *testing.T) {
	t.Parallel()
	s, err := Resolve("kz_reform_timeline", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Months != 192 {
		t.Errorf("kz_reform_timeline months = %d; want 192 (January 2010 to December 2025)", s.Months)
	}
	// month returns the month number of a year and month, January 2010 = 1.
	month := func(year, m int) int { return (year-2010)*12 + m }
	tests := []struct {
		at   int
		key  string
		want any
	}{
		{month(2012, 12), "institutions.selection", "appointed"},
		{month(2013, 1), "institutions.selection", "indirect"},
		{month(2013, 1), "institutions.education", "higher"},
		{month(2017, 12), "fiscal.own_budget", false},
		{month(2018, 1), "fiscal.own_budget", true},
		{month(2018, 1), "fiscal.own_budget_min_population", 2000},
		{month(2020, 1), "fiscal.own_budget_min_population", 0},
		{month(2021, 6), "institutions.selection", "indirect"},
		{month(2021, 7), "institutions.selection", "direct"},
		{month(2021, 7), "institutions.education", "vocational"},
		{month(2021, 12), "institutions.deputy_recall", false},
		{month(2022, 1), "institutions.deputy_recall", true},
		{month(2023, 3), "institutions.maslikhat_single_mandate", true},
		{month(2023, 3), "institutions.maslikhat_fee", 350000.0},
		{month(2025, 12), "institutions.recall", false},
	}
	for _, tt := range tests {
		p := s.Params
		for _, e := range s.Params.Events {
			if e.Month > tt.at {
				break
			}
			for k, v := range e.Set {
				if err := p.Set(k, v); err != nil {
					t.Fatalf("event %q: Set(%q, %v) error: %v", e.Label, k, v, err)
				}
			}
		}
		if got, _ := p.Get(tt.key); got != tt.want {
			t.Errorf("kz_reform_timeline at month %d: %s = %v; want %v", tt.at, tt.key, got, tt.want)
		}
	}
	shock := false
	for _, e := range s.Params.Events {
		if e.Month == month(2022, 1) && e.Hardship > 0 {
			shock = true
		}
	}
	if !shock {
		t.Errorf("kz_reform_timeline has no hardship shock in January 2022 (Qantar)")
	}
}

func TestSourceUnknown(t *testing.T) {
	t.Parallel()
	_, err := Source("kz_direct_2012")
	var e *Error
	if !errorsAs(err, &e) || !strings.Contains(e.Hint, "kz_direct_2021") {
		t.Errorf("Source(%q) error = %v; want an *Error suggesting kz_direct_2021", "kz_direct_2012", err)
	}
	if _, err := Source("kz_direct_2021.toml"); err != nil {
		t.Errorf("Source(%q) error = %v; want nil", "kz_direct_2021.toml", err)
	}
}

// paramsDiff lists the keys whose values differ between a and b, as
// "key: a != b", and whether their events differ.
func paramsDiff(a, b sim.Params) []string {
	var diff []string
	for _, k := range sim.Keys() {
		x, _ := a.Get(k.Name)
		y, _ := b.Get(k.Name)
		if x != y {
			diff = append(diff, fmt.Sprintf("%s: %v != %v", k.Name, x, y))
		}
	}
	if !reflect.DeepEqual(a.Events, b.Events) {
		diff = append(diff, fmt.Sprintf("events: %+v != %+v", a.Events, b.Events))
	}
	return diff
}
