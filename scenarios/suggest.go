package scenarios

import (
	"strings"
	"unicode/utf8"
)

// closest returns the candidate nearest to word, for a "did you mean"
// hint, or "" if none is near enough. Near means within a few edits
// (insertions, deletions, substitutions or swaps of adjacent letters,
// scaled to the word's length), or a candidate that starts with a word of
// four or more letters. Ties go to the earlier candidate.
func closest(word string, candidates []string) string {
	limit := min(3, 1+len(word)/4)
	lower := strings.ToLower(word)
	n := utf8.RuneCountInString(lower)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		// The distance is at least the difference in length: a long word
		// (a pasted paragraph, say) costs nothing here.
		if m := utf8.RuneCountInString(c); max(n-m, m-n) >= bestDist {
			continue
		}
		if d := editDistance(lower, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	if len(word) >= 4 {
		for _, c := range candidates {
			if strings.HasPrefix(c, word) && (best == "" || len(c) < len(best)) {
				best = c
			}
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent characters that turn one into the other.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// d[i][j] is the distance between s[:i] and t[:j]; three rows suffice,
	// on the stack for the short names the candidates are.
	n := len(t) + 1
	var buf [3 * 64]int
	rows := buf[:]
	if 3*n > len(buf) {
		rows = make([]int, 3*n)
	}
	prev2, prev, cur := rows[:n], rows[n:2*n], rows[2*n:3*n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
