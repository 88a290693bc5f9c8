package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/decentsim/decentsim/sim"
)

// Encode writes the resolved scenario s as a TOML scenario file that
// extends nothing and states its meta settings, every parameter and every
// event, so that loading it gives back exactly s (Source aside). Floats
// are written in the shortest form that reads back to the same value.
func Encode(s *Scenario) ([]byte, error) {
	if s == nil {
		return nil, errors.New("scenarios: cannot encode a nil scenario")
	}
	if s.Seed > math.MaxInt64 {
		return nil, fmt.Errorf("scenarios: seed %d does not fit in a TOML integer (at most %d)", s.Seed, int64(math.MaxInt64))
	}
	var w bytes.Buffer
	var err error
	put := func(key string, v any) {
		text, e := formatValue(v)
		if e != nil && err == nil {
			err = fmt.Errorf("scenarios: cannot encode %s: %w", key, e)
		}
		fmt.Fprintf(&w, "%s = %s\n", key, text)
	}

	w.WriteString("# A fully resolved decentsim scenario: every parameter is stated and\n")
	w.WriteString("# nothing is inherited, so this file alone gives the same run.\n\n")
	w.WriteString("[meta]\n")
	put("name", s.Name)
	put("description", s.Description)
	put("months", s.Months)
	put("trials", s.Trials)
	put("seed", int64(s.Seed))
	if s.Model != "" && s.Model != sim.ModelRural {
		// Only another model is written, so a rural scenario's file is
		// as it was before models could be chosen.
		put("model", s.Model)
	}

	schema := paramSchema()
	pv := reflect.ValueOf(s.Params)
	for _, sec := range schema.sections {
		sv := pv.Field(schema.field[sec])
		fmt.Fprintf(&w, "\n[%s]\n", sec)
		for j, k := range schema.fields[sec] {
			put(k, sv.Field(j).Interface())
		}
	}

	for _, e := range s.Params.Events {
		w.WriteString("\n[[events]]\n")
		ev := reflect.ValueOf(e)
		for _, k := range schema.event {
			f := ev.Field(schema.eventIdx[k])
			if k == eventSetKey || f.IsZero() && k != "month" && k != "label" {
				continue
			}
			put(k, f.Interface())
		}
		if len(e.Set) > 0 {
			w.WriteString("[events.set]\n")
			for _, k := range sortedKeys(e.Set) {
				put(quote(k), e.Set[k].Any())
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return w.Bytes(), nil
}

// formatValue writes v as a TOML value.
func formatValue(v any) (string, error) {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return formatFloat(x)
	case string:
		if !utf8.ValidString(x) {
			return "", fmt.Errorf("%q is not valid UTF-8", x)
		}
		return quote(x), nil
	}
	return "", fmt.Errorf("unsupported value %v of type %T", v, v)
}

// formatFloat writes x as a TOML float that reads back exactly: the
// shortest decimal that round-trips, always with a point or an exponent.
func formatFloat(x float64) (string, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", fmt.Errorf("%v is not a finite number", x)
	}
	var s string
	if a := math.Abs(x); a == 0 || 1e-4 <= a && a < 1e15 {
		s = strconv.FormatFloat(x, 'f', -1, 64)
	} else {
		s = strconv.FormatFloat(x, 'e', -1, 64)
	}
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s, nil
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
