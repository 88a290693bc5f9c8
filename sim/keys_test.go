package sim

import (
	"reflect"
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
		if err := p.Set(k.Name, v); err != nil {
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
		val     any
		wantErr string
	}{
		{"fiscal.patronage_weight", 0.3, ""},
		{"fiscal.patronage_weight", "0.3", ""},
		{"fiscal.patronage_weight", int64(1), ""},
		{"fiscal.patronage_weight", 1.5, "out of range"},
		{"fiscal.patronage_weight", "lots", "not a number"},
		{"world.represent", 2.5, "whole number"},
		{"world.represent", int64(10), ""},
		{"institutions.selection", "direct", ""},
		{"institutions.selection", "lottery", "not one of"},
		{"institutions.recall", "true", ""},
		{"institutions.recall", 1.0, "true or false"},
		{"fiscal.patronge_weight", 0.3, "unknown key"},
		{"fiscl.patronage_weight", 0.3, "unknown section"},
		{"patronage_weight", 0.3, "section.key"},
	}
	for _, tt := range tests {
		p := Default()
		err := p.Set(tt.key, tt.val)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("Set(%q, %v) = %v; want nil", tt.key, tt.val, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Set(%q, %v) = %v; want error containing %q", tt.key, tt.val, err, tt.wantErr)
		}
	}
	p := Default()
	_ = p.Set("fiscal.patronage_weight", "0.25")
	if p.Fiscal.PatronageWeight != 0.25 {
		t.Errorf("after Set, patronage_weight = %v; want 0.25", p.Fiscal.PatronageWeight)
	}
}
