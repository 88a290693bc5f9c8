//go:build !unix

package main

// cpuSeconds reports no CPU time where getrusage is missing; the bench
// command then reports wall time only.
func cpuSeconds() float64 { return 0 }
