package stats

import (
	"math"
	"testing"
)

// TestGini checks the weighted Gini coefficient against the mean absolute
// difference of the values repeated as often as their weights, computed
// in R 4.2.2 (printed with sprintf("%.17g")) as
//
//	g <- function(x, w) { y <- rep(x, w); sum(abs(outer(y, y, "-"))) / (2 * length(y)^2 * mean(y)) }
//
// an independent formula that agrees with the Lorenz curve's for whole
// weights.
func TestGini(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ps   []Weighted
		want float64
	}{
		{"equal", []Weighted{{1, 1}, {1, 1}, {1, 1}}, 0},
		// One of n holds everything: G = 1 − 1/n.
		{"one holds all", []Weighted{{0, 1}, {0, 1}, {4, 1}, {0, 1}}, 0.75},
		{"weight as repetition", []Weighted{{3, 1}, {1, 2}}, 0.26666666666666666},
		// g(c(0.62, 0.35, 0.81, 0.47, 0.55), c(1200, 300, 4500, 800, 2100)):
		// service levels of units weighted by population.
		{"units", []Weighted{{0.62, 1200}, {0.35, 300}, {0.81, 4500}, {0.47, 800}, {0.55, 2100}}, 0.11254230966481757},
		{"unsorted", []Weighted{{2.5, 3}, {0.4, 7}, {1.1, 1}}, 0.42424242424242425},
		{"one value", []Weighted{{5, 2}}, 0},
		{"no income", []Weighted{{0, 1}, {0, 3}}, 0},
		{"no weight", []Weighted{{1, 0}, {2, 0}}, 0},
		{"no values", nil, math.NaN()},
	}
	for _, tt := range tests {
		if got := Gini(tt.ps); !near(got, tt.want, refTol) {
			t.Errorf("%s: Gini(%v) = %v; want %v", tt.name, tt.ps, got, tt.want)
		}
	}
}

// TestGiniAllocatesNothing guards the engine's zero-allocation month,
// which computes two Gini coefficients.
func TestGiniAllocatesNothing(t *testing.T) {
	ps := []Weighted{{0.62, 1200}, {0.35, 300}, {0.81, 4500}, {0.47, 800}, {0.55, 2100}}
	if n := testing.AllocsPerRun(100, func() { Gini(ps) }); n != 0 {
		t.Errorf("Gini allocates %v times a call; want 0", n)
	}
}
