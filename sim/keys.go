package sim

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Key describes one settable parameter, named "section.key" as in a
// scenario file.
type Key struct {
	Name string       // "fiscal.patronage_weight"
	Kind reflect.Kind // reflect.Float64, reflect.Int, reflect.Bool or reflect.String
	Min  *float64     // admissible minimum, if any
	Max  *float64     // admissible maximum, if any
	Enum []string     // admissible words, for string keys other than files
	// File says a string key names a file or an embedded table (tag
	// file:"true"), not a word from Enum.
	File bool
	// Fixed says an event may not change the parameter during a run: every
	// [world] key (the world is generated once, though a few such as
	// median_income are also read later) and those tagged fixed:"true".
	// The scenario loader enforces it.
	Fixed bool
}

// Keys lists every settable parameter of Params, sorted by name. Events are
// not keys: they are a list of their own.
func Keys() []Key {
	var keys []Key
	t := reflect.TypeOf(Params{})
	for i := 0; i < t.NumField(); i++ {
		sec := t.Field(i)
		if sec.Type.Kind() != reflect.Struct {
			continue
		}
		secName := sec.Tag.Get("toml")
		for j := 0; j < sec.Type.NumField(); j++ {
			f := sec.Type.Field(j)
			keys = append(keys, keyOf(secName+"."+f.Tag.Get("toml"), f))
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	return keys
}

// EventKeys describes the numeric fields of an Event (month, hardship,
// legitimacy) with their ranges, named as in a scenario file.
func EventKeys() []Key {
	var keys []Key
	t := reflect.TypeOf(Event{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		keys = append(keys, keyOf(f.Tag.Get("toml"), f))
	}
	return keys
}

func keyOf(name string, f reflect.StructField) Key {
	k := Key{Name: name, Kind: f.Type.Kind(), Fixed: strings.HasPrefix(name, "world.") || f.Tag.Get("fixed") == "true",
		File: f.Tag.Get("file") == "true"}
	if s, ok := f.Tag.Lookup("min"); ok {
		v, _ := strconv.ParseFloat(s, 64)
		k.Min = &v
	}
	if s, ok := f.Tag.Lookup("max"); ok {
		v, _ := strconv.ParseFloat(s, 64)
		k.Max = &v
	}
	if s, ok := f.Tag.Lookup("enum"); ok {
		k.Enum = strings.Split(s, ",")
	}
	return k
}

// field finds the addressable field of p named by key.
func (p *Params) field(key string) (reflect.Value, reflect.StructField, error) {
	sec, name, ok := strings.Cut(key, ".")
	if !ok {
		return reflect.Value{}, reflect.StructField{}, fmt.Errorf("sim: key %q is not of the form section.key", key)
	}
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("toml") != sec || t.Field(i).Type.Kind() != reflect.Struct {
			continue
		}
		sv, st := v.Field(i), t.Field(i).Type
		for j := 0; j < st.NumField(); j++ {
			if st.Field(j).Tag.Get("toml") == name {
				return sv.Field(j), st.Field(j), nil
			}
		}
		return reflect.Value{}, reflect.StructField{}, fmt.Errorf("sim: unknown key %q in section [%s]", name, sec)
	}
	return reflect.Value{}, reflect.StructField{}, fmt.Errorf("sim: unknown section %q", sec)
}

// Get returns the value of the parameter named key ("section.key").
func (p *Params) Get(key string) (any, error) {
	v, _, err := p.field(key)
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

// Set sets the parameter named key ("section.key") to v, which may be a
// value of the field's own type, any integer or float for numeric fields,
// or a string in the syntax of a scenario file (so command-line overrides
// and events share one path). It checks the key's range and words.
func (p *Params) Set(key string, v any) error {
	f, sf, err := p.field(key)
	if err != nil {
		return err
	}
	k := keyOf(key, sf)
	switch f.Kind() {
	case reflect.Float64:
		x, err := toFloat(v)
		if err != nil {
			return fmt.Errorf("sim: %s wants a number: %w", key, err)
		}
		if err := k.CheckRange(x); err != nil {
			return err
		}
		f.SetFloat(x)
	case reflect.Int:
		x, err := toFloat(v)
		if err != nil {
			return fmt.Errorf("sim: %s wants a whole number: %w", key, err)
		}
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return fmt.Errorf("sim: %s wants a whole number, not %v", key, v)
		}
		if err := k.CheckRange(x); err != nil {
			return err
		}
		f.SetInt(int64(x))
	case reflect.Bool:
		switch b := v.(type) {
		case bool:
			f.SetBool(b)
		case string:
			x, err := strconv.ParseBool(b)
			if err != nil {
				return fmt.Errorf("sim: %s wants true or false, not %q", key, b)
			}
			f.SetBool(x)
		default:
			return fmt.Errorf("sim: %s wants true or false, not %v", key, v)
		}
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("sim: %s wants a word (one of %s), not %v", key, strings.Join(k.Enum, ", "), v)
		}
		s = strings.Trim(s, `"'`)
		if err := k.CheckWord(s); err != nil {
			return err
		}
		f.SetString(s)
	default:
		return fmt.Errorf("sim: %s cannot be set", key)
	}
	return nil
}

// CheckRange reports whether x lies in the key's admissible range, with an
// error that names the range.
func (k Key) CheckRange(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("sim: %s must be a finite number, not %v", k.Name, x)
	}
	if k.Min != nil && x < *k.Min || k.Max != nil && x > *k.Max {
		return fmt.Errorf("sim: %s = %v is out of range [%v, %v]", k.Name, x, fmtBound(k.Min), fmtBound(k.Max))
	}
	return nil
}

// CheckWord reports whether s is one of the key's admissible words.
func (k Key) CheckWord(s string) error {
	if len(k.Enum) == 0 {
		return nil
	}
	for _, w := range k.Enum {
		if w == s {
			return nil
		}
	}
	return fmt.Errorf("sim: %s = %q is not one of %s", k.Name, s, strings.Join(k.Enum, ", "))
}

func fmtBound(b *float64) string {
	if b == nil {
		return "any"
	}
	return strconv.FormatFloat(*b, 'g', -1, 64)
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(x), "_", ""), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", x)
		}
		return f, nil
	default:
		return 0, fmt.Errorf("%v is not a number", v)
	}
}
