//go:build !unix

package sim

// cpuSeconds reports no CPU time where getrusage is missing; benchmarks
// then report wall time only.
func cpuSeconds() float64 { return 0 }
