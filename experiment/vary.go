package experiment

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// A Level is one value of a varied parameter.
type Level struct {
	Text  string    // as written in data files and in a --set flag
	Value sim.Value // as given to Params.Set
	X     float64   // the number, or the level's index for a word or true/false
}

// A Vary is a parameter to vary and the values it takes.
type Vary struct {
	Key     sim.Key
	Spec    string  // the values as given
	Levels  []Level // a list, or a stepped range's values; nil for a sampled range
	Lo, Hi  float64 // a sampled range
	Numeric bool    // the key takes numbers
}

// Ranges says how a vary spec writes a range of numbers.
type Ranges int

const (
	// Stepped ranges are lo:hi:steps, the values of a grid: steps values
	// from lo to hi, both included.
	Stepped Ranges = iota
	// Sampled ranges are lo:hi, an interval for a sample (a Latin
	// hypercube, a Morris or Saltelli design) to draw from.
	Sampled
)

// A Parser reads vary specs, section.key=VALUES: VALUES is a list
// (v1,v2,v3: numbers, true/false or words) or, for a number, a range.
// Each value is checked against the key's kind, range and words. Its
// messages are the command line's: they name the option the specs come
// from and decentsim's flags.
type Parser struct {
	// Option is the option the specs are given with, such as "--vary".
	Option string
	// Ranges is how a range is written.
	Ranges Ranges
	// RangesOnly accepts only sampled ranges lo:hi, not lists (the
	// parameters of a sensitivity analysis).
	RangesOnly bool
	// Hint, if not nil, suggests what an unknown key should be.
	Hint func(name string) string
}

// Parse parses the specs, each key at most once, and returns every
// problem at once.
func (p Parser) Parse(specs []string) ([]Vary, error) {
	var vs []Vary
	var errs []error
	seen := map[string]bool{}
	for _, arg := range specs {
		v, err := p.parse(arg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[v.Key.Name] {
			msg := fmt.Sprintf("%s %s is given twice", p.Option, v.Key.Name)
			if !p.RangesOnly {
				msg += "; give all its values in one " + p.Option
			}
			errs = append(errs, errors.New(msg))
			continue
		}
		seen[v.Key.Name] = true
		vs = append(vs, v)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return vs, nil
}

// parse parses one spec.
func (p Parser) parse(arg string) (Vary, error) {
	name, spec, ok := strings.Cut(arg, "=")
	name, spec = strings.TrimSpace(name), strings.TrimSpace(spec)
	opt := p.Option
	switch {
	case p.RangesOnly && (!ok || name == "" || spec == ""):
		return Vary{}, fmt.Errorf("%s %q: want section.key=lo:hi, such as %s fiscal.extraction=0:0.5", opt, arg, opt)
	case p.RangesOnly && strings.Count(spec, ":") != 1:
		return Vary{}, fmt.Errorf("%s %s=%s: want a range lo:hi, such as %s %s=0:1 (sensitivity samples each parameter over a range)",
			opt, name, spec, opt, name)
	case !ok || name == "" || spec == "":
		return Vary{}, fmt.Errorf("%s %q: want section.key=VALUES, such as %s fiscal.patronage_weight=0:1:5 or %s institutions.selection=appointed,direct",
			opt, arg, opt, opt)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s %s=%s: %s", opt, name, spec, fmt.Sprintf(format, args...))
	}
	if strings.HasPrefix(name, "meta.") {
		// A scenario's [meta] settings are the run's, not the model's.
		return Vary{}, bad("meta settings cannot be varied; use --trials, --seed or --months, or run one sweep per value")
	}
	k, ok := sim.KeyByName(name)
	if !ok {
		hint := ""
		if p.Hint != nil {
			hint = " (hint: " + p.Hint(name) + ")"
		}
		return Vary{}, fmt.Errorf("%s %s: unknown key%s", opt, name, hint)
	}
	v := Vary{Key: k, Spec: spec, Numeric: k.Kind == reflect.Float64 || k.Kind == reflect.Int}
	if !strings.Contains(spec, ":") {
		levels, err := parseList(k, spec)
		if err != nil {
			return Vary{}, bad("%v", err)
		}
		v.Levels = levels
		return v, nil
	}
	if !v.Numeric {
		return Vary{}, bad("%s takes %s, not a range; list the values, separated by commas", name, kindWords(k))
	}
	return p.parseRange(v, bad)
}

// parseRange reads v.Spec, a range of numbers, into v; bad makes its
// errors.
func (p Parser) parseRange(v Vary, bad func(string, ...any) error) (Vary, error) {
	k, name := v.Key, v.Key.Name
	parts := strings.Split(v.Spec, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Vary{}, bad("a range is lo:hi:steps (grid) or lo:hi (lhs)")
	}
	lo, err1 := strconv.ParseFloat(parts[0], 64)
	hi, err2 := strconv.ParseFloat(parts[1], 64)
	if err1 != nil || err2 != nil {
		return Vary{}, bad("%q and %q must both be numbers", parts[0], parts[1])
	}
	if !(lo < hi) {
		return Vary{}, bad("the range's low end must be below its high end")
	}
	for _, x := range []float64{lo, hi} {
		if err := k.CheckRange(x); err != nil {
			return Vary{}, bad("%s", strings.TrimPrefix(err.Error(), "sim: "))
		}
	}
	if k.Kind == reflect.Int && (lo != math.Trunc(lo) || hi != math.Trunc(hi)) {
		return Vary{}, bad("%s takes whole numbers", name)
	}
	switch {
	case p.Ranges == Sampled && len(parts) == 3:
		return Vary{}, bad("with --design lhs give a range as lo:hi (the points are sampled, not stepped) or list values")
	case p.Ranges == Sampled:
		v.Lo, v.Hi = lo, hi
		return v, nil
	case len(parts) == 2:
		return Vary{}, bad("a grid needs the number of values: lo:hi:steps, such as %s:%s:5", parts[0], parts[1])
	}
	steps, err := strconv.Atoi(parts[2])
	if err != nil || steps < 2 {
		return Vary{}, bad("steps must be a whole number of at least 2 (the values from lo to hi, both included), not %q", parts[2])
	}
	if steps > MaxPoints {
		return Vary{}, bad("%d steps is more than %d", steps, MaxPoints)
	}
	for i := range steps {
		x := hi
		if i < steps-1 {
			x = roundSig(lo + (hi-lo)*float64(i)/float64(steps-1))
		}
		if k.Kind == reflect.Int && x != math.Trunc(x) {
			return Vary{}, bad("%d steps from %s to %s give %v, not a whole number; choose steps so that (hi-lo)/(steps-1) is whole, or list the values",
				steps, parts[0], parts[1], x)
		}
		v.Levels = append(v.Levels, numberLevel(x))
	}
	return v, nil
}

// parseList reads spec, a list of values of key k separated by commas.
func parseList(k sim.Key, spec string) ([]Level, error) {
	var levels []Level
	for i, w := range strings.Split(spec, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			return nil, fmt.Errorf("value %d is empty", i+1)
		}
		x, err := parseValue(k, w, i)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(levels, func(o Level) bool { return o.Text == x.Text }) {
			return nil, fmt.Errorf("%s is listed twice", w)
		}
		levels = append(levels, x)
	}
	return levels, nil
}

// kindWords says what values a non-numeric key takes.
func kindWords(k sim.Key) string {
	if k.Kind == reflect.Bool {
		return "true or false"
	}
	return "one of " + strings.Join(k.Enum, ", ")
}

// parseValue reads the i-th listed value w of key k.
func parseValue(k sim.Key, w string, i int) (Level, error) {
	switch k.Kind {
	case reflect.Float64, reflect.Int:
		x, err := strconv.ParseFloat(w, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return Level{}, fmt.Errorf("%s takes numbers; %q is not one", k.Name, w)
		}
		if k.Kind == reflect.Int && x != math.Trunc(x) {
			return Level{}, fmt.Errorf("%s takes whole numbers; %q is not one", k.Name, w)
		}
		if err := k.CheckRange(x); err != nil {
			return Level{}, errors.New(strings.TrimPrefix(err.Error(), "sim: "))
		}
		return numberLevel(x), nil
	case reflect.Bool:
		b, err := strconv.ParseBool(w)
		if err != nil || (w != "true" && w != "false") {
			return Level{}, fmt.Errorf("%s takes true or false, not %q", k.Name, w)
		}
		return Level{Text: w, Value: sim.Bool(b), X: float64(i)}, nil
	}
	if err := k.CheckWord(w); err != nil {
		return Level{}, errors.New(strings.TrimPrefix(err.Error(), "sim: "))
	}
	return Level{Text: w, Value: sim.Word(w), X: float64(i)}, nil
}

// numberLevel returns the level of the number x.
func numberLevel(x float64) Level {
	if x == 0 {
		x = 0 // no "-0"
	}
	return Level{Text: strconv.FormatFloat(x, 'g', -1, 64), Value: sim.Float(x), X: x}
}

// roundSig rounds x to 12 significant digits, so that computed steps
// read as written (0.1+0.2 steps to 0.3, not 0.30000000000000004).
func roundSig(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return y
}

// At returns the level at u in [0,1] of a sampled parameter: a range maps
// u to a value (rounded to six significant digits, a whole number for
// whole-number keys), a list to the value of that rank.
func (v Vary) At(u float64) Level {
	switch {
	case v.Levels != nil:
		return v.Levels[min(int(u*float64(len(v.Levels))), len(v.Levels)-1)]
	case v.Key.Kind == reflect.Int:
		return numberLevel(min(v.Lo+math.Floor(u*(v.Hi-v.Lo+1)), v.Hi))
	}
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v.Lo+u*(v.Hi-v.Lo), 'g', 6, 64), 64)
	return numberLevel(min(max(x, v.Lo), v.Hi))
}
