package validate

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
)

// TestScaleInvariance is the scale table's test: the classroom district
// with the Qantar shock (so that unrest, protests and dismissals are not
// all zero), run at 1, 2, 5 and 10 residents per agent, must agree on
// every compared metric (Welch's t, Holm over the table, ScaleAlpha).
func TestScaleInvariance(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom at 1:1 for eight trials; run without -short")
	}
	t.Parallel()
	sc, err := scenarios.Resolve("classroom_qantar", nil)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Scale(context.Background(), []ScaleSetup{{Name: "classroom_qantar", Base: sc.Params, Months: 36,
		Scales: []int{1, 2, 5, 10}, Trials: 8, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tab.Markdown(&b)
	t.Log("\n" + b.String())
	if !tab.Agree {
		t.Error("metrics differ across scales; see the table above")
	}
}

func TestWelch(t *testing.T) {
	t.Parallel()
	// By hand: means 4 and 5, variances 8 and 20/3, so the standard
	// error is sqrt(8/6 + (20/3)/4) = sqrt(3), t = 1/sqrt(3), the Welch
	// df 9/((4/3)^2/5 + (5/3)^2/3) = 7.023, and p = 0.5817 (as R's
	// t.test(c(2,4,6,8), c(1,2,3,4,5,9))).
	diff, tt, p := welch([]float64{1, 2, 3, 4, 5, 9}, []float64{2, 4, 6, 8})
	if math.Abs(diff-1) > 1e-12 || math.Abs(tt-1/math.Sqrt(3)) > 1e-12 || math.Abs(p-0.5817) > 1e-3 {
		t.Errorf("welch = %v, %v, %v; want 1, 0.5774, 0.5817", diff, tt, p)
	}
	if _, _, p := welch([]float64{1, 1}, []float64{1, 1}); p != 1 {
		t.Errorf("welch of equal constants: p = %v; want 1", p)
	}
	if _, _, p := welch([]float64{1, 1}, []float64{2, 2}); p != 0 {
		t.Errorf("welch of different constants: p = %v; want 0", p)
	}
}
