package scenarios

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// uploadLimit is the largest scenario the classroom server accepts
// (classroom.DefaultLimits.MaxUpload): the inputs below are that large.
const uploadLimit = 64 << 10

// adversarialInput is a file made to cost the loader time or memory.
type adversarialInput struct {
	name string
	src  string
}

// nested returns key = value nested depth deep in brackets, with the
// strings around it.
func nested(open, close string, depth int) string {
	return strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth)
}

// fill repeats line, numbering each copy where it holds %d, until the
// text is about size bytes.
func fill(head, line string, size int) string {
	var b strings.Builder
	b.WriteString(head)
	for i := 0; b.Len() < size; i++ {
		if strings.Contains(line, "%d") {
			fmt.Fprintf(&b, line, i)
		} else {
			b.WriteString(line)
		}
	}
	return b.String()
}

// bomb is the nesting bomb of issue 20: a multi-line string whose ending
// once fooled the shape check, then an array nested as deep as fits.
func bomb(ending string, size int) string {
	head := "[meta]\ndescription = " + ending + "\n[x]\nb = "
	depth := (size - len(head) - 10) / 2
	return head + nested("[", "]", depth) + "\nc = \"y\"\n"
}

// adversarial returns inputs up to the upload limit that once took the
// loader seconds or gigabytes, or might: nesting hidden behind strings the
// shape check misread, nesting and keys at and beyond the bounds, and
// plain bulk (many keys, elements, events, a long string).
func adversarial(size int) []adversarialInput {
	deepAtLimit := "x%d = " + nested("[", "]", maxNesting-1) + "\n"
	return []adversarialInput{
		{"bomb_basic_four_quotes", bomb(`"""x""""`, size)},
		{"bomb_basic_five_quotes", bomb(`"""x"""""`, size)},
		{"bomb_literal_four_quotes", bomb(`'''x''''`, size)},
		{"bomb_literal_five_quotes", bomb(`'''x'''''`, size)},
		{"bomb_escaped_backslash", bomb(`"""x\\""""""`, size)},
		{"bomb_escaped_quote", bomb(`"x\""`, size)},
		{"bomb_line_ending_backslash", bomb("\"\"\"x\\\n\"\"\"", size)},
		{"bomb_comment_quote", "# \"\n" + bomb(`"x"`, size)},
		{"bomb_bom", "\xff\xfe" + bomb(`"x"`, size)},
		{"deep_inline_tables", "b = " + nested("{a=", "}", (size-10)/4) + "\n"},
		{"long_dotted_key", strings.Repeat("a.", size/2-4) + "a = 1\n"},
		{"long_numeric_key", strings.Repeat("1.", size/2-4) + "1 = 1\n"},
		{"long_header", "[" + strings.Repeat("a.", size/2-4) + "a]\n"},
		{"long_header_after_bom", "\xef\xbb\xbf[" + strings.Repeat("a.", size/2-6) + "a]\n"},
		{"dotted_inline_tables", "b = " + nested("{\n"+strings.Repeat("a.", 10)+"a = ", "}", (size-10)/26) + "\n"},
		{"deep_at_limit", fill("[meta]\n", deepAtLimit, size)},
		{"dotted_at_limit", fill("", strings.Repeat("a.", maxKeyParts-2)+"a%d = 1\n", size)},
		{"inline_at_limit", fill("[meta]\n", "x%d = "+nested("{a=", "}", maxKeyParts-2)+"\n", size)},
		{"many_keys", fill("[world]\n", "key%d = 1\n", size)},
		{"many_elements", fill("[meta]\nx = [", "1, ", size) + "1]\n"},
		{"many_events", fill("", "[[events]]\nmonth = 1\n", size)},
		{"many_months", fill("[meta]\nmonths = 100000\n", "[[events]]\nmonth = %d\nhardship = 0\n", size)},
		{"many_sets", fill("[[events]]\nmonth = 1\n[events.set]\n", "\"fiscal.own_budget\" = true\n", size)},
		{"long_string", "[meta]\nname = \"" + strings.Repeat("x", size-20) + "\"\n"},
	}
}

// allocated returns the bytes and allocations of one call of f, after one
// call to warm up. Tests that call it must not run in parallel: the
// counts are the process's.
func allocated(f func()) (bytes, allocs uint64) {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// Bounds on what loading an adversarial input allocates, per byte of
// input. The decoder allocates about 1.5 KB for each key it reads and more
// for inline tables; a 64 KiB file within the shape bounds stays under
// 32 MB in all (garbage mostly: the process peaks about 20 MB above its
// start), where the bombs of issue 20 took 10 GB.
const (
	maxBytesPerByte  = 512
	maxAllocsPerByte = 8
)

// TestLoadCost loads each adversarial input at the upload limit's size,
// and at half of it, and bounds what the load allocates, in all and as
// the input grows. The bombs of issue 20 took 49 s and 10 GB each; the
// cost was in allocation, so it is bounded here rather than timed (a
// timer fails on a busy machine); BenchmarkLoadAdversarial shows the time.
func TestLoadCost(t *testing.T) {
	half := adversarial(uploadLimit / 2)
	for i, in := range adversarial(uploadLimit) {
		bytes, allocs := allocated(func() { _, _ = Parse("f.toml", []byte(in.src), nil) })
		t.Logf("%s: %d KB, %d allocations", in.name, bytes>>10, allocs)
		n := uint64(len(in.src))
		if bytes > maxBytesPerByte*n || allocs > maxAllocsPerByte*n {
			t.Errorf("Parse(%s, %d bytes) allocates %d bytes in %d allocations; want at most %d and %d",
				in.name, n, bytes, allocs, maxBytesPerByte*n, maxAllocsPerByte*n)
		}
		// Doubling the input at most about doubles the cost: no part of
		// the loader grows with the square of the input.
		halfBytes, _ := allocated(func() { _, _ = Parse("f.toml", []byte(half[i].src), nil) })
		if bytes > 5*halfBytes/2+n {
			t.Errorf("Parse(%s) allocates %d bytes at %d bytes of input, %d at %d; want it to grow no faster than the input",
				in.name, bytes, n, halfBytes, len(half[i].src))
		}
	}
}

func BenchmarkLoadAdversarial(b *testing.B) {
	for _, in := range adversarial(uploadLimit) {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				_, _ = Parse("f.toml", []byte(in.src), nil)
			}
		})
	}
}
