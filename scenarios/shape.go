package scenarios

import "fmt"

// Bounds on a scenario file's shape, checked before it is decoded. A
// scenario nests tables and arrays two or three deep and its keys have two
// or three parts, but a few kilobytes nested thousands deep, or a key of
// thousands of parts, take the TOML decoder (and the line scanner) tens of
// seconds: a service that loads files from others must refuse them first.
const (
	maxNesting  = 32 // open [ and { at once, outside strings and comments
	maxKeyParts = 64 // dots in one line outside strings, comments and numbers
)

// checkShape returns the first line whose nesting or dotted key is beyond
// the bounds above, with what is wrong, or 0 if there is none. It reads
// TOML's strings (basic, literal and multi-line) and comments well enough
// not to count what is inside them.
func checkShape(src []byte) (line int, msg string) {
	line = 1
	depth, dots := 0, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '\n':
			line++
			dots = 0
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			n := 1
			if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
				n = 3
			}
			i += n
			for ; i < len(src); i++ {
				if src[i] == '\n' {
					line++
				}
				if c == '"' && src[i] == '\\' {
					i++ // an escaped character, perhaps a quote or newline
					if i < len(src) && src[i] == '\n' {
						line++
					}
					continue
				}
				if src[i] == c && (n == 1 || i+2 < len(src) && src[i+1] == c && src[i+2] == c) {
					i += n - 1
					break
				}
			}
		case '[', '{':
			depth++
			if depth > maxNesting {
				return line, fmt.Sprintf("tables or arrays nested more than %d deep", maxNesting)
			}
		case ']', '}':
			depth = max(0, depth-1)
		case '.':
			digits := i > 0 && isDigit(src[i-1]) && i+1 < len(src) && isDigit(src[i+1])
			if !digits {
				dots++
				if dots > maxKeyParts {
					return line, fmt.Sprintf("a key of more than %d parts", maxKeyParts)
				}
			}
		}
	}
	return 0, ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
