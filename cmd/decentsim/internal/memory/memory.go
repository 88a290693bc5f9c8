// Package memory decides, before a command allocates anything, whether
// what it will hold fits in memory: it adds up the command's estimate
// (the model's sim.RunBytes, the writer's output.Config.Memory and the
// like), compares it with a limit, by default the memory available now,
// and words the refusal: the estimate, its largest parts, the limit and
// how to get under it. A run refused here exits with status 2 and one
// line, where without it the Go runtime would stop it with "fatal error:
// out of memory" and a stack trace, leaving half-written files.
package memory

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A Part is one part of what a command will hold in memory at once.
type Part struct {
	Bytes int64
	// What names the part in a message, after "for": "the monthly values
	// of 1000 trials, kept for summary.csv".
	What string
	// Hint says how to make the part smaller, as an imperative: "use
	// fewer --trials or --months".
	Hint string
}

// A Limit is the most memory a command may plan to hold.
type Limit struct {
	Bytes int64
	// Source says where the limit comes from, after its amount in a
	// message: "available", "set by --max-memory".
	Source string
}

// String returns the limit as a message says it: "24.7 GB available".
func (l Limit) String() string { return Format(l.Bytes) + " " + l.Source }

// TooLarge is a command refused because its estimate exceeds the limit.
type TooLarge struct {
	What  string // the command and what it works on: "run classroom"
	Parts []Part // the estimate, by part
	Limit Limit
	// Flag, if set, is the flag that raises the limit (--max-memory),
	// suggested with the amount that would do.
	Flag string
}

// Total returns the estimate: the sum of the parts.
func (e *TooLarge) Total() int64 { return Total(e.Parts...) }

// Error returns the refusal in one line: the estimate, its largest
// parts, the limit, and the hint of the largest part.
func (e *TooLarge) Error() string {
	parts := slices.Clone(e.Parts)
	slices.SortStableFunc(parts, func(a, b Part) int { return -cmpInt64(a.Bytes, b.Bytes) })
	var named []string
	for _, p := range parts[:min(len(parts), 3)] {
		if p.Bytes > 0 {
			named = append(named, Format(p.Bytes)+" for "+p.What)
		}
	}
	hint := ""
	if len(parts) > 0 {
		hint = parts[0].Hint
	}
	if e.Flag != "" {
		raise := fmt.Sprintf("if the machine has that much, raise the limit with %s %s", e.Flag, Format(roundUp(e.Total())))
		if hint != "" {
			raise = "; or, " + raise
		}
		hint += raise
	}
	if hint != "" {
		hint = " (hint: " + hint + ")"
	}
	return fmt.Sprintf("%s would need about %s of memory (%s), more than the %s%s",
		e.What, Format(e.Total()), strings.Join(named, "; "), e.Limit, hint)
}

// Check returns nil if parts, together, fit in limit, and a *TooLarge
// otherwise; what and flag are its What and Flag.
func Check(what string, limit Limit, flag string, parts ...Part) error {
	if Total(parts...) <= limit.Bytes {
		return nil
	}
	return &TooLarge{What: what, Parts: parts, Limit: limit, Flag: flag}
}

// Total returns the sum of the parts' bytes, at most math.MaxInt64.
func Total(parts ...Part) int64 {
	var sum int64
	for _, p := range parts {
		if p.Bytes > math.MaxInt64-sum {
			return math.MaxInt64
		}
		sum += max(p.Bytes, 0)
	}
	return sum
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// units are the units Format writes and Parse reads, by size.
var units = []struct {
	name string
	size float64
}{{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}}

// Format returns b in decimal units with three significant digits, as
// "19.2 TB", "4.83 GB", "512 MB" or "900 B".
func Format(b int64) string {
	for _, u := range units {
		// From 0.9995 of a unit, three digits round to 1 of it.
		if x := float64(b) / u.size; x >= 1000 {
			return strconv.FormatFloat(x, 'f', 0, 64) + " " + u.name
		} else if x >= 0.9995 {
			return strconv.FormatFloat(x, 'g', 3, 64) + " " + u.name
		}
	}
	return strconv.FormatInt(b, 10) + " B"
}

// roundUp returns b rounded up to two significant digits, the amount a
// hint suggests.
func roundUp(b int64) int64 {
	if b < 100 {
		return b
	}
	scale := math.Pow(10, math.Floor(math.Log10(float64(b)))-1)
	return int64(math.Min(math.Ceil(float64(b)/scale)*scale, math.MaxInt64))
}

// suffixes are the units Parse reads, in bytes, by lower-case name.
var suffixes = map[string]float64{
	"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// Parse reads an amount of memory: a number of gigabytes (64, 1.5), or
// a number with a unit, decimal (kB, MB, GB, TB, and K, M, G, T for
// them) or binary (KiB, MiB, GiB, TiB), any case, with or without a
// space (512MB, 512 MiB, 2TB).
func Parse(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, "gb"
	if i >= 0 {
		num, unit = t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	}
	size, ok := suffixes[unit]
	x, err := strconv.ParseFloat(num, 64)
	switch {
	case !ok || err != nil:
		return 0, fmt.Errorf("%q is not an amount of memory: give a number of GB, or a number and a unit, such as 64GB, 512MB or 1.5TB", s)
	case x*size < 1 || x*size >= math.MaxInt64:
		return 0, errors.New("an amount of memory is at least 1 byte and less than 9 EB, not " + s)
	}
	return int64(x * size), nil
}

// Flag is a flag.Value for --max-memory: the limit, when it is given;
// Limit returns the default otherwise.
type Flag struct {
	name  string // the flag's name, with its dashes
	bytes int64  // 0 until set
}

// NewFlag returns the flag named name (such as "--max-memory").
func NewFlag(name string) *Flag { return &Flag{name: name} }

// Name returns the flag's name, with its dashes.
func (f *Flag) Name() string { return f.name }

// String returns the limit set, or "" (the default: the memory
// available, which depends on the moment).
func (f *Flag) String() string {
	if f == nil || f.bytes == 0 {
		return ""
	}
	return Format(f.bytes)
}

// Set sets the limit, as Parse reads it.
func (f *Flag) Set(s string) error {
	b, err := Parse(s)
	if err != nil {
		return err
	}
	f.bytes = b
	return nil
}

// Limit returns the limit given with the flag, or else the memory
// available (Available).
func (f *Flag) Limit() Limit {
	if f.bytes > 0 {
		return Limit{Bytes: f.bytes, Source: "set by " + f.name}
	}
	return Available()
}
