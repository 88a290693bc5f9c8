package output_test

import (
	"fmt"

	"github.com/decentsim/decentsim/output"
)

// ExamplePairedT compares two scenarios' final-year values trial by
// trial: trial k of each ran with the same seed, so the pairs share their
// random numbers and the differences vary far less than the values.
func ExamplePairedT() {
	appointed := []float64{0.281, 0.290, 0.276, 0.288, 0.283, 0.279}
	direct := []float64{0.575, 0.586, 0.570, 0.583, 0.577, 0.574}
	d := output.PairedT(appointed, direct)
	fmt.Printf("difference %.4f, 95%% CI [%.4f, %.4f], d_av %.1f, p %.1e\n", d.Diff, d.CILow, d.CIHigh, d.Effect, d.P)

	same := output.PairedT(direct, direct) // a scenario against itself
	fmt.Printf("itself: difference %v, CI [%v, %v], p %v\n", same.Diff, same.CILow, same.CIHigh, same.P)
	// Output:
	// difference 0.2947, 95% CI [0.2938, 0.2955], d_av 52.1, p 3.5e-14
	// itself: difference 0, CI [0, 0], p 1
}

// ExampleHolm adjusts the p-values of several tests made at once, as
// compare does over every metric and scenario.
func ExampleHolm() {
	fmt.Println(output.Holm([]float64{0.01, 0.04, 0.03, 0.5}))
	// Output:
	// [0.04 0.09 0.09 0.5]
}
