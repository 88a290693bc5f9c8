package experiment

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// MaxSequenceDims is the number of dimensions SobolSequence supports:
// the first 32 of Joe and Kuo's direction numbers, enough for Saltelli's
// two base samples of up to 16 parameters.
const MaxSequenceDims = 1 + len(joeKuo)

// joeKuo holds, for dimensions 2 to 32, the degree s, the coefficients a
// and the initial direction numbers m_1..m_s of Joe and Kuo's primitive
// polynomials (Joe and Kuo 2008, "Constructing Sobol sequences with
// better two-dimensional projections", SIAM J. Sci. Comput. 30(5); the
// file new-joe-kuo-6.21201).
var joeKuo = [...]struct {
	s, a uint32
	m    []uint32
}{
	{1, 0, []uint32{1}},
	{2, 1, []uint32{1, 3}},
	{3, 1, []uint32{1, 3, 1}},
	{3, 2, []uint32{1, 1, 1}},
	{4, 1, []uint32{1, 1, 3, 3}},
	{4, 4, []uint32{1, 3, 5, 13}},
	{5, 2, []uint32{1, 1, 5, 5, 17}},
	{5, 4, []uint32{1, 1, 5, 5, 5}},
	{5, 7, []uint32{1, 1, 7, 11, 19}},
	{5, 11, []uint32{1, 1, 5, 1, 1}},
	{5, 13, []uint32{1, 1, 1, 3, 11}},
	{5, 14, []uint32{1, 3, 5, 5, 31}},
	{6, 1, []uint32{1, 3, 3, 9, 7, 49}},
	{6, 13, []uint32{1, 1, 1, 15, 21, 21}},
	{6, 16, []uint32{1, 3, 1, 13, 27, 49}},
	{6, 19, []uint32{1, 1, 1, 15, 7, 5}},
	{6, 22, []uint32{1, 3, 1, 15, 13, 25}},
	{6, 25, []uint32{1, 1, 5, 5, 19, 61}},
	{7, 1, []uint32{1, 3, 7, 11, 23, 15, 103}},
	{7, 4, []uint32{1, 3, 7, 13, 13, 15, 69}},
	{7, 7, []uint32{1, 1, 3, 13, 7, 35, 63}},
	{7, 8, []uint32{1, 3, 5, 9, 1, 25, 53}},
	{7, 14, []uint32{1, 3, 1, 13, 9, 35, 107}},
	{7, 19, []uint32{1, 3, 1, 5, 27, 61, 31}},
	{7, 21, []uint32{1, 1, 5, 11, 19, 41, 61}},
	{7, 28, []uint32{1, 3, 5, 3, 3, 13, 69}},
	{7, 31, []uint32{1, 1, 7, 13, 1, 19, 1}},
	{7, 32, []uint32{1, 3, 7, 5, 13, 19, 59}},
	{7, 37, []uint32{1, 1, 3, 9, 25, 29, 41}},
	{7, 41, []uint32{1, 3, 5, 13, 23, 1, 55}},
	{7, 42, []uint32{1, 3, 7, 3, 13, 59, 17}},
}

// SobolSequence returns the first n points of Sobol's low-discrepancy
// sequence in [0,1)^dims (Sobol' 1967; Joe and Kuo's direction numbers,
// generated in Gray-code order as in Antonov and Saleev 1979), each
// coordinate XORed with a random 32-bit digital shift drawn from rng. The
// shift randomises the sequence (so different seeds give different,
// equally even samples, and no point sits at the origin) while keeping
// its balance: for n a power of two, every dyadic slice of every
// coordinate holds its share of the points (Owen 2003, "Quasi-Monte
// Carlo sampling", SIGGRAPH course notes, §4). Such samples fill the
// space more evenly than random or Latin-hypercube points, so Sobol'
// indices converge faster. dims is at most MaxSequenceDims and n at most
// 2^32.
func SobolSequence(rng *rand.Rand, n, dims int) ([][]float64, error) {
	shift := make([]uint32, dims)
	for j := range shift {
		shift[j] = rng.Uint32()
	}
	return sobolSequence(n, dims, shift)
}

// sobolSequence is SobolSequence with the given shifts.
func sobolSequence(n, dims int, shift []uint32) ([][]float64, error) {
	switch {
	case dims < 1 || dims > MaxSequenceDims:
		return nil, fmt.Errorf("experiment: a Sobol' sequence of %d dimensions; want 1 to %d", dims, MaxSequenceDims)
	case n < 1 || uint64(n) > 1<<32:
		return nil, fmt.Errorf("experiment: a Sobol' sequence of %d points; want 1 to 2^32", n)
	}
	// v[j][i] is dimension j's direction number i+1, scaled by 2^32.
	v := make([][32]uint32, dims)
	for i := range 32 {
		v[0][i] = 1 << (31 - i)
	}
	for j := 1; j < dims; j++ {
		p := joeKuo[j-1]
		s := int(p.s)
		for i := range 32 {
			if i < s {
				v[j][i] = p.m[i] << (31 - i)
				continue
			}
			x := v[j][i-s] ^ (v[j][i-s] >> s)
			for k := 1; k < s; k++ {
				x ^= ((p.a >> (s - 1 - k)) & 1) * v[j][i-k]
			}
			v[j][i] = x
		}
	}
	pts := make([][]float64, n)
	x := make([]uint32, dims)
	for i := range n {
		if i > 0 {
			// Gray-code order: point i differs from point i-1 by the
			// direction number of the lowest zero bit of i-1.
			c := bits.TrailingZeros32(^uint32(i - 1))
			for j := range x {
				x[j] ^= v[j][c]
			}
		}
		p := make([]float64, dims)
		for j := range p {
			p[j] = float64(x[j]^shift[j]) / (1 << 32)
		}
		pts[i] = p
	}
	return pts, nil
}
