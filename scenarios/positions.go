package scenarios

import (
	"strconv"
	"strings"
)

// positions maps the path of every key and table in a TOML document to the
// 1-based line where it is defined. A path is the list of its keys joined
// by posSep, with the element index of arrays of tables as a key of its own
// (the third [[events]] table is "events", "2"). BurntSushi/toml keeps key
// positions to itself, so the loader finds lines with this scanner.
type positions map[string]int

const posSep = "\x00"

// line returns the line of the longest prefix of path that is known, so a
// problem with a key that cannot be placed is at least reported at its
// table; it returns 0 if nothing is known.
func (ps positions) line(path ...string) int {
	for n := len(path); n > 0; n-- {
		if l, ok := ps[strings.Join(path[:n], posSep)]; ok {
			return l
		}
	}
	return 0
}

// scanPositions finds the lines of the keys of src. It is meant for text
// that BurntSushi/toml has already parsed without error, but it never
// panics and always ends on any input; on malformed text some lines may be
// missing.
func scanPositions(src string) positions {
	s := &scanner{src: src, line: 1, pos: positions{}, arrays: map[string]int{}}
	s.document()
	return s.pos
}

// scanner is a small TOML tokenizer that records where keys are.
type scanner struct {
	src    string
	i      int // offset of the next byte
	line   int // line of the next byte
	pos    positions
	arrays map[string]int // number of [[tables]] seen, by resolved path
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

// record notes the line of path and of each of its prefixes not yet seen.
// Since every recorded path has its prefixes recorded too, it can stop at
// the first prefix already seen.
func (s *scanner) record(path []string, line int) {
	for n := len(path); n > 0; n-- {
		k := strings.Join(path[:n], posSep)
		if _, ok := s.pos[k]; ok {
			return
		}
		s.pos[k] = line
	}
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
	var table []string
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
			table = s.resolve(keys, array)
			s.record(table, line)
		} else {
			s.keyValue(table, line)
		}
		s.skip(false)
		if s.i == start {
			s.i++ // never stall on unexpected input
		}
	}
}

// resolve turns the keys of a table header into a path, inserting the
// current element index after each array of tables on the way and starting
// a new element when the header is itself an array of tables.
func (s *scanner) resolve(keys []string, array bool) []string {
	var path []string
	for i, k := range keys {
		path = append(path, k)
		id := strings.Join(path, posSep)
		switch n, seen := s.arrays[id]; {
		case array && i == len(keys)-1:
			s.arrays[id] = n + 1
			path = append(path, strconv.Itoa(n))
		case seen:
			path = append(path, strconv.Itoa(n-1))
		}
	}
	return path
}

// key scans a dotted key and returns its parts, unquoted.
func (s *scanner) key() []string {
	var parts []string
	for {
		s.skip(false)
		var part string
		switch s.peek() {
		case '"':
			part = s.basicString()
		case '\'':
			part = s.literalString()
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
// elements of arrays under path.
func (s *scanner) value(path []string) {
	rest := s.src[s.i:]
	switch {
	case strings.HasPrefix(rest, `"""`):
		s.multiline(`"""`)
	case strings.HasPrefix(rest, `'''`):
		s.multiline(`'''`)
	case s.peek() == '"':
		s.basicString()
	case s.peek() == '\'':
		s.literalString()
	case s.peek() == '{':
		s.inlineTable(path)
	case s.peek() == '[':
		s.array(path)
	default:
		n := strings.IndexAny(rest, ",]}#\n")
		if n < 0 {
			n = len(rest)
		}
		s.i += n
	}
}

// basicString scans a "quoted" string on one line and returns its value.
func (s *scanner) basicString() string {
	s.i++ // opening quote
	j := s.i
	for !s.eof() && s.src[s.i] != '"' && s.src[s.i] != '\n' {
		if s.src[s.i] == '\\' && s.i+1 < len(s.src) && s.src[s.i+1] != '\n' {
			s.i++
		}
		s.i++
	}
	raw := s.src[j:s.i]
	if s.peek() == '"' {
		s.i++
	}
	if v, err := strconv.Unquote(`"` + raw + `"`); err == nil {
		return v
	}
	return raw
}

// literalString scans a 'quoted' string on one line and returns its value.
func (s *scanner) literalString() string {
	s.i++
	j := s.i
	for !s.eof() && s.src[s.i] != '\'' && s.src[s.i] != '\n' {
		s.i++
	}
	raw := s.src[j:s.i]
	if s.peek() == '\'' {
		s.i++
	}
	return raw
}

// multiline scans a multi-line string delimited by delim, three double
// or three single quotes.
// Up to two quotes may stand right before the closing delimiter.
func (s *scanner) multiline(delim string) {
	s.i += len(delim)
	basic := delim[0] == '"'
	for !s.eof() {
		c := s.src[s.i]
		switch {
		case c == '\n':
			s.line++
			s.i++
		case basic && c == '\\' && s.i+1 < len(s.src):
			if s.src[s.i+1] == '\n' {
				s.line++
			}
			s.i += 2
		case strings.HasPrefix(s.src[s.i:], delim):
			for n := 0; n < 5 && s.peek() == delim[0]; n++ {
				s.i++
			}
			return
		default:
			s.i++
		}
	}
}

// keyValue scans key = value, the key under table, on line.
func (s *scanner) keyValue(table []string, line int) {
	keys := s.key()
	s.skip(false)
	if s.peek() == '=' {
		s.i++
	}
	s.skip(false)
	path := join(table, keys)
	s.record(path, line)
	s.value(path)
}

// inlineTable scans { key = value, ... }, which TOML 1.1 lets span lines.
func (s *scanner) inlineTable(path []string) {
	s.i++
	for {
		s.skip(true)
		if s.eof() {
			return
		}
		if s.peek() == '}' {
			s.i++
			return
		}
		start := s.i
		line := s.line
		s.keyValue(path, line)
		s.skip(true)
		if s.peek() == ',' {
			s.i++
		}
		if s.i == start {
			s.i++
		}
	}
}

// array scans [ value, ... ], recording each element at path plus its index.
func (s *scanner) array(path []string) {
	s.i++
	for n := 0; ; n++ {
		s.skip(true)
		if s.eof() {
			return
		}
		if s.peek() == ']' {
			s.i++
			return
		}
		start := s.i
		elem := join(path, []string{strconv.Itoa(n)})
		s.record(elem, s.line)
		s.value(elem)
		s.skip(true)
		if s.peek() == ',' {
			s.i++
		}
		if s.i == start {
			s.i++
		}
	}
}

// join returns a new slice holding a then b.
func join(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}
