package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/sim"
)

// file applies the decoded contents of one scenario file to a build.
type file struct {
	l    *loader
	name string
	pos  positions
}

// at returns the location of the key at path in this file.
func (f *file) at(path ...string) loc { return f.l.at(f.name, f.pos.line(path...)) }

// apply applies the top-level keys of raw (extends is already handled).
func (f *file) apply(b *build, raw map[string]any) {
	s := paramSchema()
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		switch {
		case k == keyExtends:
		case k == keyMeta:
			f.meta(b, v)
		case k == keyEvents:
			f.events(b, v)
		case s.isSection(k):
			f.section(b, k, v)
		default:
			f.unknownTop(k, v)
		}
	}
}

// meta applies the [meta] table.
func (f *file) meta(b *build, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		f.l.fail(f.at(keyMeta), keyMeta, "wants a table, not "+describe(v),
			"write [meta] on a line of its own, followed by name, description, months, trials, seed and model")
		return
	}
	for _, k := range sortedKeys(m) {
		f.l.setMeta(b, k, m[k], f.at(keyMeta, k))
	}
}

// setMeta sets meta.k to v, set at at (a file or an override).
func (l *loader) setMeta(b *build, k string, v any, at loc) {
	key := keyMeta + "." + k
	switch k {
	case "name", "description":
		s, ok := v.(string)
		if !ok {
			l.fail(at, key, "wants a quoted string, not "+describe(v), fmt.Sprintf(`write %s = "..." with quotes`, k))
			return
		}
		if k == "name" {
			if !validName(s) {
				l.fail(at, key, echo(s)+" cannot name an output folder",
					"use letters, digits, '_', '-' and '.', not starting with '.', e.g. name = \"my_reform\"")
				return
			}
			b.sc.Name = s
		} else {
			b.sc.Description = s
		}
	case "months", "trials", "seed":
		lo, hi := 1.0, float64(maxMonths)
		switch k {
		case "trials":
			hi = maxTrials
		case "seed":
			lo, hi = 0, math.MaxInt64
		}
		x, ok := number(v)
		switch {
		case !ok && isDigits(v):
			// Too large for a TOML integer, so it came as a word.
			l.fail(at, key, fmt.Sprintf("%s is out of range [%s, %s]", v, formatBound(lo), formatBound(hi)),
				fmt.Sprintf("use a whole number from %s to %s", formatBound(lo), formatBound(hi)))
			return
		case !ok:
			l.fail(at, key, "wants a whole number, not "+describe(v), fmt.Sprintf("write a number without quotes, e.g. %s = %d", k, int(max(lo, 1))))
			return
		case x != math.Trunc(x) || math.Abs(x) > 1<<53 && !isInt(v):
			l.fail(at, key, "wants a whole number, not "+describe(v), "drop the fractional part")
			return
		case x < lo || x > hi:
			l.fail(at, key, fmt.Sprintf("%s is out of range [%s, %s]", formatNumber(v), formatBound(lo), formatBound(hi)),
				fmt.Sprintf("use a whole number from %s to %s", formatBound(lo), formatBound(hi)))
			return
		}
		n, isWhole := v.(int64)
		if !isWhole {
			n = int64(x)
		}
		b.where[key] = at
		switch k {
		case "months":
			b.sc.Months = int(n)
		case "trials":
			b.sc.Trials = int(n)
		case "seed":
			b.sc.Seed = uint64(n)
		}
	case "model":
		s, ok := v.(string)
		models := sim.Models()
		switch {
		case !ok:
			l.fail(at, key, "wants a quoted word, not "+describe(v), fmt.Sprintf("write model = %q", models[0]))
			return
		case !slices.Contains(models, s):
			hint := "use one of " + strings.Join(models, ", ")
			if c := closest(s, models); c != "" {
				hint = fmt.Sprintf("did you mean %q? %s", c, hint)
			}
			l.fail(at, key, fmt.Sprintf("%s is not one of %s", echo(s), strings.Join(models, ", ")), hint)
			return
		}
		b.sc.Model = s
	case keyExtends:
		l.fail(at, key, "extends belongs at the top of the file, not in [meta]",
			`move the extends = "..." line above [meta]`)
		return
	default:
		hint := "[meta] takes " + strings.Join(metaKeys, ", ")
		if c := closest(k, metaKeys); c != "" {
			hint = "did you mean " + c + "?"
		}
		l.fail(at, key, "unknown key", hint)
		return
	}
	b.where[key] = at
}

// section applies a parameter section such as [fiscal].
func (f *file) section(b *build, sec string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		f.l.fail(f.at(sec), sec, "wants a table of parameters, not "+describe(v),
			"write ["+sec+"] on a line of its own, followed by key = value lines")
		return
	}
	for _, k := range sortedKeys(m) {
		name := sec + "." + k
		at := f.at(sec, k)
		key, known := sim.KeyByName(name)
		if !known {
			f.l.fail(at, name, "unknown key", unknownKeyHint(sec, k))
			continue
		}
		if msg, hint := assign(&b.sc.Params, key, m[k]); msg != "" {
			f.l.fail(at, name, msg, hint)
			continue
		}
		b.where[name] = at
	}
}

// isKey reports whether name is a parameter's "section.key".
func isKey(name string) bool {
	_, ok := sim.KeyByName(name)
	return ok
}

// unknownKeyHint suggests what the unknown key k in section sec should be.
func unknownKeyHint(sec, k string) string {
	s := paramSchema()
	if secs := s.sectionOf(k); len(secs) > 0 {
		return fmt.Sprintf("%s belongs in [%s]", k, secs[0])
	}
	if c := closest(k, s.fields[sec]); c != "" {
		return "did you mean " + c + "?"
	}
	if c := closest(sec+"."+k, s.names); c != "" {
		return fmt.Sprintf("did you mean %s in [%s]?", short(c), c[:strings.Index(c, ".")])
	}
	return fmt.Sprintf("[%s] takes %s", sec, strings.Join(s.fields[sec], ", "))
}

// KeyHint suggests, from the table of parameters, what the unknown
// parameter name ("section.key") should be: a close key, the section a
// bare key belongs in, or how keys are written. The loader gives it for
// an unknown key in an override or an event's changes; commands taking
// parameter names give it too.
func KeyHint(name string) string {
	s := paramSchema()
	sec, k, dotted := strings.Cut(name, ".")
	if !dotted {
		if secs := s.sectionOf(name); len(secs) > 0 {
			return fmt.Sprintf("name the section too: %s.%s", secs[0], name)
		}
	}
	if c := closest(name, s.names); c != "" {
		return "did you mean " + c + "?"
	}
	if dotted && s.isSection(sec) {
		return unknownKeyHint(sec, k)
	}
	if dotted && sec == keyEvents {
		return "events are not parameters; write an [[events]] table in a scenario file"
	}
	if secs := s.sectionOf(k); dotted && len(secs) > 0 {
		return fmt.Sprintf("did you mean %s.%s?", secs[0], k)
	}
	return "keys are section.key, such as institutions.selection; `decentsim show " + Default + "` lists them all"
}

// unknownTop reports an unknown top-level key or table.
func (f *file) unknownTop(k string, v any) {
	s := paramSchema()
	what := "unknown key"
	switch v.(type) {
	case map[string]any:
		what = "unknown section [" + k + "]"
	case []map[string]any:
		what = "unknown list of tables [[" + k + "]]"
	}
	var hint string
	switch secs := s.sectionOf(k); {
	case len(secs) > 0:
		hint = fmt.Sprintf("%s belongs in [%s]: write it below a [%s] line", k, secs[0], secs[0])
	case slices.Contains(metaKeys, k):
		hint = fmt.Sprintf("%s belongs in [meta]: write it below a [meta] line", k)
	case isKey(k):
		hint = fmt.Sprintf("write %s = ... below a [%s] line", short(k), k[:strings.Index(k, ".")])
	case k == "event":
		hint = "did you mean [[events]]?"
	default:
		if c := closest(k, s.topLevel()); c != "" {
			if c != keyExtends {
				c = "[" + c + "]"
			}
			hint = "did you mean " + c + "?"
		} else {
			hint = "the top level takes extends, [meta], [[events]] and the sections [" + strings.Join(s.sections, "], [") + "]"
		}
	}
	f.l.fail(f.at(k), k, what, hint)
}

// events applies the [[events]] tables.
func (f *file) events(b *build, v any) {
	var list []any
	switch x := v.(type) {
	case []map[string]any:
		for _, m := range x {
			list = append(list, m)
		}
	case []any:
		list = x
	default:
		f.l.fail(f.at(keyEvents), keyEvents, "wants a list of [[events]] tables, not "+describe(v),
			"start each event with [[events]] (double brackets) on a line of its own")
		return
	}
	s := paramSchema()
	for i, e := range list {
		idx := strconv.Itoa(i)
		es := eventSrc{name: fmt.Sprintf("%s[%d]", keyEvents, i), at: f.at(keyEvents, idx), keys: map[string]loc{}}
		m, ok := e.(map[string]any)
		if !ok {
			f.l.fail(es.at, es.name, "wants an event table, not "+describe(e), "write each event as an [[events]] table")
			continue
		}
		valid := true
		for _, k := range sortedKeys(m) {
			at := f.at(keyEvents, idx, k)
			key := es.name + "." + k
			es.keys[k] = at
			ek, known := s.events[k]
			switch {
			case !known:
				hint := "an event takes " + strings.Join(s.event, ", ")
				switch {
				case isKey(k) || s.isSection(k) || len(s.sectionOf(k)) > 0:
					hint = `parameter changes go in the event's set table, e.g. set = { "institutions.selection" = "direct" }`
				case closest(k, s.event) != "":
					hint = "did you mean " + closest(k, s.event) + "?"
				}
				f.l.fail(at, key, "unknown key", hint)
				valid = false
			case k == eventSetKey:
				valid = f.eventSet(&es, m[k], idx) && valid
			default:
				if msg, hint := setEventField(&es.ev, ek, s.eventIdx[k], m[k]); msg != "" {
					f.l.fail(at, key, msg, hint)
					valid = false
				}
			}
		}
		if _, ok := m["month"]; !ok {
			f.l.fail(es.at, es.name, "event has no month", "add month = N, counting the run's first month as 1")
			valid = false
		}
		if valid {
			b.events = append(b.events, es)
		} else if es.ev.Month > 0 {
			// Dropped, but its month is still checked against the
			// horizon, so that every problem shows at once.
			b.invalidEvents = append(b.invalidEvents, es)
		}
	}
}

// setEventField checks v against the event key k and sets the field of e
// with index i. It returns what is wrong and a hint, or two empty strings.
func setEventField(e *sim.Event, k sim.Key, i int, v any) (msg, hint string) {
	f := reflect.ValueOf(e).Elem().Field(i)
	switch k.Kind {
	case reflect.Int, reflect.Float64:
		x, msg, hint := toValue(k, v, "")
		if msg == "" {
			msg, hint = checkValue(k, &x)
		}
		if msg != "" {
			return msg, hint
		}
		if k.Kind == reflect.Int {
			f.SetInt(int64(x.Any().(int)))
		} else {
			f.SetFloat(x.Any().(float64))
		}
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return "wants true or false, not " + describe(v), "write true or false without quotes"
		}
		f.SetBool(b)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return "wants a quoted string, not " + describe(v), fmt.Sprintf(`write %s = "..." with quotes`, k.Name)
		}
		f.SetString(s)
	default:
		return "cannot be set in a scenario file", "report this as a bug in decentsim"
	}
	return "", ""
}

// eventSet applies an event's set table: quoted "section.key" names, or
// section tables of keys. It reports whether all were valid.
func (f *file) eventSet(es *eventSrc, v any, idx string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		f.l.fail(f.at(keyEvents, idx, eventSetKey), es.name+".set", "wants a table of parameter changes, not "+describe(v),
			`write set = { "institutions.selection" = "direct" }`)
		return false
	}
	valid := true
	for _, k := range sortedKeys(m) {
		if sub, ok := m[k].(map[string]any); ok && !strings.Contains(k, ".") {
			for _, k2 := range sortedKeys(sub) {
				valid = f.l.setEventKey(es, k+"."+k2, sub[k2], f.at(keyEvents, idx, "set", k, k2)) && valid
			}
			continue
		}
		valid = f.l.setEventKey(es, k, m[k], f.at(keyEvents, idx, "set", k)) && valid
	}
	return valid
}

// setEventKey checks one change of an event and records it, as a value
// of the parameter's own kind (so that the event encodes as the parameter
// does). It reports whether the change was valid.
func (l *loader) setEventKey(es *eventSrc, name string, v any, at loc) bool {
	key := es.name + ".set." + name
	k, known := sim.KeyByName(name)
	if !known {
		l.fail(at, key, "unknown key", KeyHint(name))
		return false
	}
	if err := k.CheckChange(); err != nil {
		msg, hint := problemText(err)
		l.fail(at, key, msg, hint)
		return false
	}
	if _, dup := es.ev.Set[name]; dup {
		if prev := es.keys["set."+name]; prev.line > at.line {
			at = prev // report the second in the file
		}
		l.fail(at, key, "set twice in this event", "keep one of the two")
		return false
	}
	val, msg, hint := toValue(k, v, example(name))
	if msg == "" {
		msg, hint = checkValue(k, &val)
	}
	if msg != "" {
		l.fail(at, key, msg, hint)
		return false
	}
	if es.ev.Set == nil {
		es.ev.Set = map[string]sim.Value{}
	}
	es.ev.Set[name] = val
	es.keys["set."+name] = at
	return true
}

// assign sets the value v of the key k on p through p.Set, the engine's
// one path for setting a parameter, which checks it. It returns what is
// wrong and a hint, or two empty strings.
func assign(p *sim.Params, k sim.Key, v any) (msg, hint string) {
	val, msg, hint := toValue(k, v, example(k.Name))
	if msg != "" {
		return msg, hint
	}
	if err := p.Set(k.Name, val); err != nil {
		msg, hint = problemText(err)
		return msg, wordHint(k.Name, val, hint)
	}
	return "", ""
}

// checkValue checks *v against k with k.Check, and makes it a value of
// k's own kind. It returns what is wrong and a hint, or two empty strings.
func checkValue(k sim.Key, v *sim.Value) (msg, hint string) {
	own, err := k.Check(*v)
	if err != nil {
		msg, hint = problemText(err)
		return msg, wordHint(k.Name, *v, hint)
	}
	*v = own
	return "", ""
}

// problemText returns the message and hint of err, a *sim.Problem.
func problemText(err error) (msg, hint string) {
	var pr *sim.Problem
	if errors.As(err, &pr) {
		return pr.Msg, pr.Hint
	}
	return strings.TrimPrefix(err.Error(), "sim: "), "report this as a bug in decentsim"
}

// toValue returns the TOML value v as a value for the key k: a number
// for a number key, true or false, or a word. It says what is wrong, with
// a hint, if v is of another kind. ex, if not empty, is an example value
// for the hint. Whether k admits the value is for k.Check to say.
func toValue(k sim.Key, v any, ex string) (val sim.Value, msg, hint string) {
	name := short(k.Name)
	switch k.Kind {
	case reflect.Float64, reflect.Int:
		switch x := v.(type) {
		case int64:
			return sim.Int(int(x)), "", ""
		case int:
			return sim.Int(x), "", ""
		case float64:
			return sim.Float(x), "", ""
		}
		want := "a number"
		if k.Kind == reflect.Int {
			want = "a whole number"
		}
		hint = "write a number without quotes"
		if ex != "" {
			hint += fmt.Sprintf(", e.g. %s = %s", name, ex)
		}
		return sim.Value{}, fmt.Sprintf("wants %s, not %s", want, describe(v)), hint
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			return sim.Bool(b), "", ""
		}
		return sim.Value{}, "wants true or false, not " + describe(v), "write true or false without quotes"
	case reflect.String:
		if s, ok := v.(string); ok {
			return sim.Word(s), "", ""
		}
		if k.File {
			return sim.Value{}, "wants a quoted file name, not " + describe(v), fmt.Sprintf(`write %s = "units.csv" with quotes`, name)
		}
		return sim.Value{}, fmt.Sprintf("wants one of %s, not %s", strings.Join(k.Enum, ", "), describe(v)),
			fmt.Sprintf("write a quoted word, e.g. %s = %s", name, example(k.Name))
	}
	return sim.Value{}, "cannot be set in a scenario file", "report this as a bug in decentsim"
}

// number returns v as a float64 if it is a TOML integer or float.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func isInt(v any) bool {
	switch v.(type) {
	case int64, int:
		return true
	}
	return false
}

// formatNumber prints a TOML number as it would be written.
func formatNumber(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return sim.Float(x).String()
	}
	return fmt.Sprint(v)
}

func formatBound(x float64) string {
	if x == math.MaxInt64 {
		return strconv.FormatInt(math.MaxInt64, 10) // the largest seed
	}
	if math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// example returns the default value of the parameter name as TOML text.
func example(name string) string {
	def := sim.Default()
	v, err := def.Get(name)
	if err != nil {
		return ""
	}
	s, err := formatValue(v)
	if err != nil {
		return ""
	}
	return s
}

// describe names the TOML type and value of v for an error message.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return "the string " + echo(x)
	case bool:
		return strconv.FormatBool(x)
	case int64, int:
		return "the whole number " + formatNumber(x)
	case float64:
		return "the number " + formatNumber(x)
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	if strings.HasPrefix(fmt.Sprintf("%T", v), "toml.Local") {
		return "a date or time"
	}
	return fmt.Sprintf("a value of type %T", v)
}

// sortedKeys returns the keys of m in order, so problems are found in a
// fixed order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// validName reports whether name can be a scenario's name: it names the
// default output folder (out/NAME) and fills the scenario column of the
// CSV files, so it is one path element of letters, digits, '_', '-' and
// '.', not starting with '.'.
func validName(name string) bool {
	if name == "" || name[0] == '.' || len(name) > 128 {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c == '-' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// isDigits reports whether v is a word of decimal digits: a whole number
// too large to be read as one.
func isDigits(v any) bool {
	s, ok := v.(string)
	if !ok || s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
