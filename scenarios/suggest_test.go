package scenarios

import "testing"

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"recall", "recall", 0},
		{"recal", "recall", 1},
		{"selction", "selection", 1},
		{"slection", "selection", 1},
		{"selectoin", "selection", 1}, // a swap of adjacent letters
		{"kitten", "sitting", 3},
		{"акім", "аким", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := paramSchema().fields["fiscal"]
	tests := []struct {
		word string
		want string
	}{
		{"patronage", "patronage_weight"},
		{"own_budjet", "own_budget"},
		{"Own_Budget", "own_budget"},
		{"transfer_rul", "transfer_rule"},
		{"equalization", "equalisation"},
		{"x", ""},
		{"completely_unrelated", ""},
	}
	for _, tt := range tests {
		if got := closest(tt.word, keys); got != tt.want {
			t.Errorf("closest(%q, fiscal keys) = %q; want %q", tt.word, got, tt.want)
		}
	}
}
