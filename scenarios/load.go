package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/decentsim/decentsim/sim"
)

// maxDepth bounds chains of extends, cycles apart.
const maxDepth = 32

// Load loads the scenario file name from fsys, resolves what it extends,
// and validates it. An extends naming a path is read from fsys relative to
// name; one naming a scenario is read from the embedded library. On invalid
// input it returns an ErrorList holding every problem found.
func Load(fsys fs.FS, name string) (*Scenario, error) {
	return resolve(fsOpener{fsys: fsys, tag: "fs"}, name, nil)
}

// Resolve loads the scenario ref, applies the overrides, and validates the
// result. ref is the name of an embedded scenario (see List), a path to a
// .toml file on disk (anything containing a path separator or ending in
// ".toml"), or "" for the Default scenario. Each override has the form
// "section.key=value" (the --set flag; meta.months, meta.trials and
// meta.seed too); the value is read as a TOML value if it is one, and as a
// bare word otherwise, and is checked exactly as the same key in a file.
// An override written "LABEL:section.key=value" is reported under LABEL
// rather than --set: the flag that set the key (--months), or the web
// page's "levers". LABEL holds no '=' or '.', so no plain override is
// read as one.
// On invalid input it returns an ErrorList holding every problem found,
// in the file and in the overrides.
func Resolve(ref string, overrides []string) (*Scenario, error) {
	switch {
	case ref == "":
		return resolve(libraryOpener, libraryPath(Default), overrides)
	case isPathRef(ref):
		return resolve(diskOpener{}, ref, overrides)
	case hasLibrary(ref):
		return resolve(libraryOpener, libraryPath(ref), overrides)
	}
	l := &loader{}
	l.fail(loc{}, "", "unknown scenario "+echo(ref), libraryHint(ref)+"; or give a path to a .toml file")
	b := newBuild("")
	l.overrideAll(b, overrides)
	return nil, l.errs.sorted()
}

// Parse loads a scenario from src, the text of a file called name that is
// not on disk (an upload, say), applies the overrides and validates the
// result, exactly as Resolve does for a file. Problems name the file as
// name. An extends naming an embedded scenario works; one naming a path
// cannot be followed and is reported as such.
func Parse(name string, src []byte, overrides []string) (*Scenario, error) {
	return resolve(memOpener{name: name, src: src}, name, overrides)
}

func resolve(o opener, name string, overrides []string) (*Scenario, error) {
	l := &loader{}
	b := l.loadFile(o, name, nil)
	if b == nil {
		b = newBuild(name)
	}
	l.overrideAll(b, overrides)
	s := l.finish(b)
	if s != nil && len(l.errs) == 0 {
		l.loadUnits(o, b, s)
	}
	if err := l.errs.sorted(); err != nil {
		return nil, err
	}
	return s, nil
}

// isPathRef reports whether ref names a file rather than an embedded scenario.
func isPathRef(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".toml")
}

// An opener reads scenario files from one place: an fs.FS or the disk.
type opener interface {
	read(name string) ([]byte, error)
	// join resolves ref relative to the file from.
	join(from, ref string) string
	// id identifies a file across names, for finding cycles.
	id(name string) string
}

type fsOpener struct {
	fsys fs.FS
	tag  string
}

func (o fsOpener) read(name string) ([]byte, error) { return fs.ReadFile(o.fsys, name) }
func (o fsOpener) join(from, ref string) string     { return path.Join(path.Dir(from), ref) }
func (o fsOpener) id(name string) string            { return o.tag + ":" + path.Clean(name) }

// memOpener reads one in-memory file; extends naming an embedded scenario
// are read from the library by the loader, and any other file is missing.
type memOpener struct {
	name string
	src  []byte
}

func (o memOpener) read(name string) ([]byte, error) {
	if name != o.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("an uploaded file cannot extend another file; extend an embedded scenario by name, or paste the other file's settings in")}
	}
	return o.src, nil
}
func (o memOpener) join(from, ref string) string { return path.Join(path.Dir(from), ref) }
func (o memOpener) id(name string) string        { return "mem:" + path.Clean(name) }

type diskOpener struct{}

// maxFileSize bounds what is read from disk, so a wrong path such as a
// device cannot hang or exhaust the program.
const maxFileSize = 16 << 20

func (diskOpener) read(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err == nil && len(data) > maxFileSize {
		err = fmt.Errorf("file is larger than %d MiB", maxFileSize>>20)
	}
	return data, err
}

func (diskOpener) join(from, ref string) string {
	ref = filepath.FromSlash(ref)
	if filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(filepath.Dir(from), ref)
}

func (diskOpener) id(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return "disk:" + abs
	}
	return "disk:" + filepath.Clean(name)
}

// loc is where a value was set: a file and line, and the layer of the
// assignment (each file applied, and each override, is a new layer), so
// that of two conflicting settings the more recent one can be blamed.
type loc struct {
	file  string
	line  int
	layer int
}

// loader resolves one scenario, collecting every problem on the way.
type loader struct {
	errs    ErrorList
	stack   []string // ids of the files being loaded, outermost first
	layer   int
	openers map[string]opener // the opener each file was read with, by name
}

// fail records a problem at at. Key, message and hint are clipped (see
// clip): a key or value from the file may be a megabyte long.
func (l *loader) fail(at loc, key, msg, hint string) {
	l.errs = append(l.errs, &Error{File: at.file, Line: at.line,
		Key: clip(key, maxKeyEcho), Msg: clip(msg, maxMsgEcho), Hint: clip(hint, maxHintEcho)})
}

// at returns a location in file at line, in the current layer.
func (l *loader) at(file string, line int) loc {
	return loc{file: file, line: line, layer: l.layer}
}

// build is a scenario under construction, with where its values came from.
type build struct {
	sc     Scenario
	where  map[string]loc // "section.key" or "meta.months" -> last set at
	events []eventSrc
	// invalidEvents are events with a problem, kept only to check their
	// months against the horizon.
	invalidEvents []eventSrc
}

// eventSrc is an event with where it and its keys were written.
type eventSrc struct {
	ev   sim.Event
	name string         // "events[2]", its index in its own file
	at   loc            // the event's table
	keys map[string]loc // "month", "set.fiscal.own_budget", ...
}

// newBuild returns the starting point of a scenario that extends nothing.
func newBuild(source string) *build {
	return &build{
		sc: Scenario{
			Name:   stem(source),
			Months: defaultMonths,
			Trials: defaultTrials,
			Seed:   defaultSeed,
			Model:  sim.ModelRural,
			Params: sim.Default(),
			Source: source,
		},
		where: map[string]loc{},
	}
}

// stem returns a file's name without directory and ".toml".
func stem(name string) string {
	return strings.TrimSuffix(path.Base(filepath.ToSlash(name)), ".toml")
}

// loadFile reads, decodes and applies the file name and what it extends.
// from is where the extends that names it is, or nil for the outermost
// file. It returns nil if the file cannot be read or parsed.
func (l *loader) loadFile(o opener, name string, from *loc) *build {
	id := o.id(name)
	for i, seen := range l.stack {
		if seen == id {
			chain := append(slices.Clone(l.stack[i:]), id)
			for j := range chain {
				chain[j] = chain[j][strings.Index(chain[j], ":")+1:]
			}
			l.fail(*from, keyExtends, "extends cycle: "+strings.Join(chain, " -> "),
				"a scenario cannot extend itself, directly or through others; remove one of these extends")
			return nil
		}
	}
	if len(l.stack) >= maxDepth {
		l.fail(*from, keyExtends, fmt.Sprintf("more than %d scenarios extend each other", maxDepth),
			"extend a scenario that extends fewer others")
		return nil
	}
	src, err := o.read(name)
	if err != nil {
		msg := "cannot read scenario: " + readProblem(err)
		if from == nil {
			l.fail(loc{file: name}, "", msg, "check the file name; `decentsim list` shows the embedded scenarios")
		} else {
			hint := "extends takes an embedded scenario name (see `decentsim list`) or a path relative to this file"
			if hasLibrary(stem(name)) {
				hint = fmt.Sprintf("to extend the embedded scenario, write extends = %q", stem(name))
			}
			l.fail(*from, keyExtends, msg+fmt.Sprintf(" (looked for %s)", name), hint)
		}
		return nil
	}
	l.stack = append(l.stack, id)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	if l.openers == nil {
		l.openers = map[string]opener{}
	}
	l.openers[name] = o
	return l.parse(o, name, src)
}

// readProblem describes why a file could not be read, without repeating
// the file name.
func readProblem(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrInvalid):
		return "invalid file name"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// parse decodes src, the text of the file name, and applies it on top of
// what it extends.
func (l *loader) parse(o opener, name string, src []byte) *build {
	text := string(src)
	if line, msg := checkShape(text); line > 0 {
		l.fail(loc{file: name, line: line}, "", "not a scenario file: "+msg,
			"a scenario's tables nest two or three deep and its keys are section.key; check the file is the one you meant")
		return nil
	}
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		l.syntaxError(name, src, err)
		return nil
	}
	f := &file{l: l, name: name, pos: scanPositions(text)}
	var b *build
	if v, ok := raw[keyExtends]; ok {
		at := l.at(name, f.pos.line(keyExtends))
		ref, isString := v.(string)
		switch {
		case !isString || ref == "":
			l.fail(at, keyExtends, "wants the name or path of a scenario, not "+describe(v),
				`write a quoted name, e.g. extends = "kz_direct_2021"`)
		case isPathRef(ref):
			b = l.loadFile(o, o.join(name, ref), &at)
		case hasLibrary(ref):
			b = l.loadFile(libraryOpener, libraryPath(ref), &at)
		default:
			l.fail(at, keyExtends, "unknown scenario "+echo(ref),
				libraryHint(ref)+"; or give a path ending in .toml relative to this file")
		}
	}
	if b == nil {
		b = newBuild(name)
	}
	b.sc.Source = name
	b.sc.Name = stem(name)
	b.sc.Description = ""
	l.layer++
	f.apply(b, raw)
	return b
}

// syntaxError records a TOML syntax error in src with its line.
func (l *loader) syntaxError(name string, src []byte, err error) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		l.fail(loc{file: name}, "", "cannot parse: "+lowerFirst(err.Error()), "check the file is TOML text")
		return
	}
	msg := "syntax error: " + lowerFirst(strings.TrimSuffix(pe.Message, "."))
	// BurntSushi/toml counts a newline that ends a bad line as the start of
	// the next one; count from the error's offset instead when it has one.
	line := pe.Position.Line
	if start := pe.Position.Start; start >= 0 && start < len(src) {
		line = 1 + bytes.Count(src[:start], []byte("\n"))
	}
	l.fail(loc{file: name, line: line}, "", msg,
		"check this line: strings need quotes, tables need [brackets], and each key = value stands on its own line")
}

// lowerFirst lower-cases the first letter of s, for library messages,
// unless it begins a word in capitals: "TOML files cannot ..." stays.
func lowerFirst(s string) string {
	first, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); n == 0 || unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(first)) + s[n:]
}
