package sim

import "math/rand/v2"

// splitmix64 is the SplitMix64 finaliser (Steele, Lea and Flood 2014), used
// to derive independent stream seeds from (seed, trial, stream).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// TrialSeed derives trial's seed from the run seed.
func TrialSeed(seed uint64, trial int) uint64 {
	return splitmix64(seed ^ splitmix64(uint64(trial)+0x632be59bd9b4e019))
}

// Stream names the random streams of a trial.
const (
	streamWorld    = 0 // world generation
	streamDistrict = 1 // first district; district d uses streamDistrict+d
)

// newStream returns the PCG stream number stream of a trial seed. The same
// (trial seed, stream) always gives the same sequence, so a district's
// draws do not depend on which goroutine runs it.
func newStream(trialSeed uint64, stream int) *rand.Rand {
	return rand.New(rand.NewPCG(trialSeed, splitmix64(uint64(stream)^0xda942042e4dd58b5)))
}
