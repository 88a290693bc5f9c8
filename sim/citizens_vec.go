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

// vecScratch is the vector pass's scratch: the exact logistic's
// arguments where the bounds are unsure.
type vecScratch struct {
	z, v [BlockLen]float64
}

// vecConsts holds the vector pass's constants, each in eight lanes:
// loading one is one instruction, where broadcasting it in the loop is
// three.
type vecConsts struct {
	// the unit's values, as passUnit's (setUnitConsts)
	q, amp, trustRate, halfExtract, response          [8]float64
	gain, loss, ignored, decay, campaign              [8]float64
	initialAware, modeShare, procWeight, legitShift   [8]float64
	perfWeight, hardService, hardShift, threshold     [8]float64
	pArrest, maxLeave, cost, pBirth, migration, young [8]float64
	incomeOut                                         [8]float64 // incomeGap's urban income, 1.5 times the median
	// numbers in the formulas (newPassScratch)
	minus1, zero, c005, c01, c0125, c02, c03, c04, half, c06 [8]float64
	c097, one, c12, two, six, learning                       [8]float64
	ceiling, overRest, four, p24, p32, p40, p53, magic       [8]float64
	// integer masks, the bits of 2^52, SplitMix64's constants, and each
	// lane's offset from the first's draws (slotDraws)
	mask32, mask40, mask53, exp52, mix1, mix2, golden, slotStep [8]uint64
}

// newPassScratch returns a district's vector pass memory, its constants
// set.
func newPassScratch() *passScratch {
	ps := new(passScratch)
	v := &ps.vc
	for i := range 8 {
		v.minus1[i], v.zero[i], v.c005[i], v.c01[i], v.c0125[i] = -1, 0, 0.05, 0.1, 0.125
		v.c02[i], v.c03[i], v.c04[i], v.half[i], v.c06[i] = 0.2, 0.3, 0.4, 0.5, 0.6
		v.c097[i], v.one[i], v.c12[i], v.two[i], v.six[i] = 0.97, 1, 1.2, 2, 6
		v.learning[i], v.ceiling[i] = participationLearning, participationCeiling
		v.overRest[i], v.four[i] = 1/(1-participationCeiling), 1/participationCeiling
		v.p24[i], v.p32[i], v.p40[i], v.p53[i], v.magic[i] = 0x1p-24, 0x1p-32, 0x1p-40, 0x1p-53, 0x1p52
		v.mask32[i], v.mask40[i], v.mask53[i], v.exp52[i] = 1<<32-1, 1<<40-1, 1<<53-1, math.Float64bits(0x1p52)
		v.mix1[i], v.mix2[i] = 0xbf58476d1ce4e5b9, 0x94d049bb133111eb // splitmix64's
		v.golden[i], v.slotStep[i] = golden, slotDraws(0, i)
	}
	return ps
}

// setUnitConsts sets the unit's values in k.ps.vc from k's.
func (k *passUnit) setUnitConsts() {
	v := &k.ps.vc
	for i := range 8 {
		v.q[i], v.amp[i], v.trustRate[i], v.halfExtract[i], v.response[i] = k.q, k.amp, k.trustRate, k.halfExtract, k.response
		v.gain[i], v.loss[i], v.ignored[i], v.decay[i], v.campaign[i] = k.gain, k.loss, k.ignored, k.decay, k.campaign
		v.initialAware[i], v.modeShare[i], v.procWeight[i], v.legitShift[i] = k.initialAware, k.modeShare, k.procWeight, k.legitShift
		v.perfWeight[i], v.hardService[i], v.hardShift[i], v.threshold[i] = k.perfWeight, k.hardService, k.hardShift, k.threshold
		v.pArrest[i], v.maxLeave[i], v.cost[i], v.pBirth[i] = k.pArrest, k.maxLeave, k.cost, k.pBirth
		v.migration[i], v.young[i], v.incomeOut[i] = k.migration, k.young, 1.5*k.median
	}
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

// uniform is float64(int64(b)) * (*scale) on each lane, for b below 2^52,
// as block makes its uniforms: such an integer is exactly the float64
// whose bits are 2^52's with it in the mantissa, less 2^52.
func (vc *vecConsts) uniform(b archsimd.Uint64x8, scale *[8]float64) archsimd.Float64x8 {
	return b.Or(archsimd.LoadUint64x8(&vc.exp52)).AsFloat64x8().Sub(ld(&vc.magic)).Mul(ld(scale))
}

// mix is splitmix64's output function on eight lanes, less the golden
// it adds first (the caller adds it).
func (vc *vecConsts) mix(x archsimd.Uint64x8) archsimd.Uint64x8 {
	x = x.Xor(x.ShiftAllRight(30)).Mul(archsimd.LoadUint64x8(&vc.mix1))
	x = x.Xor(x.ShiftAllRight(27)).Mul(archsimd.LoadUint64x8(&vc.mix2))
	return x.Xor(x.ShiftAllRight(31))
}

// blockVec is block over a whole block (lanes 0 to BlockLen-1) that
// belongs to one unit, with the arithmetic on eight lanes at a time. Its
// results are bit for bit those of block (TestVectorPassSameResults,
// TestVectorBlockSameResults):
//
//   - each slot's draws are its own (slotDraws), so eight are made at once;
//   - every formula is evaluated in block's order of operations, in
//     float64, without fused multiply-adds, so each lane rounds exactly as
//     the scalar code does; clamps compare and blend as clamp01's branches;
//   - what is rare is done in scalar code: births, jail terms, and the
//     exact logistic where logisticBounds is unsure;
//   - the unit's sums are kept in eight parts, slot i adding to part
//     i%8 in slot order, in both passes (laneSum).
//
// Only a block wholly inside the unit is passed here: its stores write all
// 16 lanes (blending the old values back into lanes nobody lives in), so
// no other goroutine may own any of its lanes.
func (k *passUnit) blockVec(h *CitizenBlock, base int, t *passTally) {
	c := &k.w.Citizens
	s := &k.ps.scratch
	vc := &k.ps.vc
	lo, hi := binary.LittleEndian.Uint64(h.State[:8]), binary.LittleEndian.Uint64(h.State[8:])
	vacant := uint32(stateLanes(lo, Vacant)) | uint32(stateLanes(hi, Vacant))<<8
	jailed := uint32(stateLanes(lo, Jailed)) | uint32(stateLanes(hi, Jailed))<<8
	live := ^vacant & (1<<BlockLen - 1)
	var born, jailKeep uint32
	for m := jailed; m != 0; m &= m - 1 {
		j := base + bits.TrailingZeros32(m)
		if c.Jail[j] > 0 {
			c.Jail[j]--
			jailKeep |= 1 << (j - base)
		}
	}

	var part, active, aware, left uint32
	for g := 0; g < BlockLen/8; g++ {
		shift := uint(8 * g)
		// The lanes' draws: slot i's numbers 3i, 3i+1, 3i+2 are
		// splitmix64(n), splitmix64(n+golden), splitmix64(n+2*golden),
		// with n = slotDraws(sm, i); splitmix64 adds the first golden.
		n := archsimd.BroadcastUint64x8(slotDraws(k.sm, base+8*g)).Add(archsimd.LoadUint64x8(&vc.slotStep))
		gold := archsimd.LoadUint64x8(&vc.golden)
		if vacG := uint8(vacant >> shift); vacG != 0 && k.pBirth > 0 {
			// A vacant slot's birth: uniform53(number 3i+2) < pBirth.
			b := vc.mix(n.Add(gold).Add(gold).Add(gold))
			u := b.And(archsimd.LoadUint64x8(&vc.mask53)).ConvertToFloat64().Mul(ld(&vc.p53))
			if bornG := u.Less(ld(&vc.pBirth)).ToBits() & vacG; bornG != 0 {
				for m := bornG; m != 0; m &= m - 1 {
					k.w.newCitizen(k.u, base+8*g+bits.TrailingZeros8(m), k.r, true)
				}
				born |= uint32(bornG) << shift
				live |= uint32(bornG) << shift
			}
		}
		liveG := uint8(live >> shift)
		if liveG == 0 {
			continue
		}
		x := vc.mix(n.Add(gold))
		u := vc.uniform(x.ShiftAllRight(40), &vc.p24)
		uPart := vc.uniform(x.And(archsimd.LoadUint64x8(&vc.mask40)), &vc.p40)
		candG := uPart.Less(ld(&vc.ceiling)).ToBits() & liveG &^ uint8(jailed>>shift)
		// The migration uniform: a prisoner's U; a candidate's from number
		// 3i+1 (below); otherwise U rescaled from [ceiling, 1) to [0, 1).
		um := uPart.Sub(ld(&vc.ceiling)).Mul(ld(&vc.overRest))
		if jailedG := uint8(jailed >> shift); jailedG != 0 {
			um = uPart.Merge(um, maskx8(jailedG))
		}

		// 6. Perception, trust, legitimacy.
		aw := fieldx8(&h.Awareness, g)
		perceived := vc.clamp01(ld(&vc.q).Add(ld(&vc.amp).Mul(ld(&vc.one).Sub(aw)).Mul(ld(&vc.two).Mul(u).Sub(ld(&vc.one)))))
		trust := fieldx8(&h.Trust, g)
		trust = trust.Add(ld(&vc.trustRate).Mul(perceived.Sub(trust)))
		td := fieldx8(&h.TrustDist, g)
		td = td.Add(ld(&vc.trustRate).Mul(vc.clamp01(perceived.Sub(ld(&vc.halfExtract))).Sub(td)))
		frustr := fieldx8(&h.Frustr, g).Mul(ld(&vc.c097))
		civic := fieldx8(&h.Civic, g)

		// 7. Participation.
		if candG != 0 {
			x2 := vc.mix(n.Add(gold).Add(gold))
			um = vc.uniform(x2.ShiftAllRight(32), &vc.p32).Merge(um, maskx8(candG))
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
				uAns := vc.uniform(x2.And(archsimd.LoadUint64x8(&vc.mask32)), &vc.p32)
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
		// The sums, lane i adding to part i, as block adds slot i to part
		// i%8 (x + 0 = x: no part is ever -0). After these stores, the old
		// values below are loaded again rather than kept in registers.
		archsimd.LoadFloat64x8(&t.sumAware).Add(aw.Masked(stay)).Store(&t.sumAware)
		archsimd.LoadFloat64x8(&t.sumTrust).Add(trust.Masked(stay)).Store(&t.sumTrust)
		archsimd.LoadFloat64x8(&t.sumLegit).Add(legit.Masked(stay)).Store(&t.sumLegit)
		aware |= uint32(aw.GreaterEqual(ld(&vc.half)).ToBits()) << shift
		storex8(&h.Awareness, g, aw.Merge(fieldx8(&h.Awareness, g), stay))
		storex8(&h.Trust, g, trust.Merge(fieldx8(&h.Trust, g), stay))
		storex8(&h.TrustDist, g, td.Merge(fieldx8(&h.TrustDist, g), stay))
		storex8(&h.Frustr, g, frustr.Merge(fieldx8(&h.Frustr, g), stay))
		storex8(&h.Legit, g, legit.Merge(fieldx8(&h.Legit, g), stay))
	}

	// States and flags, eight lanes at a time.
	stay := live &^ left
	setStates((*[8]uint8)(h.State[:8]), (*[8]uint8)(h.Flags[:8]), stay, left, jailKeep, active, part)
	setStates((*[8]uint8)(h.State[8:]), (*[8]uint8)(h.Flags[8:]), stay>>8, left>>8, jailKeep>>8, active>>8, part>>8)
	nJailed := bits.OnesCount32(stay & jailKeep)
	nActive := bits.OnesCount32(stay & active)
	t.count[Jailed] += nJailed
	t.count[Active] += nActive
	t.count[Quiescent] += bits.OnesCount32(stay) - nJailed - nActive
	t.aware += bits.OnesCount32(stay & aware)
	t.participants += bits.OnesCount32(part)
	t.leavers += bits.OnesCount32(left)
	t.arrivals += bits.OnesCount32(born)
	// The scalar code that follows (this loop, the next scalar block) is
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
	k.ps = newPassScratch()
	out := make([]float64, len(xs))
	for i := 0; i < len(xs); i += 8 {
		var a [8]float64
		copy(a[:], xs[i:])
		k.ps.vc.clamp01(archsimd.LoadFloat64x8(&a)).Store(&a)
		copy(out[i:], a[:])
	}
	return out
}

// youngLanes is the mask of the eight lanes whose age is Young (ages are
// 0 to 2, as states are 0 to 3: stateLanes serves).
func youngLanes(age *[8]uint8) uint8 { return stateLanes(binary.LittleEndian.Uint64(age[:]), Young) }
