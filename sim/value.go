package sim

import (
	"reflect"
	"strconv"
)

// Value is the value of a parameter: a number (fractional or whole), true
// or false, or a word. Make one with Float, Int, Bool or Word; the zero
// Value is no value, which no key admits. Values compare with ==.
type Value struct {
	kind reflect.Kind // reflect.Float64, reflect.Int, reflect.Bool, reflect.String; reflect.Invalid for none
	f    float64
	n    int
	b    bool
	s    string
}

// Float returns the number x as a Value.
func Float(x float64) Value { return Value{kind: reflect.Float64, f: x} }

// Int returns the whole number n as a Value.
func Int(n int) Value { return Value{kind: reflect.Int, n: n} }

// Bool returns b as a Value.
func Bool(b bool) Value { return Value{kind: reflect.Bool, b: b} }

// Word returns the word s, such as "direct", as a Value.
func Word(s string) Value { return Value{kind: reflect.String, s: s} }

// valueOf returns the value of a parameter field.
func valueOf(f reflect.Value) Value {
	switch f.Kind() {
	case reflect.Float64:
		return Float(f.Float())
	case reflect.Int:
		return Int(int(f.Int()))
	case reflect.Bool:
		return Bool(f.Bool())
	case reflect.String:
		return Word(f.String())
	}
	return Value{}
}

// Kind returns reflect.Float64, reflect.Int, reflect.Bool or
// reflect.String, or reflect.Invalid for the zero Value.
func (v Value) Kind() reflect.Kind { return v.kind }

// Any returns v as a float64, int, bool or string, or nil for the zero
// Value.
func (v Value) Any() any {
	switch v.kind {
	case reflect.Float64:
		return v.f
	case reflect.Int:
		return v.n
	case reflect.Bool:
		return v.b
	case reflect.String:
		return v.s
	}
	return nil
}

// number returns a number Value as a float64.
func (v Value) number() float64 {
	if v.kind == reflect.Int {
		return float64(v.n)
	}
	return v.f
}

// String writes v as a --set flag would: a number, true or false, or the
// word.
func (v Value) String() string {
	switch v.kind {
	case reflect.Float64:
		return formatNumber(v.f)
	case reflect.Int:
		return strconv.Itoa(v.n)
	case reflect.Bool:
		return strconv.FormatBool(v.b)
	case reflect.String:
		return v.s
	}
	return "no value"
}

// describe names v's kind and value for an error message.
func (v Value) describe() string {
	switch v.kind {
	case reflect.Float64:
		return "the number " + v.String()
	case reflect.Int:
		return "the whole number " + v.String()
	case reflect.String:
		return "the word " + quoteWord(v.s)
	}
	return v.String()
}

// maxWordEcho is how many characters of a word a message quotes: a word
// from a file may be a megabyte long.
const maxWordEcho = 40

// quoteWord returns s quoted for a message, cut to its first maxWordEcho
// characters and "..." if it is longer.
func quoteWord(s string) string {
	n := 0
	for i := range s {
		if n == maxWordEcho {
			return strconv.Quote(s[:i] + "...")
		}
		n++
	}
	return strconv.Quote(s)
}
