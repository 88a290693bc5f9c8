package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.toml", Line: 3, Key: "world.oblasts", Msg: "200 is out of range [1, 100]", Hint: "use a value from 1 to 100"},
			"a.toml:3: world.oblasts: 200 is out of range [1, 100] (hint: use a value from 1 to 100)"},
		{&Error{File: "--set", Key: "selection", Msg: "unknown key", Hint: "name the section too"},
			"--set: selection: unknown key (hint: name the section too)"},
		{&Error{File: "a.toml", Line: 2, Msg: "syntax error: x"}, "a.toml:2: syntax error: x"},
		{&Error{Key: "kz_x", Msg: "unknown embedded scenario", Hint: "h"}, "kz_x: unknown embedded scenario (hint: h)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("(%#v).Error() = %q; want %q", tt.err, got, tt.want)
		}
	}
	list := ErrorList{tests[0].err, tests[1].err}
	if got, want := list.Error(), tests[0].want+"\n"+tests[1].want; got != want {
		t.Errorf("ErrorList.Error() = %q; want %q", got, want)
	}
	var e *Error
	if !errors.As(error(list), &e) || e != tests[0].err {
		t.Errorf("errors.As(ErrorList, *Error) = %v; want the first error", e)
	}
}

// problem is an expected *Error: its file, line and key exactly, and a
// part of its message.
type problem struct {
	file string
	line int
	key  string
	msg  string
}

// checkProblems compares err, an ErrorList, with want.
func checkProblems(t *testing.T, call string, err error, want []problem) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%s error = %v; want an ErrorList", call, err)
	}
	if len(list) != len(want) {
		t.Errorf("%s gave %d problems; want %d:\n%v", call, len(list), len(want), err)
	}
	for i := range min(len(list), len(want)) {
		got, w := list[i], want[i]
		if got.File != w.file || got.Line != w.line || got.Key != w.key || !strings.Contains(got.Msg, w.msg) {
			t.Errorf("%s problem %d = %q; want %s:%d: %s: ...%s...", call, i, got, w.file, w.line, w.key, w.msg)
		}
		if got.Hint == "" {
			t.Errorf("%s problem %d = %q; want a hint", call, i, got)
		}
		if m := got.Msg; m == "" || lowerFirst(m) != m || strings.HasSuffix(m, ".") {
			t.Errorf("%s problem %d message %q; want lower case without a final period", call, i, m)
		}
	}
}

// TestLoadErrors loads each case of testdata/load_errors.txt and checks
// that Load refuses it with the problems the case lists (file, line, key
// and message of each, in order), each with a hint.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	for _, c := range loadCases(t, filepath.Join("testdata", "load_errors.txt")) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := Load(c.files, "s.toml")
			if s != nil {
				t.Errorf("Load(%s) = %+v; want nil", c.name, s)
			}
			checkProblems(t, "Load("+c.name+")", err, c.want)
		})
	}
}

// A loadCase is one case of testdata/load_errors.txt: the files, s.toml
// and those it extends, and the problems Load must report.
type loadCase struct {
	name  string
	files fstest.MapFS
	want  []problem
}

// loadCases reads the cases of the file at path, in the format its
// header describes.
func loadCases(t *testing.T, path string) []loadCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []loadCase
	var file string // the section being read: a file's path, "want", or "" before the first
	for i, line := range strings.SplitAfter(string(b), "\n") {
		text := strings.TrimSuffix(line, "\n")
		c := len(cases) - 1
		switch {
		case strings.HasPrefix(text, "== "):
			cases = append(cases, loadCase{name: text[3:], files: fstest.MapFS{}})
			file = ""
		case strings.HasPrefix(text, "-- ") && strings.HasSuffix(text, " --") && c >= 0:
			file = text[3 : len(text)-3]
		case file == "want" && text != "":
			cases[c].want = append(cases[c].want, parseProblem(t, fmt.Sprintf("%s:%d", path, i+1), text))
		case file != "" && file != "want":
			f := cases[c].files[file]
			if f == nil {
				f = &fstest.MapFile{}
				cases[c].files[file] = f
			}
			f.Data = append(f.Data, line...)
		}
	}
	if len(cases) == 0 {
		t.Fatalf("%s holds no case", path)
	}
	return cases
}

// parseProblem parses a wanted problem, FILE:LINE: KEY: MESSAGE, at pos.
func parseProblem(t *testing.T, pos, text string) problem {
	t.Helper()
	parts := strings.SplitN(text, ": ", 3)
	file, line, ok := strings.Cut(parts[0], ":")
	n, err := strconv.Atoi(line)
	if len(parts) != 3 || !ok || err != nil {
		t.Fatalf("%s: %q is not FILE:LINE: KEY: MESSAGE", pos, text)
	}
	p := problem{file: file, line: n, key: parts[1], msg: parts[2]}
	if p.key == "-" {
		p.key = ""
	}
	return p
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestWordHints checks that a word a key does not admit gets sim's
// message with a "did you mean" in a section, an event and an override.
func TestWordHints(t *testing.T) {
	t.Parallel()
	const msg, hint = `"dirct" is not one of appointed, indirect, direct`, `did you mean "direct"? use one of appointed, indirect, direct`
	for _, src := range []string{
		"[institutions]\nselection = \"dirct\"\n",
		"[[events]]\nmonth = 2\nset = { \"institutions.selection\" = \"dirct\" }\n",
	} {
		_, err := Load(fstest.MapFS{"s.toml": {Data: []byte(src)}}, "s.toml")
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 || list[0].Msg != msg || list[0].Hint != hint {
			t.Errorf("Load(%q) = %v; want one problem %q (hint: %s)", src, err, msg, hint)
		}
	}
	_, err := Resolve("classroom", []string{"institutions.selection=dirct"})
	if want := "--set: institutions.selection: " + msg + " (hint: " + hint + ")"; err == nil || err.Error() != want {
		t.Errorf("Resolve(classroom, selection=dirct) = %v; want %s", err, want)
	}
}

// TestLongInputClipped gives the loader values and keys a megabyte long:
// each problem quotes at most the start of them (issue 20: a 1 MB
// meta.name was printed whole).
func TestLongInputClipped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 1<<20)
	tests := []struct {
		name, src, want string
	}{
		{"meta.name", "[meta]\nname = \"" + long + "/\"\n", `meta.name: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." cannot name an output folder`},
		{"string value", "[institutions]\nselection = \"" + long + "\"\n", `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." is not one of`},
		{"unknown key", "[world]\n" + long + " = 1\n", "world.xxxxxxxxx"},
		{"unknown scenario", "extends = \"" + long + "\"\n", `unknown scenario "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."`},
		{"bare word", "[meta]\nname = " + long + "\n", "syntax error"},
	}
	for _, tt := range tests {
		_, err := Parse("s.toml", []byte(tt.src), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || len(err.Error()) > 2000 {
			t.Errorf("Parse(%s of 1 MB) error = %.300q (%d bytes); want one of at most 2000 bytes with %q", tt.name, err, len(err.Error()), tt.want)
		}
	}
}

func TestLowerFirst(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "", "E": "e", "Expected a value": "expected a value", "TOML files": "TOML files",
		"UTF-8": "UTF-8", "Ärger": "ärger", "a": "a",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q; want %q", in, got, want)
		}
	}
	// Issue 20: the decoder's "TOML files cannot ..." became "tOML files".
	_, err := Parse("s.toml", []byte("[meta]\nmonths = 12\x01\n"), nil)
	checkProblems(t, "Parse(a control character)", err, []problem{{"s.toml", 2, "", "syntax error: TOML files cannot contain control characters"}})
}
