package stats

import (
	"math"
	"sync"
	"testing"
)

// TestTQuantile checks TQuantile against R 4.2.2's qt(p, df) printed with
// sprintf("%.17g"); SciPy's stats.t.ppf(p, df) agrees.
func TestTQuantile(t *testing.T) {
	t.Parallel()
	tests := []struct{ p, df, want, tol float64 }{
		{0.975, 1, 12.706204736174694, refTol},
		{0.975, 4, 2.7764451051977934, refTol},
		{0.975, 9, 2.2621571627982049, refTol},
		{0.975, 29, 2.0452296421327034, refTol},
		// gonum's inversion of the incomplete beta function keeps about
		// ten digits at many degrees of freedom: 1.959987707500959.
		{0.975, 100000, 1.9599877075346088, 1e-10},
		{0.5, 5.5, 0, refTol},
		{0.9, 5.5, 1.4559770334640711, refTol},
		{0.025, 5.5, -2.5018586175892397, refTol},
	}
	for _, tt := range tests {
		if got := TQuantile(tt.p, tt.df); !near(got, tt.want, tt.tol) {
			t.Errorf("TQuantile(%v, %v) = %v; want %v", tt.p, tt.df, got, tt.want)
		}
		if tt.p == 0.975 && tt.df == math.Trunc(tt.df) {
			if got, want := t975(int(tt.df)), TQuantile(0.975, tt.df); got != want {
				t.Errorf("t975(%v) = %v; want TQuantile's %v", tt.df, got, want)
			}
		}
	}
}

// TestTInterval checks the interval against R 4.2.2's
// t.test(c(0.2, 0.4, 0.6))$conf.int (mean 0.4, sd 0.2), and its
// degenerate cases.
func TestTInterval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mean, sd float64
		n        int
		lo, hi   float64
	}{
		{0.4, 0.2, 3, -0.096827542350065895, 0.8968275423500659},
		{5, 0, 4, 5, 5},
		{5, math.NaN(), 1, math.NaN(), math.NaN()},
		{math.NaN(), math.NaN(), 0, math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		lo, hi := TInterval(tt.mean, tt.sd, tt.n)
		if !near(lo, tt.lo, refTol) || !near(hi, tt.hi, refTol) {
			t.Errorf("TInterval(%v, %v, %d) = [%v, %v]; want [%v, %v]", tt.mean, tt.sd, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

// TestTPValue checks the two-sided p-value against R 4.2.2's
// 2*pt(-abs(t), df), and its limits.
func TestTPValue(t *testing.T) {
	t.Parallel()
	tests := []struct{ t, df, want float64 }{
		{2, 3, 0.13932596855884313},
		{-0.5, 10.5, 0.62738730458883507},
		{40, 2, 0.0006244146721847406},
		{0, 7, 1},
		{0, math.NaN(), 1},
		{math.Inf(-1), 7, 0},
		{math.Inf(1), math.NaN(), 0},
		{math.NaN(), 7, math.NaN()},
	}
	for _, tt := range tests {
		if got := tPValue(tt.t, tt.df); !near(got, tt.want, refTol) {
			t.Errorf("tPValue(%v, %v) = %v; want %v", tt.t, tt.df, got, tt.want)
		}
	}
}

// TestT975Concurrent asks for the memoized quantiles from many
// goroutines at once (for the race detector) and checks every answer.
func TestT975Concurrent(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	errs := make(chan string, 8*50)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for df := 1; df <= 50; df++ {
				d := (df+g*7)%50 + 1
				if got, want := t975(d), TQuantile(0.975, float64(d)); got != want {
					errs <- "t975 differs from TQuantile"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
