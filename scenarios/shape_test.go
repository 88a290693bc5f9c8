package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// deepArray is an array nested far beyond maxNesting, on one line.
var deepArray = "x = " + nested("[", "]", 30000) + "\n"

func TestCheckShape(t *testing.T) {
	t.Parallel()
	hidden := "\n" + deepArray // nesting on line 2, after a string on line 1
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"scenario", "extends = \"classroom\"\n[fiscal]\npatronage_weight = 0.5\n[[events]]\nmonth = 3\nset = { \"fiscal.own_budget\" = false, x = [[1, 2], [3.25]] }\n", 0, ""},
		{"set sub-tables", "[[events]]\nmonth = 3\n[events.set.fiscal]\nown_budget = true\n[[events]]\nset = { fiscal = { own_budget = true } }\n", 0, ""},
		{"deep array", "# a comment\n" + deepArray, 2, "nested more than 32"},
		{"deep array in inline tables", "x = {a = {b = " + nested("[", "]", 31) + "}}\n", 1, "nested more than 32"},
		{"deep inline table", "x = " + nested("{a=", "}", 40), 1, "more than 8 parts deep"},
		{"long dotted key", "\n\n" + strings.Repeat("a.", 30000) + "a = 1\n", 3, "more than 8 parts deep"},
		{"long dotted header", "[" + strings.Repeat("a.", 100) + "a]\n", 1, "more than 8 parts deep"},
		{"long array of tables header", "[[" + strings.Repeat("a.", 8) + "a]]\n", 1, "more than 8 parts deep"},
		{"numeric dotted key", "1.2.3.4.5.6.7.8.9 = 1\n", 1, "more than 8 parts deep"},
		{"header and key", "[a.b.c.d.e]\nf.g.h = 1\nf.g.h.i = 1\n", 3, "more than 8 parts deep"},
		{"header and key within bounds", "[a.b.c.d.e]\nf.g.h = 1\n[a]\nb.c.d.e.f.g.h = 1\n", 0, ""},
		{"keys of inline tables", "a.b.c = { d.e.f = { g.h = 1 } }\n", 0, ""},
		{"keys of inline tables beyond", "a.b.c = { d.e.f = { g.h.i = 1 } }\n", 1, "more than 8 parts deep"},
		{"keys of a multi-line inline table", "a.b = {\n  c.d.e = 1,\n  f.g.h.i.j = {\n  k.l = 1 }\n}\n", 4, "more than 8 parts deep"},
		{"commas start keys", "a.b.c = { d.e = 1, f.g = 2, h.i.j.k.l = 3 }\n", 0, ""},
		{"inline tables in arrays", "a.b.c.d.e.f.g = [ {g = 1}, {h = [ {i = 2} ]} ]\n", 1, "more than 8 parts deep"},
		{"numbers are not key parts", "x = [" + strings.Repeat("0.5, ", 200) + "1.25]\n", 0, ""},
		{"dates are not key parts", "x = [" + strings.Repeat("1979-05-27T07:32:00.999Z, ", 20) + "1.5e3]\n", 0, ""},
		{"brackets in strings", "a = \"" + strings.Repeat("[", 100) + "\"\nb = '" + strings.Repeat("{", 100) + "'\nc = \"\"\"\n" + strings.Repeat("[.", 100) + "\n\"\"\"\n", 0, ""},
		{"escaped quote", "a = \"\\\"" + strings.Repeat("[", 100) + "\"\n", 0, ""},
		{"brackets in comments", "# " + strings.Repeat("[", 100) + "\n", 0, ""},
		{"line after a multi-line string", "a = '''\n\n'''\nx = " + strings.Repeat("[", 33), 4, "nested"},
		// Issue 20: strings that once hid the nesting after them.
		{"four quotes", `a = """x""""` + hidden, 2, "nested"},
		{"five quotes", `a = """x"""""` + hidden, 2, "nested"},
		{"four single quotes", `a = '''x''''` + hidden, 2, "nested"},
		{"five single quotes", `a = '''x'''''` + hidden, 2, "nested"},
		{"escaped quote before the delimiter", `a = """x\""""` + hidden, 2, "nested"},
		{"escaped backslash before six quotes", `a = """x\\""""""` + hidden, 2, "nested"},
		{"quotes of the other kind", `a = "it's" ` + "\nb = '\"'" + hidden, 3, "nested"},
		{"hash in a string", `a = "#"` + hidden, 2, "nested"},
		{"quote in a comment", `# "` + hidden, 2, "nested"},
		{"line-ending backslash", "a = \"\"\"x\\\n  y\"\"\"" + hidden, 3, "nested"},
		{"escaped backslash", `a = "x\\"` + hidden, 2, "nested"},
		{"empty strings", `a = ""` + "\nb = ''" + hidden, 3, "nested"},
		{"unclosed string", `a = "x` + hidden, 2, "nested"},
		{"UTF-16 byte order mark", "\xff\xfe" + deepArray, 1, "nested"},
		{"UTF-8 byte order mark, then a header", "\xef\xbb\xbf[" + strings.Repeat("a.", 100) + "a]\n", 1, "more than 8 parts deep"},
		{"UTF-16 byte order mark, then a header", "\xfe\xff[[" + strings.Repeat("a.", 100) + "a]]\n", 1, "more than 8 parts deep"},
	}
	for _, tt := range tests {
		line, msg := checkShape(tt.src)
		if line != tt.line || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: checkShape = %d, %q; want %d, %q", tt.name, line, msg, tt.line, tt.want)
		}
		if d := shapeAgreesWithTOML(tt.src); d != "" {
			t.Errorf("%s: %s", tt.name, d)
		}
	}
	// Through the loader: one problem, naming the file and line.
	_, err := Parse("deep.toml", []byte("# x\n"+deepArray), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "deep.toml:2: not a scenario file: tables or arrays nested more than 32 deep") {
		t.Errorf("Parse: %v", err)
	}
}

func TestStringEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want int // offset of the first byte after the string
	}{
		{`"abc" x`, 5},
		{`"" x`, 2},
		{`'' x`, 2},
		{`"a\"b" x`, 6},
		{`"a\\" x`, 5},
		{`'a\' x`, 4},
		{`'a"' x`, 4},
		{`"a'" x`, 4},
		{"\"abc\n\" x", 4},
		{"\"a\\\nb\" x", 3},
		{`"abc`, 4},
		{`"""a""" x`, 7},
		{`"""a"""" x`, 8},
		{`"""a""""" x`, 9},
		{`"""a"""""" x`, 9}, // six quotes: an error, the decoder stops
		{`"""a\"""" x`, 9},
		{`"""a\\"""""" x`, 12},
		{"\"\"\"a\\\n\"\"\" x", 9},
		{"\"\"\"\n\"x\"\n\"\"x\"\n\"\"\" x", 16},
		{`""""""`, 6},
		{`"""`, 3},
		{`"""a\`, 5},
		{`'''a''' x`, 7},
		{`'''a'''' x`, 8},
		{`'''a''''' x`, 9},
		{`'''a\''' x`, 8},
		{`''''''`, 6},
	}
	for _, tt := range tests {
		if got := stringEnd(tt.src, 0); got != tt.want {
			t.Errorf("stringEnd(%q, 0) = %d; want %d", tt.src, got, tt.want)
		}
	}
}

// TestShapeAgreesWithTOML compares the shape check with the decoder on
// the fuzz corpus, the library and the adversarial inputs.
func TestShapeAgreesWithTOML(t *testing.T) {
	t.Parallel()
	corpus := map[string]string{}
	for _, in := range List() {
		src, err := Source(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		corpus[in.Name] = string(src)
	}
	for _, in := range adversarial(maxDifferential) {
		corpus[in.name] = in.src
	}
	seeds, err := filepath.Glob("testdata/fuzz/FuzzLoad/*")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no fuzz seeds: %v", err)
	}
	for _, name := range seeds {
		corpus[name] = readSeed(t, name)
	}
	for name, src := range corpus {
		if d := shapeAgreesWithTOML(src); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
}

// readSeed returns the input in a fuzz corpus file holding one []byte.
func readSeed(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	head, lit, _ := strings.Cut(string(data), "\n")
	lit = strings.TrimSpace(lit)
	if head != "go test fuzz v1" || !strings.HasPrefix(lit, "[]byte(") || !strings.HasSuffix(lit, ")") {
		t.Fatalf("%s: not a fuzz corpus file of one []byte", name)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// maxDifferential is the largest text refused by the shape check that
// shapeAgreesWithTOML gives the decoder: beyond the bounds the decoder's
// time grows with the square of the nesting (a kilobyte of nested inline
// tables takes it 6 ms, four take 90 ms, too slow for fuzzing).
const maxDifferential = 1 << 10

// shapeAgreesWithTOML decodes src with BurntSushi/toml and returns how the
// shape check's verdict disagrees with what the decoder read, or "". The
// check must not refuse a document the decoder reads as within the bounds
// (it would have misread a string or comment), and must not pass one the
// decoder reads as nested deeper than the bounds allow (the nesting guard
// would be bypassed). Text the decoder refuses is not compared.
func shapeAgreesWithTOML(src string) string {
	line, msg := checkShape(src)
	if line > 0 && len(src) > maxDifferential {
		return ""
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return ""
	}
	// The decoded depth counts the document, each key part (twice for an
	// array of tables: the array and its table) and each array.
	depth := decodedDepth(raw)
	switch {
	case line == 0 && depth > 1+2*maxKeyParts+maxNesting:
		return fmt.Sprintf("checkShape passed text the decoder nests %d deep", depth)
	case line > 0 && depth <= maxKeyParts:
		return fmt.Sprintf("checkShape refused text the decoder nests only %d deep: line %d: %s", depth, line, msg)
	}
	return ""
}

// decodedDepth is the nesting of tables and arrays in a decoded value.
func decodedDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			d = max(d, decodedDepth(c))
		}
	case []map[string]any:
		for _, c := range x {
			d = max(d, decodedDepth(c))
		}
	case []any:
		for _, c := range x {
			d = max(d, decodedDepth(c))
		}
	default:
		return 0
	}
	return d + 1
}
