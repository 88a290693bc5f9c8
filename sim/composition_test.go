package sim

import (
	"math"
	"testing"
)

// settlementSpread draws the world of p and returns, over its settlements
// of at least 10 agents, the root mean square of sqrt(n) times the
// settlement's mean standard-normal income draw, and the largest gap
// between a settlement's share of young agents and its unit's young
// share, in units of 1/n. Independent draws give about 1 for the first
// and several for the second; strata, far less than 1 and at most 1.
func settlementSpread(t *testing.T, p *Params) (incomeRMS, youngGap float64) {
	t.Helper()
	w := newTestWorld(t, p, 7)
	c := &w.Citizens
	var sumSq float64
	var count int
	for si := range w.Localities {
		s := &w.Localities[si]
		u := &w.Units[s.Unit]
		if s.Pop < 10 || u.IncomeSigma == 0 {
			continue
		}
		var zSum float64
		young := 0
		for k := range s.Pop {
			i := s.citizenSlot(k)
			h, l := c.at(i)
			if h.Age[l] == Young {
				young++
			}
			level := p.World.MedianIncome * u.IncomeMult * eduIncome[c.Edu[i]]
			zSum += (math.Log(float64(c.Income[i])/level) + u.IncomeSigma*u.IncomeSigma/2) / u.IncomeSigma
		}
		n := float64(s.Pop)
		m := zSum / n
		sumSq += n * m * m
		count++
		youngGap = max(youngGap, math.Abs(float64(young)-n*u.YoungShare))
	}
	if count < 20 {
		t.Fatalf("only %d settlements of 10 agents or more; the test needs more", count)
	}
	return math.Sqrt(sumSq / float64(count)), youngGap
}

// TestStratifiedComposition checks world.composition: with strata, a
// settlement's mean income draw and young share are its unit's up to a
// stratum's width, whatever its number of agents; with independent draws
// (the switch off) they carry the sampling spread of n draws, which grows
// with world.represent.
func TestStratifiedComposition(t *testing.T) {
	t.Parallel()
	p := smallParams()
	p.World.Composition = "stratified"
	rms, gap := settlementSpread(t, &p)
	t.Logf("stratified %.3f %.2f", rms, gap)
	if rms > 0.2 || gap > 1+1e-9 {
		t.Errorf("stratified: sqrt(n) x settlement mean income draw has RMS %.3f (want under 0.2), young share off by %.2f agents (want at most 1)", rms, gap)
	}
	p.World.Composition = "independent"
	rms, gap = settlementSpread(t, &p)
	t.Logf("independent %.3f %.2f", rms, gap)
	if rms < 0.7 || rms > 1.3 || gap < 2 {
		t.Errorf("independent: RMS %.3f (want about 1), young share off by up to %.2f agents (want several): the check cannot tell the switch", rms, gap)
	}
}
