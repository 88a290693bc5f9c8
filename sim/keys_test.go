package sim

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestKeysCoverEveryParameter(t *testing.T) {
	t.Parallel()
	keys := Keys()
	n := 0
	tp := reflect.TypeOf(Params{})
	for i := 0; i < tp.NumField(); i++ {
		if tp.Field(i).Type.Kind() == reflect.Struct {
			n += tp.Field(i).Type.NumField()
		}
	}
	if len(keys) != n {
		t.Errorf("Keys() lists %d keys; Params has %d fields", len(keys), n)
	}
	p := Default()
	for _, k := range keys {
		v, err := p.Get(k.Name)
		if err != nil {
			t.Errorf("Get(%q) = %v", k.Name, err)
			continue
		}
		if err := p.Set(k.Name, valueOf(reflect.ValueOf(v))); err != nil {
			t.Errorf("Set(%q, default %v) = %v; want the default to be valid", k.Name, v, err)
		}
		if k.Kind == reflect.String && len(k.Enum) == 0 && !k.File {
			t.Errorf("string key %s has no enum and is not a file", k.Name)
		}
		if (k.Kind == reflect.Float64 || k.Kind == reflect.Int) && (k.Min == nil || k.Max == nil) {
			t.Errorf("numeric key %s lacks a min or max tag", k.Name)
		}
	}
}

func TestSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key     string
		val     Value
		wantErr string
	}{
		{"fiscal.patronage_weight", Float(0.3), ""},
		{"fiscal.patronage_weight", Int(1), ""},
		{"fiscal.patronage_weight", Float(1.5), "1.5 is out of range [0, 1]"},
		{"fiscal.patronage_weight", Float(math.NaN()), "wants a finite number, not nan"},
		{"fiscal.patronage_weight", Word("0.3"), `wants a number, not the word "0.3"`},
		{"fiscal.patronage_weight", Bool(true), "wants a number, not true"},
		{"fiscal.transfer_per_capita", Float(2e9), "2000000000 is out of range [0, 1000000000]"},
		{"world.represent", Float(2.5), "wants a whole number, not 2.5"},
		{"world.represent", Float(10), ""},
		{"world.represent", Int(10), ""},
		{"world.represent", Int(0), "0 is out of range [1, 1000000]"},
		{"institutions.selection", Word("direct"), ""},
		{"institutions.selection", Word("lottery"), `"lottery" is not one of appointed, indirect, direct`},
		{"institutions.selection", Int(2), "wants one of appointed, indirect, direct, not the whole number 2"},
		{"institutions.recall", Bool(true), ""},
		{"institutions.recall", Word("true"), `wants true or false, not the word "true"`},
		{"institutions.recall", Float(1), "wants true or false, not the number 1"},
		{"institutions.recall", Value{}, "wants true or false, not no value"},
		{"fiscal.patronge_weight", Float(0.3), "unknown key"},
		{"fiscl.patronage_weight", Float(0.3), "there is no section [fiscl]"},
		{"patronage_weight", Float(0.3), "keys are section.key"},
	}
	for _, tt := range tests {
		p := Default()
		err := p.Set(tt.key, tt.val)
		var pr *Problem
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("Set(%q, %v) = %v; want nil", tt.key, tt.val, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Set(%q, %v) = %v; want error containing %q", tt.key, tt.val, err, tt.wantErr)
		case err != nil && (!errors.As(err, &pr) || !slices.Equal(pr.Keys, []string{tt.key}) || pr.Hint == ""):
			t.Errorf("Set(%q, %v) = %#v; want a *Problem naming the key, with a hint", tt.key, tt.val, err)
		}
		if err != nil && !reflect.DeepEqual(p, Default()) {
			t.Errorf("Set(%q, %v) failed but changed the parameters", tt.key, tt.val)
		}
	}
	p := Default()
	if err := p.Set("world.represent", Float(25)); err != nil || p.World.Represent != 25 {
		t.Errorf("after Set(world.represent, Float(25)) = %v, represent = %d; want 25", err, p.World.Represent)
	}
	if err := p.Set("fiscal.patronage_weight", Int(1)); err != nil || p.Fiscal.PatronageWeight != 1 {
		t.Errorf("after Set(fiscal.patronage_weight, Int(1)) = %v, patronage_weight = %v; want 1", err, p.Fiscal.PatronageWeight)
	}
}

func TestKeyByName(t *testing.T) {
	t.Parallel()
	for _, want := range Keys() {
		got, ok := KeyByName(want.Name)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("KeyByName(%q) = %+v, %v; want %+v, true", want.Name, got, ok, want)
		}
	}
	for _, name := range []string{"", "fiscal", "fiscal.patronge_weight", "patronage_weight", "events.month", "fiscal.patronage_weight.x"} {
		if k, ok := KeyByName(name); ok {
			t.Errorf("KeyByName(%q) = %+v, true; want no key", name, k)
		}
	}
	if k, _ := KeyByName("institutions.selection"); k.Kind != reflect.String || !slices.Equal(k.Enum, []string{"appointed", "indirect", "direct"}) {
		t.Errorf("KeyByName(institutions.selection) = %+v; want a word key of three words", k)
	}
}

// TestWordsMapToEnums checks that every word of institutions.selection
// and unrest.rounding names its own mode or rounding, and that another
// word is an error, not a default.
func TestWordsMapToEnums(t *testing.T) {
	t.Parallel()
	sel, _ := KeyByName("institutions.selection")
	for i, w := range sel.Enum {
		if m, err := modeOf(w); err != nil || int(m) != i || m.String() != w {
			t.Errorf("modeOf(%q) = %v, %v; want mode %d", w, m, err, i)
		}
	}
	rnd, _ := KeyByName("unrest.rounding")
	for i, w := range rnd.Enum {
		if r, err := RoundingOf(w); err != nil || int(r) != i {
			t.Errorf("RoundingOf(%q) = %v, %v; want rounding %d", w, r, err, i)
		}
	}
	for _, w := range []string{"", "Direct", "elected"} {
		if m, err := modeOf(w); err == nil {
			t.Errorf("modeOf(%q) = %v, nil; want an error", w, m)
		}
		if r, err := RoundingOf(w); err == nil {
			t.Errorf("RoundingOf(%q) = %v, nil; want an error", w, r)
		}
	}
}

// TestLongWordsClipped checks that a message quotes at most the start of
// a word it refuses: a word from a file may be a megabyte long (issue 20).
func TestLongWordsClipped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ж", 1<<20)
	sel, _ := KeyByName("institutions.selection")
	want := `"` + strings.Repeat("ж", 40) + `..."`
	if _, err := sel.Check(Word(long)); err == nil || !strings.Contains(err.Error(), want+" is not one of") || len(err.Error()) > 300 {
		t.Errorf("Check(a word of 1 MB) = %.200v; want %s is not one of ...", err, want)
	}
	if err := sel.CheckWord(long); err == nil || !strings.Contains(err.Error(), want+" is not one of") {
		t.Errorf("CheckWord(a word of 1 MB) = %.200v; want %s is not one of ...", err, want)
	}
	oblasts, _ := KeyByName("world.oblasts")
	if _, err := oblasts.Check(Word(long)); err == nil || !strings.Contains(err.Error(), "the word "+want) || len(err.Error()) > 300 {
		t.Errorf("Check(world.oblasts, a word of 1 MB) = %.200v; want the word %s", err, want)
	}
	if got := quoteWord("direct"); got != `"direct"` {
		t.Errorf(`quoteWord("direct") = %s; want "direct"`, got)
	}
}
