package sim

import "math"

// onePass is value(forecast(pl)) for an akim that cannot be recalled,
// month by month with the same arithmetic but in one loop and without
// the forecast's arrays: its survival does not depend on trust, so the
// path in which its rent is exposed differs from the other only by the
// residents' trust (a second scandal and trust carried along from the
// month of exposure); the services are followed only if the residents'
// final trust (direct election, not the last term) or the public
// motivation of a congruent akim counts, the trust only in the first
// case.
func (v *akimView) onePass(f *akimTerms, pl akimPlan) float64 {
	w, u := v.w, v.u
	a := &u.Akim
	b := &w.Params.Behavior
	fp := &w.Params.Fiscal
	v.planTerms(f, pl)
	exposedAt, exposed := -1, 0.0
	if pl.rent {
		months := min(planMonths, v.months)
		exposed = 1 - math.Pow(1-v.exposure, float64(months))
		if exposed != 0 {
			exposedAt = (months + 1) / 2
		}
	}
	trusting := w.mode == Direct && !v.lastTerm
	serving := trusting || a.Congruent
	congruent := a.Congruent
	motive := b.OfficeValue * b.PublicMotivation
	rentFlow := v.control * a.RentOpp * (1 - fp.KickbackShare)
	keep, y, rate, otherQ := 1-b.Depreciation, b.Yardstick, b.TrustRate, v.otherQ
	n0, n1, n2, n3 := u.Need[0], u.Need[1], u.Need[2], u.Need[3]
	s0, s1, s2, s3 := u.Service[0], u.Service[1], u.Service[2], u.Service[3]
	trust, scandal := u.TrustMean, u.Scandal
	trustX, scandalX := trust, scandal // the exposed path
	value, stay, q := 0.0, 1.0, u.Quality
	var gain [NumSectors]float64
	t := 1
	for stretch := 0; stretch < 2; stretch++ {
		control, end := v.control, v.months
		survive := b.Discount * (1 - f.hazard)
		renting := stretch == 0
		if renting {
			if !pl.rent {
				continue
			}
			control *= 1 - a.RentOpp
			end = min(planMonths, v.months)
			survive = b.Discount * (1 - f.rentHazard)
		}
		controlled := control * v.spendShare
		for s := range gain {
			spend := (controlled*f.alloc[s] + v.district*u.Plan[s]) / v.res
			gain[s] = min(1, spend/fp.ServiceCostPerCapita*f.prod)
		}
		g0, g1, g2, g3 := gain[0], gain[1], gain[2], gain[3]
		for ; t <= end; t++ {
			if serving {
				s0 = clamp01(s0*keep + (1-s0)*g0)
				s1 = clamp01(s1*keep + (1-s1)*g1)
				s2 = clamp01(s2*keep + (1-s2)*g2)
				s3 = clamp01(s3*keep + (1-s3)*g3)
				q = 0.0
				q += n0 * s0
				q += n1 * s1
				q += n2 * s2
				q += n3 * s3
			}
			if trusting {
				signal := clamp01((1-y)*q + y*(0.5+q-otherQ)) // performanceSignal
				scandal *= scandalDecay
				trust += rate * (signal - scandal - trust)
				if exposedAt > 0 {
					if t == exposedAt {
						scandalX = min(1, scandalX+b.Scandal)
					}
					scandalX *= scandalDecay
					trustX += rate * (signal - scandalX - trustX)
				}
			}
			stay *= survive
			flow := f.base
			if congruent {
				flow += motive * q
			}
			if renting {
				flow += rentFlow
			}
			value += stay * flow
		}
	}
	unexposed := v.finish(f, value, stay, q, trust)
	if exposedAt < 0 {
		return unexposed
	}
	return (1-exposed)*unexposed + exposed*v.finish(f, value, stay, q, trustX)
}

// gains is each sector's monthly improvement when the akim controls the
// money control (the arithmetic of serviceMonth).
func (v *akimView) gains(f *akimTerms, control float64) [NumSectors]float64 {
	u, fp := v.u, &v.w.Params.Fiscal
	var gain [NumSectors]float64
	controlled := control * v.spendShare
	for s := range gain {
		spend := (controlled*f.alloc[s] + v.district*u.Plan[s]) / v.res
		gain[s] = min(1, spend/fp.ServiceCostPerCapita*f.prod)
	}
	return gain
}

// planBound is an upper bound on planValue(f, pl) for an akim that cannot
// be recalled, computed over blocks of boundBlock months rather than
// month by month. Each sector's service level follows s' = g + s(keep-g)
// within a stretch of constant gain g: when keep >= g it moves
// monotonically towards g/(1-keep+g), so over a block it stays below the
// larger of its levels at the block's ends, which the closed form gives;
// when g > keep it stays below g. The performance residents perceive
// stays below what those levels give, their trust (moving towards it,
// less any scandal) below the same average taken over the block, and the
// flows and survival are summed over the block with the same bounds.
// Margins far above rounding keep it a bound for the arithmetic
// planValue does (TestAkimPlanBound).
func (v *akimView) planBound(f *akimTerms, pl akimPlan) float64 {
	w, u := v.w, v.u
	a := &u.Akim
	b := &w.Params.Behavior
	fp := &w.Params.Fiscal
	v.planTerms(f, pl)
	keep, y := 1-b.Depreciation, b.Yardstick
	motive := b.OfficeValue * b.PublicMotivation
	rentFlow := v.control * a.RentOpp * (1 - fp.KickbackShare)
	hi := u.Service // upper bounds on the levels at the start of the block
	trust, value, stay, q := u.TrustMean, 0.0, 1.0, 0.0
	t := 1
	for stretch := 0; stretch < 2; stretch++ {
		control, end, survive, flow := v.control, v.months, b.Discount*(1-f.hazard), f.base
		if stretch == 0 {
			if !pl.rent {
				continue
			}
			control *= 1 - a.RentOpp
			end = min(planMonths, v.months)
			survive = b.Discount * (1 - f.rentHazard)
		}
		gain := v.gains(f, control)
		var fix, rate [NumSectors]float64
		var moving [NumSectors]bool // the level is not constant
		for s, g := range gain {
			rate[s] = keep - g
			if den := 1 - keep + g; den > 0 {
				fix[s], moving[s] = g/den, true
			}
		}
		m := min(boundBlock, end-t+1)
		cm, sm, sum, dm := blockPowers(&rate, survive, 1-b.TrustRate, m)
		for t <= end {
			if end-t+1 < m {
				m = end - t + 1
				cm, sm, sum, dm = blockPowers(&rate, survive, 1-b.TrustRate, m)
			}
			q = 0.0
			for s := range hi {
				top := gain[s]
				if rate[s] >= 0 {
					next := hi[s]
					if moving[s] {
						next = fix[s] + (hi[s]-fix[s])*cm[s]
					}
					top = next
					if hi[s] > next {
						top = hi[s]
					}
					hi[s] = next
				} else {
					hi[s] = top
				}
				if top > 1 {
					top = 1
				}
				q += u.Need[s] * (top + 1e-12)
			}
			signal := clamp01((1-y)*q+y*(0.5+q-v.otherQ)) + 1e-12
			trust = dm*trust + (1-dm)*signal
			x := flow
			if a.Congruent {
				x += motive * q
			}
			if stretch == 0 {
				x += rentFlow
			}
			value += stay * sum * x
			stay *= sm
			t += m
		}
	}
	if !v.lastTerm {
		var reselect float64
		if w.mode == Direct {
			reselect = w.winChance(u, clamp01(trust+1e-12))
		} else {
			reselect = v.keepChance(f)
		}
		value += stay * reselect * v.nextTerms(f, v.laterFlow(f, q), reselect)
	}
	return value + 1e-9*math.Abs(value)
}

// boundBlock is the length in months of planBound's blocks.
const boundBlock = 4

// blockPowers returns, for a block of m months, each sector's rate^m,
// survive^m, the sum of survive^j for j = 1..m, and decay^m.
func blockPowers(rate *[NumSectors]float64, survive, decay float64, m int) (cm [NumSectors]float64, sm, sum, dm float64) {
	cm = [NumSectors]float64{1, 1, 1, 1}
	sm, dm = 1, 1
	for j := 0; j < m; j++ {
		for s := range cm {
			cm[s] *= rate[s]
		}
		sm *= survive
		sum += sm
		dm *= decay
	}
	return cm, sm, sum, dm
}

// bestPruned is bestEach for an akim that cannot be recalled, computing
// the value (onePass) only of the plans that can still win: in order of
// their bounds (planBound), highest first, until the next bound is below
// the best value found.
func (v *akimView) bestPruned() akimPlan {
	a := &v.u.Akim
	type option struct {
		pl    akimPlan
		k, ei int     // order in bestEach, effort index
		bound float64 // planBound
	}
	var fs [len(effortGrid)]akimTerms
	var opts [2 * len(effortGrid)]option
	n := 0
	for ei, e := range effortGrid {
		for _, rent := range [2]bool{false, true} {
			if rent && (a.Congruent || a.RentOpp == 0) {
				continue
			}
			pl := akimPlan{effort: e, rent: rent}
			o := option{pl: pl, k: n, ei: ei, bound: v.planBound(&fs[ei], pl)}
			if math.IsNaN(o.bound) {
				o.bound = math.Inf(1)
			}
			j := n // insertion by bound, highest first
			for ; j > 0 && opts[j-1].bound < o.bound; j-- {
				opts[j] = opts[j-1]
			}
			opts[j] = o
			n++
		}
	}
	best, bestU, bestK := akimPlan{effort: 0.5}, math.Inf(-1), -1
	for _, o := range opts[:n] {
		if o.bound < bestU {
			break
		}
		x := v.onePass(&fs[o.ei], o.pl)
		if x > bestU || (bestK >= 0 && x == bestU && o.k < bestK) {
			best, bestU, bestK = o.pl, x, o.k
		}
	}
	return best
}
