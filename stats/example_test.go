package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/decentsim/decentsim/stats"
)

// ExampleDescribe summarises one metric across trials; a trial where the
// metric is undefined (NaN) is left out.
func ExampleDescribe() {
	s := stats.Describe([]float64{0.2, 0.4, math.NaN(), 0.6})
	fmt.Printf("n=%d mean=%.2f sd=%.2f ci95=[%.3f, %.3f] median=%.2f\n",
		s.N, s.Mean, s.SD, s.CILow, s.CIHigh, s.P50)
	// Output:
	// n=3 mean=0.40 sd=0.20 ci95=[-0.097, 0.897] median=0.40
}

// ExamplePairedT compares two scenarios' final-year values trial by
// trial: trial k of each ran with the same seed, so the pairs share their
// random numbers and the differences vary far less than the values.
func ExamplePairedT() {
	appointed := []float64{0.281, 0.290, 0.276, 0.288, 0.283, 0.279}
	direct := []float64{0.575, 0.586, 0.570, 0.583, 0.577, 0.574}
	d := stats.PairedT(appointed, direct)
	fmt.Printf("difference %.4f, 95%% CI [%.4f, %.4f], d_av %.1f, p %.1e\n", d.Diff, d.CILow, d.CIHigh, d.Effect, d.P)

	same := stats.PairedT(direct, direct) // a scenario against itself
	fmt.Printf("itself: difference %v, CI [%v, %v], p %v\n", same.Diff, same.CILow, same.CIHigh, same.P)
	// Output:
	// difference 0.2947, 95% CI [0.2938, 0.2955], d_av 52.1, p 3.5e-14
	// itself: difference 0, CI [0, 0], p 1
}

// ExampleHolm adjusts the p-values of several tests made at once, as
// compare does over every metric and scenario.
func ExampleHolm() {
	fmt.Println(stats.Holm([]float64{0.01, 0.04, 0.03, 0.5}))
	// Output:
	// [0.04 0.09 0.09 0.5]
}

// ExampleMoments keeps a sample's statistics without keeping its values,
// as a sweep does for every point and metric.
func ExampleMoments() {
	var m stats.Moments
	for _, x := range []float64{0.2, 0.4, math.NaN(), 0.6} {
		m.Add(x)
	}
	s := m.Summary()
	fmt.Printf("n=%d mean=%.2f sd=%.2f ci95=[%.3f, %.3f]\n", s.N, s.Mean, s.SD, s.CILow, s.CIHigh)
	// Output:
	// n=3 mean=0.40 sd=0.20 ci95=[-0.097, 0.897]
}

// ExampleBootstrap_Interval gives a share an interval that stays within
// [0, 1]: 2 trials in 20 with an event.
func ExampleBootstrap_Interval() {
	xs := make([]float64, 20)
	xs[3], xs[11] = 1, 1
	mean := func(xs []float64) float64 { return stats.Describe(xs).Mean }
	b := stats.Bootstrap{Resamples: 1000, Rand: rand.New(rand.NewPCG(1, 1))}
	lo, hi := b.Interval(xs, mean)
	t := stats.Describe(xs)
	fmt.Printf("bootstrap [%.2f, %.2f]; t interval [%.2f, %.2f]\n", lo, hi, t.CILow, t.CIHigh)
	// Output:
	// bootstrap [0.00, 0.25]; t interval [-0.04, 0.24]
}
