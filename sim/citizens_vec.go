//go:build goexperiment.simd && amd64

package sim

import (
	"encoding/binary"
	"math"
	"math/bits"
	"simd/archsimd"
)

// haveVector reports whether this build and CPU run the vector citizens'
// pass: the program was built with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package) and the CPU has AVX-512 (AVX512F, CD, BW, DQ, VL).
var haveVector = archsimd.X86.AVX512()

// vectorName names the citizens' pass this build and CPU run, for reports.
func vectorName() string {
	if haveVector {
		return "vector (AVX-512)"
	}
	return "scalar (this CPU has no AVX-512)"
}

// vecScratch is the vector pass's per-block scratch: the draws of each
// lane, and values handed from the vector code to the scalar code that
// finishes a block.
type vecScratch struct {
	d                         [64]uint64        // draws made ahead (drawAhead); need and birth mark them
	need, birth               uint64            //
	x, x2                     [BlockLen]uint64  // each lane's first and second draw (the second, where it is kept)
	aw, trust, legit          [BlockLen]float64 // unrounded results, for the unit's sums in slot order
	hard, perceived, z, v, um [BlockLen]float64 // for the rare lanes finished in scalar code
	h                         *CitizenBlock     // the block scanned
	base                      int               // its first slot
	live, cand, jailed        uint32            // lanes with someone in them; participation candidates (a second draw); prisoners
	jailKeep, born            uint32            // prisoners with a term still running; lanes with a birth this month
}

// vecConsts holds the vector pass's constants, each in eight lanes, set
// once a unit: loading one is one instruction, where broadcasting it in
// the loop is three.
type vecConsts struct {
	// the unit's values, as passUnit's
	q, amp, trustRate, halfExtract, response, gain, loss, ignored, decay, campaign, initialAware, modeShare, procWeight, legitShift, perfWeight, hardService, hardShift, threshold, pArrest, maxLeave, cost [8]float64
	// numbers in the formulas
	minus1, zero, c005, c0125, c02, c04, half, c06, c097, one, c12, two, six, learning [8]float64
	c01, c03, migration, young, incomeOut                                              [8]float64
	ceiling, overRest, four, p24, p32, p40, magic                                      [8]float64
	p53, pBirth                                                                        [8]float64
	// integer masks and the bits of 2^52 (uniforms from draws, as in block)
	mask32, mask40, exp52, mask53, two38, mix1, mix2, iotaGolden [8]uint64
}

// setVecConsts fills k.vc from k's values.
func (k *passUnit) setVecConsts() {
	v := &k.ps.vc
	set := func(a *[8]float64, x float64) { *a = [8]float64{x, x, x, x, x, x, x, x} }
	set(&v.p53, 0x1p-53)
	set(&v.pBirth, k.pBirth)
	for i := range 8 {
		v.mask53[i], v.two38[i] = 1<<53-1, 1<<38
		v.mix1[i], v.mix2[i] = 0xbf58476d1ce4e5b9, 0x94d049bb133111eb // splitmix64's
		v.iotaGolden[i] = uint64(i) * golden
	}
	set(&v.c01, 0.1)
	set(&v.c03, 0.3)
	set(&v.migration, k.migration)
	set(&v.young, k.young)
	set(&v.incomeOut, 1.5*k.median) // incomeGap's urban income
	set(&v.ceiling, participationCeiling)
	set(&v.four, 1/participationCeiling)
	set(&v.overRest, 1/(1-participationCeiling))
	set(&v.p24, 0x1p-24)
	set(&v.p32, 0x1p-32)
	set(&v.p40, 0x1p-40)
	set(&v.magic, 0x1p52)
	for i := range 8 {
		v.mask32[i], v.mask40[i], v.exp52[i] = 1<<32-1, 1<<40-1, math.Float64bits(0x1p52)
	}
	set(&v.q, k.q)
	set(&v.amp, k.amp)
	set(&v.trustRate, k.trustRate)
	set(&v.halfExtract, k.halfExtract)
	set(&v.response, k.response)
	set(&v.gain, k.gain)
	set(&v.loss, k.loss)
	set(&v.ignored, k.ignored)
	set(&v.decay, k.decay)
	set(&v.campaign, k.campaign)
	set(&v.initialAware, k.initialAware)
	set(&v.modeShare, k.modeShare)
	set(&v.procWeight, k.procWeight)
	set(&v.legitShift, k.legitShift)
	set(&v.perfWeight, k.perfWeight)
	set(&v.hardService, k.hardService)
	set(&v.hardShift, k.hardShift)
	set(&v.threshold, k.threshold)
	set(&v.pArrest, k.pArrest)
	set(&v.maxLeave, k.maxLeave)
	set(&v.cost, k.cost)
	set(&v.minus1, -1)
	set(&v.zero, 0)
	set(&v.c005, 0.05)
	set(&v.c0125, 0.125)
	set(&v.c02, 0.2)
	set(&v.c04, 0.4)
	set(&v.half, 0.5)
	set(&v.c06, 0.6)
	set(&v.c097, 0.97)
	set(&v.one, 1)
	set(&v.c12, 1.2)
	set(&v.two, 2)
	set(&v.six, 6)
	set(&v.learning, participationLearning)
}

// maskx8 is the mask of the lanes whose bit is set in b.
func maskx8(b uint8) archsimd.Mask64x8 { return archsimd.Mask64x8FromBits(b) }

// clamp01 is clamp01 on each lane: compare and blend, as clamp01's
// branches do. (Max and Min would save 1% of the pass, but the compiler
// may commute their operands, and a -0 or a NaN then comes out otherwise
// than from clamp01: TestVectorClamp.)
func (vc *vecConsts) clamp01(x archsimd.Float64x8) archsimd.Float64x8 {
	x = ld(&vc.zero).Merge(x, x.Less(ld(&vc.zero)))
	return ld(&vc.one).Merge(x, x.Greater(ld(&vc.one)))
}

// ld loads eight lanes.
func ld(a *[8]float64) archsimd.Float64x8 { return archsimd.LoadFloat64x8(a) }

// fieldx8 loads lanes [8g, 8g+8) of a block's float32 field as float64.
func fieldx8(f *[BlockLen]float32, g int) archsimd.Float64x8 {
	return archsimd.LoadFloat32x8((*[8]float32)(f[g&1*8:])).ConvertToFloat64()
}

// storex8 stores x into lanes [8g, 8g+8) of a block's float32 field,
// rounded as the scalar pass's float32 conversion rounds.
func storex8(f *[BlockLen]float32, g int, x archsimd.Float64x8) {
	x.ConvertToFloat32().Store((*[8]float32)(f[g&1*8:]))
}

// setScratchx8 stores x into lanes [8g, 8g+8) of a scratch array.
func setScratchx8(a *[BlockLen]float64, g int, x archsimd.Float64x8) {
	x.Store((*[8]float64)(a[g&1*8:]))
}

// The vector pass (scanBlock, then finishBlock) is block over a whole
// block (lanes 0 to BlockLen-1) that belongs to one unit, with the
// arithmetic on eight lanes at a time. Its results are bit for bit those
// of block (TestVectorPassSameResults, TestVectorBlockSameResults):
//
//   - scanBlock makes the draws first, lane by lane in slot order, from the
//     same SplitMix64 sequence (the second draw is always computed, and
//     kept only when the lane needs it, so that the loop has no coin-toss
//     branch), and does the births and jail terms;
//   - finishBlock evaluates every formula in block's order of operations,
//     in float64, without fused multiply-adds, so each lane rounds exactly
//     as the scalar code does; clamps compare and blend as clamp01
//     branches;
//   - what is rare is finished in scalar code: births, jail terms, the
//     exact logistic where logisticBounds is unsure, and the migration
//     decision where the uniform is under the largest leaving probability;
//   - the unit's sums are added lane by lane in slot order, from the
//     unrounded float64 values, as block adds them.
//
// The caller scans the next block before it finishes this one: the scan
// writes the uniforms a lane at a time, and finishBlock reads them four at
// a time. A load that spans several recent stores cannot take their data
// from the store queue and waits for them to reach the cache; a block
// later, they have (docs/PERFORMANCE.md).
//
// Only a block wholly inside the unit is passed here: finishBlock's stores
// write all 16 lanes (blending the old values back into lanes nobody
// lives in), so no other goroutine may own any of its lanes.

// scanBlock is the first half of the vector pass over block h, whose
// first slot is base: draws, births and jail terms, into s. It returns the
// SplitMix64 state after the block's draws.
//
// SplitMix64's n-th draw from state sm is splitmix64(sm + n*golden), so
// the draws are made ahead, eight at a time (drawAhead), with whether each
// would be a participation candidate's (uPart < participationCeiling,
// exactly when its 40 low bits are below 2^38) and whether it would be a
// birth. A walk over the lanes then finds each lane's draws from a count
// of the draws before it: a vacant lane takes one when births are on, a
// living one one, or two when it is a candidate. The walk has no branch on
// chance: only a birth, which is rare, branches.
func (k *passUnit) scanBlock(h *CitizenBlock, base int, sm uint64, s *vecScratch) uint64 {
	c := &k.w.Citizens
	s.h, s.base = h, base
	lo, hi := binary.LittleEndian.Uint64(h.State[:8]), binary.LittleEndian.Uint64(h.State[8:])
	vacant := uint32(zeroLanes(lo)) | uint32(zeroLanes(hi))<<8
	jailed := uint32(jailedLanes(lo)) | uint32(jailedLanes(hi))<<8
	s.need, s.birth = 0, 0
	n := k.drawAhead(sm, s, 0)
	var births uint32
	if k.pBirth > 0 {
		births = 1
	}
	var p uint32 // draws taken
	var live, cand, born uint32
	for j := uint32(0); j < BlockLen; j++ {
		if p+3 > n { // room for a birth test and two draws
			n = k.drawAhead(sm, s, n)
		}
		vac := vacant >> j & 1
		p += vac & births // a vacant lane's birth test
		if vac&births != 0 && uint32(s.birth>>(p-1))&1 != 0 {
			k.w.newCitizen(k.u, base+int(j), k.r, true)
			born |= 1 << j
			vac = 0
		}
		l := 1 - vac
		s.x[j], s.x2[j] = s.d[p&63], s.d[(p+1)&63]
		need := l &^ (jailed >> j) & uint32(s.need>>p) & 1
		p += l + need
		live |= l << j
		cand |= need << j
	}
	jailed &= live
	var jailKeep uint32
	for m := jailed; m != 0; m &= m - 1 {
		j := base + bits.TrailingZeros32(m)
		if c.Jail[j] > 0 {
			c.Jail[j]--
			jailKeep |= 1 << (j - base)
		}
	}
	s.live, s.cand, s.jailed, s.jailKeep, s.born = live, cand, jailed, jailKeep, born
	return sm + uint64(p)*golden
}

// drawAhead makes the draws from, from+1, ..., from+31 of the SplitMix64
// sequence at state sm into s.d, and marks in s.need and s.birth those
// that would make a participation candidate and a birth. It returns
// from+32.
func (k *passUnit) drawAhead(sm uint64, s *vecScratch, from uint32) uint32 {
	vc := &k.ps.vc
	iota := archsimd.LoadUint64x8(&vc.iotaGolden)
	step := archsimd.BroadcastUint64x8(goldenTimes8) // 8 draws on
	z := archsimd.BroadcastUint64x8(sm + uint64(from)*golden + golden).Add(iota)
	for v := from; v < from+32; v += 8 {
		x := z
		x = x.Xor(x.ShiftAllRight(30)).Mul(archsimd.LoadUint64x8(&vc.mix1))
		x = x.Xor(x.ShiftAllRight(27)).Mul(archsimd.LoadUint64x8(&vc.mix2))
		x = x.Xor(x.ShiftAllRight(31))
		x.Store((*[8]uint64)(s.d[v&63&^7:]))
		need := x.And(archsimd.LoadUint64x8(&vc.mask40)).Less(archsimd.LoadUint64x8(&vc.two38)).ToBits()
		s.need |= uint64(need) << (v & 63)
		if k.pBirth > 0 {
			u := x.And(archsimd.LoadUint64x8(&vc.mask53)).ConvertToFloat64().Mul(ld(&vc.p53))
			s.birth |= uint64(u.Less(ld(&vc.pBirth)).ToBits()) << (v & 63)
		}
		z = z.Add(step)
	}
	return from + 32
}

// goldenTimes8 is 8*golden modulo 2^64 (a variable: as a constant
// expression it overflows).
var goldenTimes8 = func() uint64 { g := uint64(golden); return g * 8 }()

// zeroLanes is the mask of the eight states in w that are Vacant (0).
// States are 0 to 3: a byte is not 0 when either of its two low bits is
// set. Each byte of nz is then 0 or 1, and the multiplication gathers the
// eight into the top byte.
func zeroLanes(w uint64) uint8 {
	nz := (w | w>>1) & 0x0101010101010101
	return ^uint8(nz * 0x0102040810204080 >> 56)
}

// jailedLanes is the mask of the eight states in w that are Jailed (3).
func jailedLanes(w uint64) uint8 {
	j := w & (w >> 1) & 0x0101010101010101
	return uint8(j * 0x0102040810204080 >> 56)
}

// finishBlock is the second half of the vector pass over the block s
// holds: perception, trust, participation, awareness, legitimacy, unrest,
// migration, the stores, and the unit's counts and sums, adding to t.
func (k *passUnit) finishBlock(s *vecScratch, t *passTally) {
	c := &k.w.Citizens
	h, base := s.h, s.base
	live, cand, jailKeep, born := s.live, s.cand, s.jailKeep, s.born
	if live == 0 {
		return
	}
	vc := &k.ps.vc

	q := ld(&vc.q)
	amp := ld(&vc.amp)
	rate := ld(&vc.trustRate)
	halfExtract := ld(&vc.halfExtract)
	var part, active, aware, left uint32
	for g := 0; g < BlockLen/8; g++ {
		shift := uint(8 * g)
		liveG := uint8(live >> shift)
		if liveG == 0 {
			continue
		}
		// The uniforms, as block makes them: an integer below 2^52 is
		// exactly the float64 whose bits are 2^52's with it in the
		// mantissa, less 2^52.
		x := archsimd.LoadUint64x8((*[8]uint64)(s.x[g&1*8:]))
		x2 := archsimd.LoadUint64x8((*[8]uint64)(s.x2[g&1*8:]))
		exp52, magic := archsimd.LoadUint64x8(&vc.exp52), ld(&vc.magic)
		u := x.ShiftAllRight(40).Or(exp52).AsFloat64x8().Sub(magic).Mul(ld(&vc.p24))
		uPart := x.And(archsimd.LoadUint64x8(&vc.mask40)).Or(exp52).AsFloat64x8().Sub(magic).Mul(ld(&vc.p40))

		// 6. Perception, trust, legitimacy.
		aw := fieldx8(&h.Awareness, g)
		perceived := vc.clamp01(q.Add(amp.Mul(ld(&vc.one).Sub(aw)).Mul(ld(&vc.two).Mul(u).Sub(ld(&vc.one)))))
		trust := fieldx8(&h.Trust, g)
		trust = trust.Add(rate.Mul(perceived.Sub(trust)))
		td := fieldx8(&h.TrustDist, g)
		td = td.Add(rate.Mul(vc.clamp01(perceived.Sub(halfExtract)).Sub(td)))
		frustr := fieldx8(&h.Frustr, g).Mul(ld(&vc.c097))
		civic := fieldx8(&h.Civic, g)

		// 7. Participation.
		if candG := uint8(cand >> shift); candG != 0 {
			eff := fieldx8(&h.Efficacy, g)
			benefit := eff.Mul(ld(&vc.half).Add(aw)).Mul(ld(&vc.one).Sub(perceived)).Mul(ld(&vc.two)).
				Add(ld(&vc.half).Mul(civic))
			z := ld(&vc.six).Mul(benefit.Sub(ld(&vc.cost)))
			v := uPart.Mul(ld(&vc.four))
			below, sure := vc.logisticBounds(v, z)
			partG := below & candG
			if unsure := ^sure & candG; unsure != 0 {
				setScratchx8(&s.z, g, z)
				setScratchx8(&s.v, g, v)
				for m := unsure; m != 0; m &= m - 1 {
					j := 8*g + bits.TrailingZeros8(m)
					if s.v[j] < logistic(s.z[j]) {
						partG |= 1 << (j - 8*g)
					}
				}
			}
			if partG != 0 {
				part |= uint32(partG) << shift
				uAns := x2.And(archsimd.LoadUint64x8(&vc.mask32)).Or(exp52).AsFloat64x8().Sub(magic).Mul(ld(&vc.p32))
				answered := uAns.Less(ld(&vc.response)).ToBits()
				yes, no := maskx8(partG&answered), maskx8(partG&^answered)
				aw = aw.Add(ld(&vc.learning).Mul(ld(&vc.one).Sub(aw))).Merge(aw, maskx8(partG))
				gained := eff.Add(ld(&vc.gain).Mul(ld(&vc.one).Sub(eff)))
				lost := eff.Sub(ld(&vc.loss).Mul(eff))
				eff2 := gained.Merge(eff, yes)
				eff2 = lost.Merge(eff2, no)
				storex8(&h.Efficacy, g, vc.clamp01(eff2).Merge(eff, maskx8(partG)))
				raised := trust.Add(ld(&vc.c005))
				raised = raised.Merge(ld(&vc.one), raised.Less(ld(&vc.one))) // min(1, trust+0.05)
				trust = raised.Merge(trust, yes)
				frustr = frustr.Add(ld(&vc.ignored)).Merge(frustr, no)
			}
		}
		baseAw := vc.clamp01(ld(&vc.initialAware).Add(ld(&vc.c12).Mul(civic.Sub(ld(&vc.half)))))
		aw = aw.Add(ld(&vc.decay).Mul(baseAw.Sub(aw)).Add(ld(&vc.campaign).Mul(ld(&vc.one).Sub(aw))))
		aw = vc.clamp01(aw)
		proc := vc.clamp01(ld(&vc.modeShare).Add(ld(&vc.c02).Mul(fieldx8(&h.Party, g))))
		perf := ld(&vc.c06).Mul(trust).Add(ld(&vc.c04).Mul(td))
		legit := vc.clamp01(ld(&vc.procWeight).Mul(proc).Add(ld(&vc.perfWeight).Mul(perf)).
			Add(ld(&vc.legitShift)))

		// 8. Unrest: Activate(Grievance(hard, legit), risk, pArrest, threshold).
		hard := vc.clamp01(fieldx8(&h.IncomeHard, g).Add(ld(&vc.hardService).Mul(ld(&vc.one).Sub(perceived))).
			Add(ld(&vc.hardShift)).Add(frustr))
		grievance := hard.Mul(ld(&vc.one).Sub(legit))
		act := grievance.Sub(fieldx8(&h.Risk, g).Mul(ld(&vc.pArrest))).
			Greater(ld(&vc.threshold)).ToBits()
		free := liveG &^ uint8(jailKeep>>shift)
		active |= uint32(act&free) << shift

		// 11. Migration (not from jail).
		leftG := uint8(0)
		// The migration uniform: a prisoner's U; a candidate's second
		// draw; otherwise U rescaled from [ceiling, 1) to [0, 1).
		um := uPart.Sub(ld(&vc.ceiling)).Mul(ld(&vc.overRest))
		if jailedG := uint8(s.jailed >> shift); jailedG != 0 {
			um = uPart.Merge(um, maskx8(jailedG))
		}
		if candG := uint8(cand >> shift); candG != 0 {
			second := x2.ShiftAllRight(32).Or(exp52).AsFloat64x8().Sub(magic).Mul(ld(&vc.p32))
			um = second.Merge(um, maskx8(candG))
		}
		if cands := um.Less(ld(&vc.maxLeave)).ToBits() & free; cands != 0 {
			// uMigrate < leaveProb(migration, young, hard, perceived,
			// incomeGap(income, median), age == Young), in every lane.
			at := base + 8*g
			gap := ld(&vc.zero)
			if k.median > 0 {
				inc := archsimd.LoadFloat32x8((*[8]float32)(c.Income[at : at+8])).ConvertToFloat64()
				gap = vc.clamp01(ld(&vc.one).Sub(inc.Div(ld(&vc.incomeOut))))
			}
			push := ld(&vc.c03).Mul(hard).Add(ld(&vc.c06).Mul(ld(&vc.one).Sub(perceived))).Add(ld(&vc.c01).Mul(gap))
			p := ld(&vc.migration).Mul(push)
			if young := youngLanes((*[8]uint8)(c.Age[at : at+8])); young != 0 {
				p = p.Mul(ld(&vc.young)).Merge(p, maskx8(young))
			}
			p = ld(&vc.one).Merge(p, p.Greater(ld(&vc.one))) // min(1, p)
			leftG = um.Less(p).ToBits() & cands
			left |= uint32(leftG) << shift
		}

		// Stores: every lane, with the old values blended back where no
		// one stays.
		stay := maskx8(liveG &^ leftG)
		// The sums' values first: after these stores, the old values
		// below are loaded again rather than kept in registers all along.
		setScratchx8(&s.aw, g, aw)
		setScratchx8(&s.trust, g, trust)
		setScratchx8(&s.legit, g, legit)
		aware |= uint32(aw.GreaterEqual(ld(&vc.half)).ToBits()) << shift
		storex8(&h.Awareness, g, aw.Merge(fieldx8(&h.Awareness, g), stay))
		storex8(&h.Trust, g, trust.Merge(fieldx8(&h.Trust, g), stay))
		storex8(&h.TrustDist, g, td.Merge(fieldx8(&h.TrustDist, g), stay))
		storex8(&h.Frustr, g, frustr.Merge(fieldx8(&h.Frustr, g), stay))
		storex8(&h.Legit, g, legit.Merge(fieldx8(&h.Legit, g), stay))
	}

	// States and flags, eight lanes at a time; sums lane by lane in slot
	// order.
	stay := live &^ left
	setStates((*[8]uint8)(h.State[:8]), (*[8]uint8)(h.Flags[:8]), stay, left, jailKeep, active, part)
	setStates((*[8]uint8)(h.State[8:]), (*[8]uint8)(h.Flags[8:]), stay>>8, left>>8, jailKeep>>8, active>>8, part>>8)
	sumAware, sumTrust, sumLegit := t.sumAware, t.sumTrust, t.sumLegit
	for m := stay; m != 0; m &= m - 1 {
		j := bits.TrailingZeros32(m) & (BlockLen - 1)
		sumAware += s.aw[j]
		sumTrust += s.trust[j]
		sumLegit += s.legit[j]
	}
	t.sumAware, t.sumTrust, t.sumLegit = sumAware, sumTrust, sumLegit
	nJailed := bits.OnesCount32(stay & jailKeep)
	nActive := bits.OnesCount32(stay & active)
	t.count[Jailed] += nJailed
	t.count[Active] += nActive
	t.count[Quiescent] += bits.OnesCount32(stay) - nJailed - nActive
	t.aware += bits.OnesCount32(stay & aware)
	t.participants += bits.OnesCount32(part)
	t.leavers += bits.OnesCount32(left)
	t.arrivals += bits.OnesCount32(born)
	// The scalar code that follows (the next scan, block, math.Exp) is
	// SSE: clear the vector registers' upper halves, whose dirty state
	// makes SSE instructions wait on them.
	archsimd.ClearAVXUpperBits()
	// The unit's income in slot order: a birth adds, a departure subtracts.
	for m := born | left; m != 0; m &= m - 1 {
		j := bits.TrailingZeros32(m)
		inc := float64(c.Income[base+j])
		if born>>j&1 != 0 {
			t.incomeSum += inc
		}
		if left>>j&1 != 0 {
			t.incomeSum -= inc
		}
	}
}

// logisticBounds is logisticBounds on eight lanes, as bit masks.
func (vc *vecConsts) logisticBounds(v, z archsimd.Float64x8) (below, sure uint8) {
	t := z.Mul(ld(&vc.c0125))
	minus1 := ld(&vc.minus1)
	t = minus1.Merge(t, t.Less(minus1))
	t = ld(&vc.one).Merge(t, t.Greater(ld(&vc.one)))
	lo, hi := ld(&vc.one).Add(t), ld(&vc.one).Sub(t)
	lo = lo.Mul(lo)
	lo = lo.Mul(lo)
	lo = lo.Mul(lo)
	hi = hi.Mul(hi)
	hi = hi.Mul(hi)
	hi = hi.Mul(hi)
	w := ld(&vc.one).Sub(v)
	below = lo.Mul(w).Greater(v).ToBits()
	return below, below | w.LessEqual(v.Mul(hi)).ToBits()
}

// spread8[b] has byte i set to 1 where bit i of b is set.
var spread8 = func() (t [256]uint64) {
	for b := range t {
		for i := range 8 {
			if b>>i&1 != 0 {
				t[b] |= 1 << (8 * i)
			}
		}
	}
	return t
}()

// setStates writes eight lanes' states and flags, as block does: a lane
// that stays is Jailed with a term running, Active, or Quiescent, and its
// flagParticipated says whether it took part; a lane whose citizen left
// is Vacant, its flags kept; other lanes are left alone. The masks have
// the eight lanes in their low bits.
func setStates(state, flags *[8]uint8, stay, left, jailKeep, active, part uint32) {
	st, fl := binary.LittleEndian.Uint64(state[:]), binary.LittleEndian.Uint64(flags[:])
	s := spread8[stay&0xff]
	touched := spread8[(stay|left)&0xff] * 0xff
	next := s*uint64(Quiescent) + spread8[stay&jailKeep&0xff]*uint64(Jailed-Quiescent) +
		spread8[stay&active&^jailKeep&0xff]*uint64(Active-Quiescent)
	binary.LittleEndian.PutUint64(state[:], st&^touched|next)
	binary.LittleEndian.PutUint64(flags[:], fl&^(s*uint64(flagParticipated))|spread8[stay&part&0xff]*uint64(flagParticipated))
}

// clampLanes applies the vector clamp01 to xs, eight at a time (for
// tests).
func clampLanes(xs []float64) []float64 {
	var k passUnit
	k.ps = new(passScratch)
	k.setVecConsts()
	out := make([]float64, len(xs))
	for i := 0; i < len(xs); i += 8 {
		var a [8]float64
		copy(a[:], xs[i:])
		k.ps.vc.clamp01(archsimd.LoadFloat64x8(&a)).Store(&a)
		copy(out[i:], a[:])
	}
	return out
}

// youngLanes is the mask of the eight lanes whose age is Young (0; ages
// are 0 to 2).
func youngLanes(age *[8]uint8) uint8 { return zeroLanes(binary.LittleEndian.Uint64(age[:])) }
