package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a scenario: where it is, which key it concerns,
// what is wrong and what to do about it. It prints as
//
//	file:line: key: msg (hint: hint)
//
// leaving out the parts that are empty (a line of 0 is unknown).
type Error struct {
	// File is the scenario file the problem is in, as it was named
	// ("--set" for a command-line override).
	File string
	// Line is the 1-based line of the offending key, or 0 if unknown.
	Line int
	// Key is the offending key, such as "institutions.recall",
	// "meta.months" or "events[2].set.fiscal.own_budget".
	Key string
	// Msg says what is wrong, in lower case without a final period.
	Msg string
	// Hint says what to do about it.
	Hint string
}

// Error formats the problem as file:line: key: msg (hint: hint).
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		fmt.Fprintf(&b, " (hint: %s)", e.Hint)
	}
	return b.String()
}

// ErrorList is every problem found in a scenario, in file and line order
// (overrides in the order given).
// Load and Resolve return one (as an error) when a scenario is invalid, so
// a user sees all problems at once; use errors.As to tell bad input (exit
// status 2) from other failures.
type ErrorList []*Error

// Error prints the problems one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sorted returns l ordered by file and line, or nil if it is empty,
// so that a caller never sees a non-nil error holding no problems.
func (l ErrorList) sorted() error {
	if len(l) == 0 {
		return nil
	}
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return l
}

// How much of a problem's parts is kept. Messages quote values from the
// input, which may be as long as the file: a value is quoted up to
// maxValueEcho characters (echo), and a key, message or hint longer than
// the bounds below (which none of the loader's own texts reach) is cut.
const (
	maxValueEcho = 40
	maxKeyEcho   = 100
	maxMsgEcho   = 300
	maxHintEcho  = 1000
)

// echo returns s as a TOML string for a message, cut to maxValueEcho
// characters.
func echo(s string) string { return quote(clip(s, maxValueEcho)) }

// clip returns s, or its first n characters followed by "..." if it has
// more.
func clip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "..."
		}
		n--
	}
	return s
}
