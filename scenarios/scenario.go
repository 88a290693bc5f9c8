package scenarios

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/decentsim/decentsim/sim"
)

// Default is the name of the embedded scenario used when none is given:
// Kazakhstan's rural local government after the 2021 reform, whose
// parameters equal sim.Default().
const Default = "kz_direct_2021"

// Scenario is a fully resolved scenario: its own [meta] settings, the
// parameters after inheritance (extends), the file's own values and any
// overrides, and its scheduled events (in Params.Events).
type Scenario struct {
	// Name is meta.name, or the file name without ".toml" if the file
	// does not give one. It is not inherited.
	Name string
	// Description is meta.description, a one-line summary for
	// `decentsim list`. It is not inherited.
	Description string
	// Months is meta.months, how many months each trial runs (at least 1;
	// inherited from the base scenario unless given).
	Months int
	// Trials is meta.trials, the default number of trials (at least 1;
	// inherited unless given).
	Trials int
	// Seed is meta.seed, the run seed from which every trial's random
	// streams derive (inherited unless given; at most 2^63-1 so that it
	// fits a TOML integer).
	Seed uint64
	// Model is meta.model, the model the scenario runs: sim.ModelRural
	// (the default: rural units, akims, deputies, citizens) or
	// sim.ModelClassicEpstein (Epstein's Model I on a grid, set by
	// [classic], for docking the unrest rule; months are its steps).
	// Inherited unless given.
	Model string
	// Params are the model parameters, starting from sim.Default(), then
	// the base scenario's, then the file's, then the overrides. Its Events
	// are the base's events followed by the file's, stably sorted by month.
	Params sim.Params
	// Source is the file the scenario was loaded from, as named to Load or
	// Resolve ("library/NAME.toml" for an embedded scenario).
	Source string
}

// Info names and describes an embedded scenario.
type Info struct {
	// Name is the scenario's name, to pass to Resolve or Source.
	Name string
	// Description is its one-line meta.description.
	Description string
}

// Meta values of a scenario that neither gives nor inherits them.
const (
	defaultMonths = 120
	defaultTrials = 30
	defaultSeed   = 1

	maxMonths = 100000
	maxTrials = 1000000
)

// Top-level keys other than the parameter sections.
const (
	keyExtends = "extends"
	keyMeta    = "meta"
	keyEvents  = "events"
)

// metaKeys are the keys of [meta].
var metaKeys = []string{"name", "description", "months", "trials", "seed", "model"}

// eventSetKey is the key of an event's table of parameter changes.
const eventSetKey = "set"

// schema describes the parameter sections of sim.Params.
type schema struct {
	sections []string            // section names in declaration order
	field    map[string]int      // section -> its field index in sim.Params
	fields   map[string][]string // section -> keys in declaration order
	names    []string            // every "section.key", sorted
	events   map[string]sim.Key  // event key -> its description
	event    []string            // event keys in declaration order
	eventIdx map[string]int      // event key -> its field index in sim.Event
}

var paramSchema = sync.OnceValue(func() *schema {
	s := &schema{field: map[string]int{}, fields: map[string][]string{},
		events: map[string]sim.Key{}, eventIdx: map[string]int{}}
	t := reflect.TypeFor[sim.Params]()
	for i := 0; i < t.NumField(); i++ {
		sec := t.Field(i)
		if sec.Type.Kind() != reflect.Struct {
			continue
		}
		name := sec.Tag.Get("toml")
		s.sections = append(s.sections, name)
		s.field[name] = i
		for j := 0; j < sec.Type.NumField(); j++ {
			s.fields[name] = append(s.fields[name], sec.Type.Field(j).Tag.Get("toml"))
		}
	}
	for _, k := range sim.Keys() {
		s.names = append(s.names, k.Name)
	}
	for _, k := range sim.EventKeys() {
		s.events[k.Name] = k
		s.event = append(s.event, k.Name)
	}
	et := reflect.TypeFor[sim.Event]()
	for i := 0; i < et.NumField(); i++ {
		s.eventIdx[et.Field(i).Tag.Get("toml")] = i
	}
	return s
})

// isSection reports whether name is a parameter section.
func (s *schema) isSection(name string) bool { return slices.Contains(s.sections, name) }

// sectionOf returns the sections that have a key named key.
func (s *schema) sectionOf(key string) []string {
	var secs []string
	for _, sec := range s.sections {
		if slices.Contains(s.fields[sec], key) {
			secs = append(secs, sec)
		}
	}
	return secs
}

// topLevel lists the keys a scenario file may have at its top level.
func (s *schema) topLevel() []string {
	return append([]string{keyExtends, keyMeta, keyEvents}, s.sections...)
}

// short returns the key part of "section.key".
func short(name string) string {
	if _, k, ok := strings.Cut(name, "."); ok {
		return k
	}
	return name
}
