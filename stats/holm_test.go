package stats

import (
	"testing"
)

// TestHolm checks Holm against R's p.adjust(p, "holm").
func TestHolm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p, want []float64
	}{
		// p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")
		{[]float64{0.01, 0.02, 0.03, 0.04, 0.05}, []float64{0.05, 0.08, 0.09, 0.09, 0.09}},
		// p.adjust(c(0.04, 0.001, 0.5, 0.03), "holm"): order kept
		{[]float64{0.04, 0.001, 0.5, 0.03}, []float64{0.09, 0.004, 0.5, 0.09}},
		// capped at 1; NaN kept and not counted
		{[]float64{0.6, nan, 0.2}, []float64{0.6, nan, 0.4}},
		{[]float64{0.9, 0.8}, []float64{1, 1}},
		{[]float64{1, 1, 0}, []float64{1, 1, 0}},
		{nil, []float64{}},
	}
	for _, tt := range tests {
		got := Holm(tt.p)
		ok := len(got) == len(tt.want)
		for i := 0; ok && i < len(got); i++ {
			ok = near(got[i], tt.want[i], 1e-12)
		}
		if !ok {
			t.Errorf("Holm(%v) = %v; want %v", tt.p, got, tt.want)
		}
	}
}
