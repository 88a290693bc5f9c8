package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Params.Validate enforces it.
	Fixed bool
}

// keyTable is every key of Params, found once from the struct tags.
type keyTable struct {
	sorted   []Key          // by name
	declared []Key          // in the order of Params' sections and fields
	byName   map[string]int // name -> index in declared
	path     [][2]int       // declared[i] is field path[i][1] of section field path[i][0]
	sections []string       // section names in declaration order
}

var allKeys = sync.OnceValue(func() *keyTable {
	t := &keyTable{byName: map[string]int{}}
	pt := reflect.TypeFor[Params]()
	for i := range pt.NumField() {
		sec := pt.Field(i)
		if sec.Type.Kind() != reflect.Struct {
			continue
		}
		secName := sec.Tag.Get("toml")
		t.sections = append(t.sections, secName)
		for j := range sec.Type.NumField() {
			f := sec.Type.Field(j)
			k := keyOf(secName+"."+f.Tag.Get("toml"), f)
			t.byName[k.Name] = len(t.declared)
			t.declared = append(t.declared, k)
			t.path = append(t.path, [2]int{i, j})
		}
	}
	t.sorted = slices.Clone(t.declared)
	slices.SortFunc(t.sorted, func(a, b Key) int { return strings.Compare(a.Name, b.Name) })
	return t
})

// Keys lists every settable parameter of Params, sorted by name. Events are
// not keys: they are a list of their own.
func Keys() []Key { return slices.Clone(allKeys().sorted) }

// KeyByName returns the settable parameter called name ("section.key"),
// and whether there is one.
func KeyByName(name string) (Key, bool) {
	t := allKeys()
	i, ok := t.byName[name]
	if !ok {
		return Key{}, false
	}
	return t.declared[i], true
}

// EventKeys describes the numeric fields of an Event (month, hardship,
// legitimacy) with their ranges, named as in a scenario file.
func EventKeys() []Key {
	var keys []Key
	t := reflect.TypeFor[Event]()
	for i := range t.NumField() {
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

// field returns the key named name and p's addressable field for it, or
// a *Problem if there is no such key.
func (p *Params) field(name string) (Key, reflect.Value, error) {
	t := allKeys()
	i, ok := t.byName[name]
	if !ok {
		return Key{}, reflect.Value{}, unknownKey(name)
	}
	at := t.path[i]
	return t.declared[i], reflect.ValueOf(p).Elem().Field(at[0]).Field(at[1]), nil
}

// unknownKey is the problem of a name that is no parameter.
func unknownKey(name string) *Problem {
	hint := "keys are section.key, such as institutions.selection; Keys lists them all"
	if sec, _, ok := strings.Cut(name, "."); ok && !slices.Contains(allKeys().sections, sec) {
		hint = "there is no section [" + sec + "]; the sections are " + strings.Join(allKeys().sections, ", ")
	}
	return &Problem{Kind: UnknownKey, Keys: []string{name}, Event: NoEvent, Msg: "unknown key", Hint: hint}
}

// Get returns the value of the parameter named key ("section.key"), as
// the field's own type: float64, int, bool or string.
func (p *Params) Get(key string) (any, error) {
	_, f, err := p.field(key)
	if err != nil {
		return nil, err
	}
	return f.Interface(), nil
}

// Set sets the parameter named key ("section.key") to v, after checking
// it as Key.Check does. The error is a *Problem naming the key.
func (p *Params) Set(key string, v Value) error {
	k, f, err := p.field(key)
	if err != nil {
		return err
	}
	v, err = k.Check(v)
	if err != nil {
		return err
	}
	switch k.Kind {
	case reflect.Float64:
		f.SetFloat(v.f)
	case reflect.Int:
		f.SetInt(int64(v.n))
	case reflect.Bool:
		f.SetBool(v.b)
	case reflect.String:
		f.SetString(v.s)
	}
	return nil
}

// Check checks that v is admissible for k and returns it as a value of
// k's own kind: a number for a number key (finite, whole for a
// whole-number key, within the key's range), true or false for a true or
// false key, one of the key's words for a word key. A whole number is
// admissible for a key of fractional numbers. The error is a *Problem
// naming the key.
func (k Key) Check(v Value) (Value, error) {
	bad := func(msg, hint string) (Value, error) {
		return Value{}, &Problem{Kind: BadValue, Keys: []string{k.Name}, Event: NoEvent, Msg: msg, Hint: hint}
	}
	switch k.Kind {
	case reflect.Float64, reflect.Int:
		if v.kind != reflect.Float64 && v.kind != reflect.Int {
			return bad("wants "+k.wants()+", not "+v.describe(), "give a number")
		}
		x := v.number()
		use := "use a value from " + formatBound(k.Min) + " to " + formatBound(k.Max)
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return bad("wants a finite number, not "+v.String(), use)
		case k.Kind == reflect.Int && x != math.Trunc(x):
			return bad("wants a whole number, not "+v.String(), "drop the fractional part")
		case k.Min != nil && x < *k.Min || k.Max != nil && x > *k.Max:
			return bad(v.String()+" is out of range ["+formatBound(k.Min)+", "+formatBound(k.Max)+"]", use)
		}
		if k.Kind == reflect.Int {
			return Int(int(x)), nil
		}
		return Float(x), nil
	case reflect.Bool:
		if v.kind != reflect.Bool {
			return bad("wants true or false, not "+v.describe(), "give true or false")
		}
	case reflect.String:
		if v.kind != reflect.String {
			return bad("wants "+k.wants()+", not "+v.describe(), "give a word: "+strings.Join(k.Enum, ", "))
		}
		if len(k.Enum) > 0 && !slices.Contains(k.Enum, v.s) {
			return bad(quoteWord(v.s)+" is not one of "+strings.Join(k.Enum, ", "), "use one of "+strings.Join(k.Enum, ", "))
		}
	}
	return v, nil
}

// CheckChange reports whether an event may change the parameter k during
// a run. If k is fixed for the run, the error is a *Problem saying why.
func (k Key) CheckChange() error {
	fixed := func(msg, hint string) error {
		return &Problem{Kind: FixedKey, Keys: []string{k.Name}, Event: NoEvent, Msg: msg, Hint: hint}
	}
	switch {
	case strings.HasPrefix(k.Name, "world."):
		return fixed("the world is generated once and cannot change during a run",
			"set it under [world] instead, or compare two scenarios")
	case k.Fixed:
		return fixed("this parameter is read once, when the world is generated, and cannot change during a run",
			"set it in its section instead, or compare two scenarios")
	}
	return nil
}

// wants says what values k takes.
func (k Key) wants() string {
	switch k.Kind {
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "one of " + strings.Join(k.Enum, ", ")
}

// CheckRange reports whether x lies in the key's admissible range, with an
// error that names the key and the range.
func (k Key) CheckRange(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("sim: %s must be a finite number, not %s", k.Name, formatNumber(x))
	}
	if k.Min != nil && x < *k.Min || k.Max != nil && x > *k.Max {
		return fmt.Errorf("sim: %s = %s is out of range [%s, %s]", k.Name, formatNumber(x), formatBound(k.Min), formatBound(k.Max))
	}
	return nil
}

// CheckWord reports whether s is one of the key's admissible words, with
// an error that names the key and the words.
func (k Key) CheckWord(s string) error {
	if len(k.Enum) == 0 || slices.Contains(k.Enum, s) {
		return nil
	}
	return fmt.Errorf("sim: %s = %s is not one of %s", k.Name, quoteWord(s), strings.Join(k.Enum, ", "))
}

// formatBound writes a range's end: a number, or "any" if there is none.
func formatBound(b *float64) string {
	if b == nil {
		return "any"
	}
	return formatNumber(*b)
}

// formatNumber writes x as a scenario file would: in plain decimals below
// 10^15, with an exponent above, "nan" and "+inf" or "-inf" if not finite.
func formatNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "+inf"
	case math.IsInf(x, -1):
		return "-inf"
	case math.Abs(x) < 1e15:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
