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
	// streamNetwork is the first district's network stream: district d's
	// rewired ties are drawn from streamNetwork+d.
	streamNetwork = 2 << 32
	// streamUnits draws the synthetic world's units (GenerateUnits).
	streamUnits = 3 << 32
	// streamMigration draws migrants' destinations (World.placeMovers).
	streamMigration = 4 << 32
)

// newStream returns the PCG stream number stream of a trial seed. The same
// (trial seed, stream) always gives the same sequence, so a district's
// draws do not depend on which goroutine runs it.
func newStream(trialSeed uint64, stream int) *rand.Rand {
	return rand.New(newPCG(trialSeed, stream))
}

// newPCG is the generator of newStream, for a stream whose state a
// snapshot copies (World.Clone).
func newPCG(trialSeed uint64, stream int) *rand.PCG {
	return rand.NewPCG(trialSeed, streamSeed(stream))
}

// streamSeed is the second seed of stream's PCG generator (the first is
// the trial seed).
func streamSeed(stream int) uint64 { return splitmix64(uint64(stream) ^ 0xda942042e4dd58b5) }

// pcg is math/rand/v2's PCG generator (O'Neill's PCG family, the DXSM
// output function on a 128-bit LCG) as a value, with the
// draws of rand.Rand that world building makes: the same numbers as
// rand.New(rand.NewPCG(hi, lo)), bit for bit (TestPCGMatchesRand). World
// building draws about 25 numbers a citizen (strata.deal,
// network.rewire); rand.Rand calls its source through an interface, and
// a generator behind a pointer goes through memory at every draw, where
// a loop can hold a pcg value in registers (g, x = g.next()).
type pcg struct{ hi, lo uint64 }

// newStreamPCG returns stream number stream of a trial seed, as
// newStream does.
func newStreamPCG(trialSeed uint64, stream int) pcg { return pcg{trialSeed, streamSeed(stream)} }

// next returns the generator after a draw and the number drawn, as
// rand.PCG.Uint64 draws it: the 128-bit LCG step, then the DXSM output
// function. uniform53 of the number is rand.Rand.Float64.
func (p pcg) next() (pcg, uint64) {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	x := (hi ^ hi>>32) * cheapMul
	return pcg{hi, lo}, (x ^ x>>48) * (lo | 1)
}

// Uint64 draws a number (rand.Source: rand.New(p) draws from p's state).
func (p *pcg) Uint64() uint64 {
	q, x := p.next()
	*p = q
	return x
}

// uint64n returns the generator after the draws and a uniform integer in
// [0,n) for n > 0, as rand.Rand.Uint64N draws it on a 64-bit machine
// (the package needs a 64-bit int): Lemire's multiply-and-reject.
func (p pcg) uint64n(n uint64) (pcg, uint64) {
	p, x := p.next()
	hi, lo := bits.Mul64(x, n)
	if lo < n || n&(n-1) == 0 {
		return p.uint64nFrom(x, n)
	}
	return p, hi
}

// uint64nFrom is uint64n given its first draw x, for a power of two n
// or a draw that may be rejected (x*n mod 2^64 < n); others take the
// high word of x*n.
func (p pcg) uint64nFrom(x, n uint64) (pcg, uint64) {
	if n&(n-1) == 0 {
		return p, x & (n - 1)
	}
	hi, lo := bits.Mul64(x, n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			p, x = p.next()
			hi, lo = bits.Mul64(x, n)
		}
	}
	return p, hi
}

// shuffle shuffles o as rand.Rand.Shuffle(len(o), swap o[i] and o[j])
// does: Fisher-Yates from the last element down, each j drawn as
// uint64n(i+1) draws it (its common case written out).
func (p *pcg) shuffle(o []int32) {
	g := *p
	for i := len(o) - 1; i > 0; i-- {
		n := uint64(i + 1)
		var x uint64
		g, x = g.next()
		j, lo := bits.Mul64(x, n)
		if lo < n || n&(n-1) == 0 {
			g, j = g.uint64nFrom(x, n)
		}
		o[i], o[j] = o[j], o[i]
	}
	*p = g
}

// slotDraws is the position, in the citizens' pass's SplitMix64 sequence
// started at sm, of slot i's first number (World.live): slot i owns
// numbers 3i, 3i+1 and 3i+2, the n-th being splitmix64(sm + n*golden).
func slotDraws(sm uint64, i int) uint64 { return sm + uint64(i)*golden3 }

// golden2 and golden3 are 2*golden and 3*golden modulo 2^64.
const (
	golden2 = golden * 2 & (1<<64 - 1)
	golden3 = golden * 3 & (1<<64 - 1)
)

// uniform53 maps a 64-bit draw to [0,1) as rand.Rand.Float64 does.
func uniform53(x uint64) float64 { return float64(x<<11>>11) * 0x1p-53 }
