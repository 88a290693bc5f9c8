package scenarios

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/decentsim/decentsim/sim"
)

// overrideFile is the file name given to problems with command-line
// overrides.
const overrideFile = "--set"

// overrideAll applies the overrides in order.
func (l *loader) overrideAll(b *build, overrides []string) {
	for _, o := range overrides {
		l.override(b, o)
	}
}

// override applies one "section.key=value" override, or one labelled
// "LABEL:section.key=value" (see Resolve).
func (l *loader) override(b *build, o string) {
	l.layer++
	label := overrideFile
	if name, rest, ok := strings.Cut(o, ":"); ok && name != "" && !strings.ContainsAny(name, "=.") && strings.Contains(rest, "=") {
		label, o = name, rest
	}
	at := l.at(label, 0)
	name, val, ok := strings.Cut(o, "=")
	name = strings.TrimSpace(name)
	switch {
	case !ok || name == "":
		l.fail(at, name, fmt.Sprintf("%s is not of the form section.key=value", quote(o)),
			"write e.g. --set institutions.selection=direct")
		return
	case !utf8.ValidString(o):
		l.fail(at, name, "the override is not valid UTF-8 text", "retype it")
		return
	}
	v := parseValue(strings.TrimSpace(val))
	sec, k, _ := strings.Cut(name, ".")
	switch {
	case sec == keyMeta:
		l.setMeta(b, k, v, at)
	case sec == keyEvents:
		l.fail(at, name, "events cannot be set from the command line",
			"write the event in a scenario file that extends this one")
	case name == keyExtends:
		l.fail(at, name, "extends cannot be set from the command line",
			"give the scenario to start from as the scenario argument")
	default:
		key, known := sim.KeyByName(name)
		if !known {
			l.fail(at, name, "unknown key", KeyHint(name))
			return
		}
		if msg, hint := assign(&b.sc.Params, key, v); msg != "" {
			l.fail(at, name, msg, hint)
			return
		}
		b.where[name] = at
	}
}

// parseValue reads s as a TOML value (a number, true, "a string", ...) if
// it is one, and as a bare word otherwise, so --set selection=direct and
// --set selection='"direct"' mean the same.
func parseValue(s string) any {
	if !strings.ContainsAny(s, "\r\n") {
		var m map[string]any
		if _, err := toml.Decode("v = "+s, &m); err == nil && len(m) == 1 {
			if v, ok := m["v"]; ok {
				return v
			}
		}
	}
	return s
}
