package scenarios

import (
	"strconv"
	"strings"
)

// positions maps the path of every key and table in a TOML document to the
// 1-based line where it is defined. A path is a list of keys, with the
// element index of arrays of tables as a key of its own (the third
// [[events]] table is "events", "2"). BurntSushi/toml keeps key positions to
// itself, so the loader finds lines with this scanner.
//
// The paths are kept as a tree, each node a key under its parent, so that
// recording a path costs the length of its last key, not of the whole path:
// the scanner is linear in its input however deep the nesting.
type positions struct {
	lines    []int         // by node; node 0 is the document
	children map[child]int // node and key -> node
}

// child names a node by its parent and its key.
type child struct {
	parent int
	key    string
}

// line returns the line of the longest prefix of path that is known, so a
// problem with a key that cannot be placed is at least reported at its
// table; it returns 0 if nothing is known.
func (ps positions) line(path ...string) int {
	node, line := 0, 0
	for _, k := range path {
		c, ok := ps.children[child{node, k}]
		if !ok {
			break
		}
		node, line = c, ps.lines[c]
	}
	return line
}

// scanPositions finds the lines of the keys of src. It is meant for text
// that BurntSushi/toml has already parsed without error, but it never
// panics and always ends on any input; on malformed text some lines may be
// missing.
func scanPositions(src string) positions {
	s := &scanner{src: src, line: 1, pos: positions{lines: []int{0}, children: map[child]int{}}, arrays: map[int]int{}}
	s.document()
	return s.pos
}

// scanner is a small TOML tokenizer that records where keys are.
type scanner struct {
	src    string
	i      int // offset of the next byte
	line   int // line of the next byte
	pos    positions
	arrays map[int]int // number of [[tables]] seen, by node
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

// at returns the node of key under parent, recording it at line if it is
// new: a path keeps the line where it was first seen.
func (s *scanner) at(parent int, key string, line int) int {
	if c, ok := s.pos.children[child{parent, key}]; ok {
		return c
	}
	c := len(s.pos.lines)
	s.pos.lines = append(s.pos.lines, line)
	s.pos.children[child{parent, key}] = c
	return c
}

// path returns the node of keys under parent, recording at line the nodes
// not yet seen.
func (s *scanner) path(parent int, keys []string, line int) int {
	for _, k := range keys {
		parent = s.at(parent, k, line)
	}
	return parent
}

// skip skips blanks and comments, and newlines too when newlines is true.
func (s *scanner) skip(newlines bool) {
	for !s.eof() {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
		case c == '#':
			for !s.eof() && s.src[s.i] != '\n' {
				s.i++
			}
		case c == '\n' && newlines:
			s.i++
			s.line++
		default:
			return
		}
	}
}

// document scans table headers and key/value lines to the end.
func (s *scanner) document() {
	table := 0
	for {
		s.skip(true)
		if s.eof() {
			return
		}
		start := s.i
		line := s.line
		if s.peek() == '[' {
			array := strings.HasPrefix(s.src[s.i:], "[[")
			if array {
				s.i += 2
			} else {
				s.i++
			}
			keys := s.key()
			s.skip(false)
			for n := 0; n < 2 && s.peek() == ']'; n++ {
				s.i++
			}
			table = s.resolve(keys, array, line)
		} else {
			s.keyValue(table, line)
		}
		s.skip(false)
		if s.i == start {
			s.i++ // never stall on unexpected input
		}
	}
}

// resolve returns the node of a table header's keys, recorded at line,
// inserting the current element index after each array of tables on the
// way and starting a new element when the header is itself an array of
// tables.
func (s *scanner) resolve(keys []string, array bool, line int) int {
	node := 0
	for i, k := range keys {
		node = s.at(node, k, line)
		switch n, seen := s.arrays[node]; {
		case array && i == len(keys)-1:
			s.arrays[node] = n + 1
			node = s.at(node, strconv.Itoa(n), line)
		case seen:
			node = s.at(node, strconv.Itoa(n-1), line)
		}
	}
	return node
}

// key scans a dotted key and returns its parts, unquoted.
func (s *scanner) key() []string {
	var parts []string
	for {
		s.skip(false)
		var part string
		switch s.peek() {
		case '"', '\'':
			part = s.quotedKey()
		default:
			j := s.i
			for !s.eof() && isBare(s.src[s.i]) {
				s.i++
			}
			part = s.src[j:s.i]
		}
		parts = append(parts, part)
		s.skip(false)
		if s.peek() != '.' {
			return parts
		}
		s.i++
	}
}

func isBare(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// value scans one value, recording the keys of inline tables and the
// elements of arrays under node.
func (s *scanner) value(node int) {
	switch s.peek() {
	case '"', '\'':
		s.str()
	case '{':
		s.inlineTable(node)
	case '[':
		s.array(node)
	default:
		n := strings.IndexAny(s.src[s.i:], ",]}#\n")
		if n < 0 {
			n = len(s.src) - s.i
		}
		s.i += n
	}
}

// str scans a string of any kind, as the shape check reads it, and
// returns its text with the quotes.
func (s *scanner) str() string {
	start := s.i
	s.i = stringEnd(s.src, s.i)
	raw := s.src[start:s.i]
	s.line += strings.Count(raw, "\n")
	return raw
}

// quotedKey scans a quoted key and returns it unquoted.
func (s *scanner) quotedKey() string {
	raw := s.str()
	q := raw[:1]
	if v, err := strconv.Unquote(raw); err == nil && q == `"` {
		return v
	}
	return strings.TrimSuffix(strings.TrimPrefix(raw, q), q)
}

// keyValue scans key = value, the key under the table node, on line.
func (s *scanner) keyValue(node, line int) {
	keys := s.key()
	s.skip(false)
	if s.peek() == '=' {
		s.i++
	}
	s.skip(false)
	s.value(s.path(node, keys, line))
}

// inlineTable scans { key = value, ... }, which TOML 1.1 lets span lines.
func (s *scanner) inlineTable(node int) {
	s.elements('}', func(int) { s.keyValue(node, s.line) })
}

// array scans [ value, ... ], recording each element under node with its
// index as key.
func (s *scanner) array(node int) {
	s.elements(']', func(n int) { s.value(s.at(node, strconv.Itoa(n), s.line)) })
}

// elements scans the comma-separated elements of an inline table or an
// array from its opening bracket to end, scanning element n with elem.
// It steps over a character that no element takes, so it always ends.
func (s *scanner) elements(end byte, elem func(n int)) {
	s.i++
	for n := 0; ; n++ {
		s.skip(true)
		if s.eof() {
			return
		}
		if s.peek() == end {
			s.i++
			return
		}
		start := s.i
		elem(n)
		s.skip(true)
		if s.peek() == ',' {
			s.i++
		}
		if s.i == start {
			s.i++
		}
	}
}
