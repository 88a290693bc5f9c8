package scenarios

import (
	"fmt"
	"strings"
)

// Bounds on a scenario file's shape, checked before it is decoded. A
// scenario nests tables and arrays two or three deep and the path of its
// deepest key ([[events]], set, fiscal, own_budget) has four parts, but a
// few kilobytes nested thousands deep, or a key of thousands of parts, take
// the TOML decoder time that grows with the square of the depth (tens of
// seconds and gigabytes): a service that loads files from others must
// refuse them first. Within the bounds the decoder's cost grows with the
// file's length alone; it grows with the cube of a key's parts, hence
// their tighter bound (BenchmarkLoadAdversarial).
const (
	// maxNesting bounds the [ and { open at once, outside strings and
	// comments (a [[table]] header counts two).
	maxNesting = 32
	// maxKeyParts bounds the parts of a key's whole path: those of its
	// [table] header, of the keys of the inline tables it is in, and its
	// own dotted parts.
	maxKeyParts = 8
)

// checkShape returns the first line whose nesting or key is beyond the
// bounds above, with what is wrong, or 0 if there is none. It runs in time
// linear in len(src), reading strings and comments as the TOML decoder
// does (see stringEnd), so nothing the decoder reads as a bracket or a key
// escapes the count. It does not check the rest of the syntax: on text
// that is not TOML it still ends, and the decoder reports the error.
func checkShape(src string) (line int, msg string) {
	sh := shape{key: true, parts: 1}
	line = 1
	fresh := true // at the start of a top-level line: a [ opens a header
	for i := byteOrderMark(src); i < len(src); i++ {
		c := src[i]
		switch c {
		case '\n':
			line++
			if len(sh.open) == 0 {
				sh.key, sh.parts, fresh = true, sh.table+1, true
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			end := stringEnd(src, i)
			line += strings.Count(src[i:end], "\n")
			i = end - 1
		case '[':
			header := fresh || len(sh.open) > 0 && sh.top().kind == 'h'
			if !sh.push(c, header) {
				return line, fmt.Sprintf("tables or arrays nested more than %d deep", maxNesting)
			}
		case '{':
			if !sh.push(c, false) {
				return line, fmt.Sprintf("tables or arrays nested more than %d deep", maxNesting)
			}
		case ']', '}':
			if sh.pop() && i+1 < len(src) && src[i+1] == ']' && len(sh.open) > 0 && sh.top().kind == 'h' {
				i++ // the second bracket closing a [[table]] header
				sh.pop()
			}
		case ',':
			sh.comma()
		case '=':
			sh.key = false
		case '.':
			if sh.key {
				sh.parts++
			}
		}
		fresh = false
		if sh.parts > maxKeyParts {
			return line, fmt.Sprintf("a key more than %d parts deep, counting the parts of the tables it is in", maxKeyParts)
		}
	}
	return 0, ""
}

// byteOrderMark returns the length of the byte order mark src starts
// with, which the decoder skips (parse.go: UTF-8's, or UTF-16's though it
// then reads UTF-8), or 0.
func byteOrderMark(src string) int {
	for _, bom := range []string{"\xff\xfe", "\xfe\xff", "\xef\xbb\xbf"} {
		if strings.HasPrefix(src, bom) {
			return len(bom)
		}
	}
	return 0
}

// shape is checkShape's view of where it is: the brackets open, and
// whether it is reading a key and how many parts the key's path has so far.
type shape struct {
	open  []bracket // innermost last
	key   bool      // reading a key: a dot starts another part
	parts int       // parts of the path of the key being read, or whose value is being read
	table int       // parts of the last [table] header's name
}

// bracket is an open [ or {: kind is '[' for an array, '{' for an inline
// table and 'h' for a [table] header; parts is the path length of the
// key whose value it opens.
type bracket struct {
	kind  byte
	parts int
}

func (sh *shape) top() bracket { return sh.open[len(sh.open)-1] }

// push opens the bracket c, a header's if header is true. It reports
// whether the nesting is still within maxNesting.
func (sh *shape) push(c byte, header bool) bool {
	switch {
	case header:
		if len(sh.open) == 0 {
			sh.parts = 1 // the header's first part; a [[ keeps counting
		}
		sh.open = append(sh.open, bracket{'h', 0})
		sh.key = true
	case c == '[':
		sh.open = append(sh.open, bracket{'[', sh.parts})
		sh.key = false
	default:
		sh.open = append(sh.open, bracket{'{', sh.parts})
		sh.key, sh.parts = true, sh.parts+1
	}
	return len(sh.open) <= maxNesting
}

// pop closes the innermost bracket and reports whether it was a header's.
// A closing bracket with none open is a syntax error the decoder reports.
func (sh *shape) pop() bool {
	if len(sh.open) == 0 {
		return false
	}
	b := sh.top()
	sh.open = sh.open[:len(sh.open)-1]
	sh.key = false
	if b.kind != 'h' {
		sh.parts = b.parts
	} else if len(sh.open) == 0 {
		sh.table = sh.parts
	}
	return b.kind == 'h'
}

// comma starts the next element of an array or key of an inline table.
func (sh *shape) comma() {
	if len(sh.open) == 0 {
		return
	}
	switch b := sh.top(); b.kind {
	case '{':
		sh.key, sh.parts = true, b.parts+1
	case '[':
		sh.key, sh.parts = false, b.parts
	}
}

// stringEnd returns the offset just past the TOML string that starts at
// src[i], a " or ', as BurntSushi/toml v1.6.0's lexer reads it (lex.go:
// lexString, lexRawString, lexMultilineString, lexMultilineRawString). A
// string that does not end well (a newline in a one-line string, the end
// of the text, six quotes in a row) is a syntax error the decoder reports
// at or before that point, so any end will do there: a one-line string
// ends before the newline, so line counts stay right, and a multi-line one
// at its delimiter or the end of the text.
//
// """ and ”' open multi-line strings. The decoder does that only for a
// value; for a key, "" or ” is an empty quoted key and the third quote
// an error, so where the two readings differ the decoder has stopped.
func stringEnd(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], string([]byte{q, q, q})) {
		return multilineEnd(src, i+3, q)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case q:
			return j + 1
		case '\n':
			return j
		case '\\':
			// An escaped character: a quote or backslash does not end the
			// string; an escaped newline is an error, left for the caller
			// to count.
			if q == '"' && j+1 < len(src) && src[j+1] != '\n' {
				j++
			}
		}
	}
	return len(src)
}

// multilineEnd returns the offset just past the closing delimiter of a
// multi-line string whose text starts at src[start], delimited by three
// of q. Up to two quotes may stand right before the closing three, so
// """x"""" and """x""""" hold x" and x"". In a basic string (q is ") a
// backslash escapes the next character, which is then no delimiter.
func multilineEnd(src string, start int, q byte) int {
	for j := start; j < len(src); j++ {
		switch {
		case src[j] == '\\' && q == '"':
			j++
		case src[j] == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
			if j+3 < len(src) && src[j+3] == q && !sixQuotes(src, start, j, q) {
				continue // this quote is text: the delimiter is further on
			}
			return j + 3
		}
	}
	return len(src)
}

// sixQuotes reports whether src[j:j+4], four quotes q, are the end of six
// in a row within the string text starting at start, which the decoder
// refuses. Like the decoder it does not count a run that follows a
// backslash in a basic string: """a\\"""""" decodes to a\""" though the
// backslash is itself escaped (TOML forbids three quotes in the text; the
// decoder is what must not be outrun here).
func sixQuotes(src string, start, j int, q byte) bool {
	if j-2 < start || src[j-2] != q || src[j-1] != q {
		return false
	}
	return q != '"' || j-3 < start || src[j-3] != '\\'
}
