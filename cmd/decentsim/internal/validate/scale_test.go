package validate

import (
	"bytes"
	"context"
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
