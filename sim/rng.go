package sim

import (
	"math/bits"
	"math/rand/v2"
)

// splitmix64 is the SplitMix64 generator's output function (Steele, Lea
// and Flood 2014): the mix of x + golden. It derives independent stream
// seeds from (seed, trial, stream), and splitmix64(s), s += golden, is the
// generator itself, which the citizens' pass draws from (see World.live).
func splitmix64(x uint64) uint64 {
	x += golden
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// TrialSeed derives trial's seed from the run seed.
func TrialSeed(seed uint64, trial int) uint64 {
	return splitmix64(seed ^ splitmix64(uint64(trial)+0x632be59bd9b4e019))
}

// golden is SplitMix64's increment: 2^64 divided by the golden ratio.
const golden = 0x9e3779b97f4a7c15

// Stream names the random streams of a trial.
const (
	streamWorld    = 0 // world generation
	streamDistrict = 1 // first district; district d uses streamDistrict+d
	// streamCitizens is the first district's citizen-generation stream:
	// district d's first citizens are drawn from streamCitizens+d.
	streamCitizens = 1 << 32
)

// newStream returns the PCG stream number stream of a trial seed. The same
// (trial seed, stream) always gives the same sequence, so a district's
// draws do not depend on which goroutine runs it.
func newStream(trialSeed uint64, stream int) *rand.Rand {
	return rand.New(newPCG(trialSeed, stream))
}

// newPCG returns the generator behind newStream(trialSeed, stream).
func newPCG(trialSeed uint64, stream int) *pcg {
	return &pcg{trialSeed, splitmix64(uint64(stream) ^ 0xda942042e4dd58b5)}
}

// pcg is math/rand/v2's PCG: a 128-bit linear congruential generator with
// the DXSM output function (O'Neill 2014; the code follows Go's
// math/rand/v2/pcg.go, BSD licence). &pcg{a, b} gives the same sequence as
// rand.NewPCG(a, b) (TestPCGMatchesRandPCG); it exists so that the
// citizens' pass can hold the state in local variables, stepping it with
// pcgNext and pcgOut, which the compiler inlines, instead of calling a
// method that would push every live value out of registers.
type pcg struct{ hi, lo uint64 }

// Uint64 returns the next number of the sequence (rand.Source).
func (p *pcg) Uint64() uint64 {
	p.hi, p.lo = pcgNext(p.hi, p.lo)
	return pcgOut(p.hi, p.lo)
}

// pcgNext returns the state after (hi, lo): state*mul + inc mod 2^128.
func pcgNext(hi, lo uint64) (uint64, uint64) {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	h, l := bits.Mul64(lo, mulLo)
	h += hi*mulLo + lo*mulHi
	l, c := bits.Add64(l, incLo, 0)
	h, _ = bits.Add64(h, incHi, c)
	return h, l
}

// pcgOut is the DXSM ("double xorshift multiply") output of state (hi, lo).
func pcgOut(hi, lo uint64) uint64 {
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// uniform53 maps a 64-bit draw to [0,1) exactly as rand.Rand.Float64
// does, so a draw from the generator through uniform53 continues the same
// stream as rand.New(src).Float64() would.
func uniform53(x uint64) float64 { return float64(x<<11>>11) * 0x1p-53 }
