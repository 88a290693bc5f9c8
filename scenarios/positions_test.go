package scenarios

import (
	"strings"
	"testing"
)

func TestScanPositions(t *testing.T) {
	t.Parallel()
	src := `# a comment with "quotes" and [brackets]
extends = "kz_direct_2021" # trailing

[meta]
name = 'literal # not a comment'
description = """
multi-line "with" quotes
and = "fake keys"
"""

[world]
oblasts = 17
"quoted key" = 1
dotted.key = 2
  indented = 3

[fiscal.sub]
x = [1, 2,
  3]
y = { a = 1, b = { c = 2 } }

[[events]]
month = 1
set = { "institutions.selection" = "direct",
        "fiscal.own_budget" = true }

[[events]]
month = 2
[events.set]
"institutions.recall" = false
institutions.education = "none"

[[events]]
month = 3
label = '''
multi
'''
hardship = 0.1
list = [{ k = 1 }, { k = 2 }]
`
	ps := scanPositions(src)
	tests := []struct {
		path []string
		want int
	}{
		{[]string{"extends"}, 2},
		{[]string{"meta"}, 4},
		{[]string{"meta", "name"}, 5},
		{[]string{"meta", "description"}, 6},
		{[]string{"meta", "and"}, 4}, // inside a string: falls back to [meta]
		{[]string{"world", "oblasts"}, 12},
		{[]string{"world", "quoted key"}, 13},
		{[]string{"world", "dotted", "key"}, 14},
		{[]string{"world", "dotted"}, 14},
		{[]string{"world", "indented"}, 15},
		{[]string{"world", "missing"}, 11},
		{[]string{"fiscal", "sub"}, 17},
		{[]string{"fiscal", "sub", "x"}, 18},
		{[]string{"fiscal", "sub", "y", "b", "c"}, 20},
		{[]string{"events", "0"}, 22},
		{[]string{"events", "0", "month"}, 23},
		{[]string{"events", "0", "set", "institutions.selection"}, 24},
		{[]string{"events", "0", "set", "fiscal.own_budget"}, 25},
		{[]string{"events", "1", "month"}, 28},
		{[]string{"events", "1", "set"}, 29},
		{[]string{"events", "1", "set", "institutions.recall"}, 30},
		{[]string{"events", "1", "set", "institutions", "education"}, 31},
		{[]string{"events", "2", "label"}, 35},
		{[]string{"events", "2", "hardship"}, 38},
		{[]string{"events", "2", "list", "1", "k"}, 39},
		{[]string{"nothing"}, 0},
	}
	for _, tt := range tests {
		if got := ps.line(tt.path...); got != tt.want {
			t.Errorf("scanPositions(src).line(%q) = %d; want %d", tt.path, got, tt.want)
		}
	}
}

// TestScanPositionsMalformed feeds the scanner text that is not TOML: it
// must end without panicking.
func TestScanPositionsMalformed(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "[", "[[", "a = ", `a = "`, `a = """`, "a = '''", "a = {", "a = [", `"\`, "= = =",
		"]]]]", "a.b.c.", "[a\n[[a]]\n[a.b]\n", strings.Repeat("[", 1000), strings.Repeat("{a=", 500), "\x00\xff\xfe"} {
		scanPositions(src)
	}
}

// TestScanPositionsLinear bounds what scanPositions allocates on text
// nested far beyond the shape check's bounds (which it may be given when
// called alone): it once recorded the whole path of every level at each
// level, 644 MB for 16 KB. Doubling the input must at most about double
// the cost. Not parallel: allocated counts the process's allocations.
func TestScanPositionsLinear(t *testing.T) {
	for _, tt := range []struct{ name, head, open, tail string }{
		{"arrays", "x = ", "[", "1"},
		{"inline tables", "x = ", "{a=", "1"},
		{"dotted key", "", "a.", "a = 1"},
		{"dotted header", "[", "a.", "a]"},
	} {
		src := func(depth int) string { return tt.head + strings.Repeat(tt.open, depth) + tt.tail }
		small, _ := allocated(func() { scanPositions(src(4000)) })
		large, _ := allocated(func() { scanPositions(src(8000)) })
		if large > 5*small/2 {
			t.Errorf("scanPositions(%s 8000 deep) allocates %d bytes, %d at 4000; want it to grow no faster than the input", tt.name, large, small)
		}
	}
}
