//go:build !(goexperiment.simd && amd64)

package sim

// haveVector reports whether this build runs the vector citizens' pass:
// it does not (build with GOEXPERIMENT=simd on amd64 for it).
const haveVector = false

// vectorName names the citizens' pass this build runs, for reports.
func vectorName() string {
	return "scalar (built without GOEXPERIMENT=simd: see docs/PERFORMANCE.md for the vector pass)"
}

// vecScratch is empty where there is no vector pass.
type vecScratch struct{}

// vecConsts is empty where there is no vector pass.
type vecConsts struct{}

// newPassScratch is never called where there is no vector pass.
func newPassScratch() *passScratch { return new(passScratch) }

// setUnitConsts is never called where there is no vector pass.
func (k *passUnit) setUnitConsts() {}

// blockVec is never called where there is no vector pass.
func (k *passUnit) blockVec(h *CitizenBlock, base int, t *passTally) {
	panic("sim: no vector pass in this build")
}

// clampLanes is never called where there is no vector pass.
func clampLanes(xs []float64) []float64 { panic("sim: no vector pass in this build") }
