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
	exposedAt, exposed := v.exposedAt(pl)
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
// month by month: the service levels and the residents' trust bounded
// as serviceBlocks does for the plan without rent, which bounds them for
// the plan with rent as well (its spending is lower the first year), the
// flows and survival summed over each block with those bounds. Margins
// far above rounding keep it a bound for the arithmetic planValue does
// (TestAkimPlanBound).
func (v *akimView) planBound(f *akimTerms, pl akimPlan) float64 {
	w, u := v.w, v.u
	a := &u.Akim
	b := &w.Params.Behavior
	fp := &w.Params.Fiscal
	v.boundTerms(f, pl)
	full := v.serviceBlocks(f)
	motive := b.OfficeValue * b.PublicMotivation
	rentFlow := v.control * a.RentOpp * (1 - fp.KickbackShare)
	var rent boundStretch
	if pl.rent {
		rent.sm, rent.sum, rent.smRem, rent.sumRem = blockPowers(b.Discount*(1-f.rentingLow), v.months%boundBlock)
	}
	value, stay, q := 0.0, 1.0, 0.0
	for t, k := 1, 0; t <= v.months; t, k = t+boundBlock, k+1 {
		st, flow := full, f.base
		if pl.rent && t <= planMonths {
			st, flow = &rent, flow+rentFlow
		}
		sm, sum := st.sm, st.sum
		if v.months-t+1 < boundBlock { // the last, shorter block
			sm, sum = st.smRem, st.sumRem
		}
		q = f.blockQ[k]
		if a.Congruent {
			flow += motive * q
		}
		value += stay * sum * flow
		stay *= sm
	}
	trust := f.trustUp
	switch {
	case v.lastTerm:
	case w.mode != Direct:
		reselect := v.keepChance(f)
		value += stay * reselect * v.termsAbove(f, v.laterFlow(f, q), reselect)
	default: // the residents' trust, less the scandal's drag on it
		later := v.laterFlow(f, q)
		reselect := v.winAbove(clamp01(trust - v.drag + 1e-12))
		unexposed := value + stay*reselect*v.termsAbove(f, later, reselect)
		if at, exposed := v.exposedAt(pl); at > 0 {
			reselect = v.winAbove(clamp01(trust - v.dragExposed + 1e-12))
			value = (1-exposed)*unexposed + exposed*(value+stay*reselect*v.termsAbove(f, later, reselect))
		} else {
			value = unexposed
		}
	}
	return value + 1e-9*math.Abs(value)
}

// serviceBlocks fills f's blockQ and trustUp for the plan without rent at
// f's effort (once an effort) and returns its stretch. Each sector's
// service level follows s' = g + s(keep-g) within a stretch of constant
// gain g: when keep >= g it moves monotonically towards g/(1-keep+g), so
// over a block it stays below the larger of its levels at the block's
// ends, which the closed form gives; when g > keep it stays below g. The
// same levels bound those of the plan with rent, whose gains are lower
// the first year: its levels stay below the other plan's month by month
// (each month's level rises with the gain and with the level before), or
// below max(keep, its gain) after a month if g > keep. The performance
// residents perceive stays below what those levels give, and their trust
// (moving towards it, less any scandal) below the same average taken over
// the block.
func (v *akimView) serviceBlocks(f *akimTerms) *boundStretch {
	st := v.fullStretch(f)
	if f.blocksKnown {
		return st
	}
	u := v.u
	y, otherQ := v.w.Params.Behavior.Yardstick, v.otherQ
	// Bounds at the block's start (a level below 0 is 0 after a month),
	// and the needs' weights (a negative weight adds at most 0):
	h0, h1, h2, h3 := max(0, u.Service[0]), max(0, u.Service[1]), max(0, u.Service[2]), max(0, u.Service[3])
	n0, n1, n2, n3 := max(0, u.Need[0]), max(0, u.Need[1]), max(0, u.Need[2]), max(0, u.Need[3])
	trust := u.TrustMean
	c, dm := &st.c, v.decay
	for t, k := 1, 0; t <= v.months; t, k = t+boundBlock, k+1 {
		if v.months-t+1 < boundBlock { // the last, shorter block
			c, dm = &st.cRem, v.decayRem
		}
		x0 := st.fix[0] + (h0-st.fix[0])*c[0]
		x1 := st.fix[1] + (h1-st.fix[1])*c[1]
		x2 := st.fix[2] + (h2-st.fix[2])*c[2]
		x3 := st.fix[3] + (h3-st.fix[3])*c[3]
		q := n0*higher(h0, x0) + n1*higher(h1, x1) + n2*higher(h2, x2) + n3*higher(h3, x3) + 1e-12
		h0, h1, h2, h3 = x0, x1, x2, x3
		signal := clamp01((1-y)*q+y*(0.5+q-otherQ)) + 1e-12
		trust = dm*trust + (1-dm)*signal
		f.blockQ[k] = q
	}
	f.trustUp, f.blocksKnown = trust, true
	return st
}

// exposedAt returns the month of plan pl in which the path of exposed rent
// has its rent exposed, and that path's chance (value), or -1 and 0 if
// the plan has no such path.
func (v *akimView) exposedAt(pl akimPlan) (int, float64) {
	if !pl.rent || v.exposed == 0 {
		return -1, 0
	}
	return (min(planMonths, v.months) + 1) / 2, v.exposed
}

// scandalDrag sets v's drag and dragExposed: how much a scandal, the
// unit's and in the other path the one its rent's exposure adds, takes
// off the residents' trust at the term's end (the residents' trust moves
// towards the performance they perceive less the scandal, so it ends that
// much lower whatever the performance).
func (v *akimView) scandalDrag() {
	b := &v.w.Params.Behavior
	v.decay, _, v.decayRem, _ = blockPowers(1-b.TrustRate, v.months%boundBlock)
	at, _ := v.exposedAt(akimPlan{rent: true})
	if a := &v.u.Akim; a.Congruent || a.RentOpp == 0 {
		at = -1 // no plan with rent to bound (a drag of 0 bounds it anyway)
	}
	v.drag, v.dragExposed = 0, 0
	if v.w.mode != Direct || v.lastTerm || v.u.Scandal == 0 && at < 0 {
		return // no drag, or the trust does not count
	}
	scandal, scandalX := v.u.Scandal, v.u.Scandal
	drag, dragX := 0.0, 0.0
	for t := 1; t <= v.months; t++ {
		if t == at {
			scandalX = min(1, scandalX+b.Scandal)
		}
		scandal *= scandalDecay
		scandalX *= scandalDecay
		drag += b.TrustRate * (scandal - drag)
		dragX += b.TrustRate * (scandalX - dragX)
	}
	v.drag, v.dragExposed = drag, dragX
}

// higher is the larger of x and y, without max's care for NaN and signed
// zeros.
func higher(x, y float64) float64 {
	if x > y {
		return x
	}
	return y
}

// boundTerms is planTerms for planBound: the effort's terms, and lower
// bounds on the hazards instead of the hazards.
func (v *akimView) boundTerms(f *akimTerms, pl akimPlan) {
	if !f.ready || f.pl.effort != pl.effort {
		v.effortTerms(f, pl.effort)
	}
	f.pl, f.tailKnown = pl, false
	if pl.rent && !f.rentLowKnown {
		f.rentingLow = v.dismissalBelow(v.d.satisfaction(v.w, v.u, f.orders, pl.effort, v.u.Akim.RentOpp))
		f.rentLowKnown = true
	}
}

// dismissalBelow is a lower bound on dismissal(sat), without an Exp: the
// logistic function interpolated in logisticCurve, less the largest
// error of that interpolation.
func (v *akimView) dismissalBelow(sat float64) float64 {
	if !v.canDismiss {
		return 0
	}
	l, ok := logisticCurve.at((v.replacement - sat - v.dismissCost) / v.w.Params.Superior.Noise)
	if !ok {
		return 0
	}
	return reviewRate * max(0, l-logisticCurve.err-1e-12)
}

// curveTable tabulates a smooth function f at steps points per unit over
// [-span, span], so that planBound's bounds on f need no Exp or Erfc:
// between two points, linear interpolation is within err of f (h^2/8
// times the largest |f”|, h = 1/steps).
type curveTable struct {
	span, steps, err float64
	v                []float64
}

// newCurveTable tabulates f, whose second derivative is at most
// maxCurvature in absolute value.
func newCurveTable(f func(float64) float64, span, steps, maxCurvature float64) *curveTable {
	t := &curveTable{span: span, steps: steps, err: maxCurvature / (8 * steps * steps), v: make([]float64, int(2*span*steps)+1)}
	for i := range t.v {
		t.v[i] = f(float64(i)/steps - span)
	}
	return t
}

// at returns f(z) interpolated between the table's points, the value at
// its end for z beyond it, and false for NaN.
func (t *curveTable) at(z float64) (float64, bool) {
	x := (z + t.span) * t.steps
	last := len(t.v) - 1
	switch {
	case x != x:
		return 0, false
	case x <= 0:
		return t.v[0], true
	case x >= float64(last):
		return t.v[last], true
	}
	i := int(x)
	return t.v[i] + (x-float64(i))*(t.v[i+1]-t.v[i]), true
}

// logisticCurve and cdfCurve tabulate the logistic function (largest
// |logistic”| 0.0963) and the normal distribution function (largest
// |phi'|, phi(1) = 0.2421).
var (
	logisticCurve = newCurveTable(logistic, 20, 16, 0.0963)
	cdfCurve      = newCurveTable(normalCDF, 8, 32, 0.2421)
)

// termsAbove is an upper bound on nextTerms(f, flow, reselect) for
// planBound: the survival of later terms at its upper bound (the hazard's
// lower bound), its power by squarings; +Inf when survival is too close
// to 1 for the bound to be safe from rounding.
func (v *akimView) termsAbove(f *akimTerms, flow, reselect float64) float64 {
	left := v.termsLeft()
	if left == 0 {
		return 0
	}
	if !f.lowPowKnown {
		T := v.w.Params.Institutions.TermMonths
		x := v.w.Params.Behavior.Discount * (1 - f.low)
		f.lowPw, f.lowAnn, f.lowPowKnown = math.Inf(1), math.Inf(1), true
		if x < 0.999 {
			f.lowPw = powInt(x, T)
			f.lowAnn = annuity(x, f.lowPw, T) * (1 + 1e-12)
			f.lowPw *= 1 + 1e-12
		}
	}
	if math.IsInf(f.lowAnn, 1) {
		return f.lowAnn
	}
	return termSeries(f.lowAnn, f.lowPw, flow, reselect, left)
}

// powInt returns x^n for n >= 0 by squarings.
func powInt(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}

// boundBlock is the length in months of planBound's blocks; it divides
// planMonths (so both stretches end their blocks with the term).
const boundBlock = 6

const _ uint = -(planMonths % boundBlock)

// winAbove is an upper bound on winChance(u, trust) without an Erfc: the
// normal distribution function interpolated in cdfCurve, plus the
// largest error of that interpolation.
func (v *akimView) winAbove(trust float64) float64 {
	edge, sd := v.w.winEdge(v.u, trust)
	if sd == 0 {
		return v.w.winChance(v.u, trust)
	}
	c, ok := cdfCurve.at(edge / sd)
	if !ok {
		return 1
	}
	return min(1, c+cdfCurve.err+1e-12)
}

// boundStretch is how planBound moves the service levels and survival
// over blocks of a stretch of constant gains: block by block, a sector's
// level moves to fix + (level - fix) c.
type boundStretch struct {
	fix, c [NumSectors]float64
	sm     float64 // survival over a block
	sum    float64 // the sum over a block's months of the survival to that month
	// The same for the last block of the term when the term's months are
	// not a multiple of boundBlock:
	cRem          [NumSectors]float64
	smRem, sumRem float64
}

// fullStretch returns the blocks of the plan f forecasts without rent (in
// a plan with rent, from its second year), computed once an effort.
func (v *akimView) fullStretch(f *akimTerms) *boundStretch {
	if !f.fullKnown {
		v.stretchBound(&f.full, f, v.control, v.w.Params.Behavior.Discount*(1-f.low))
		f.fullKnown = true
	}
	return &f.full
}

// stretchBound fills st for a stretch in which the akim controls the
// money control and survives a month with chance survive.
func (v *akimView) stretchBound(st *boundStretch, f *akimTerms, control, survive float64) {
	keep := 1 - v.w.Params.Behavior.Depreciation
	rem := v.months % boundBlock
	for s, g := range v.gains(f, control) {
		g = max(0, g)         // a negative gain keeps the level below what none does
		fix, rate := 0.0, 1.0 // constant
		switch den := 1 - keep + g; {
		case g > keep: // below g after a month
			fix, rate = g, 0
		case den > 0:
			fix, rate = g/den, keep-g
		}
		st.fix[s], st.c[s], st.cRem[s] = fix, powInt(rate, boundBlock), powInt(rate, rem)
	}
	st.sm, st.sum, st.smRem, st.sumRem = blockPowers(survive, rem)
}

// blockPowers returns x^boundBlock and the sum of x^j for j = 1 to
// boundBlock, and the same up to rem.
func blockPowers(x float64, rem int) (xm, sum, xr, sumR float64) {
	xm, xr = 1, 1
	for j := 1; j <= boundBlock; j++ {
		xm *= x
		sum += xm
		if j == rem {
			xr, sumR = xm, sum
		}
	}
	return xm, sum, xr, sumR
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
