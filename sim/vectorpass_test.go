package sim

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// requireVector skips a test of the vector citizens' pass where the build
// has none: the default build, or a CPU without AVX-512. CI runs the
// package again with GOEXPERIMENT=simd (Makefile: test-vector), and sets
// DECENTSIM_REQUIRE_VECTOR where the CPU has AVX-512, so that a vector
// pass that quietly went missing fails instead.
func requireVector(t *testing.T) {
	t.Helper()
	if !haveVector {
		if os.Getenv("DECENTSIM_REQUIRE_VECTOR") != "" {
			t.Fatalf("DECENTSIM_REQUIRE_VECTOR is set, but the citizens' pass is %s", vectorName())
		}
		t.Skipf("citizens' pass is %s: nothing to compare", vectorName())
	}
}

// citizenBytes is every citizen field of w, for comparisons bit for bit.
func citizenBytes(t *testing.T, w *World) []byte {
	t.Helper()
	var b bytes.Buffer
	c := &w.Citizens
	for _, v := range []any{c.Blocks, c.Age, c.Edu, c.Jail, c.Income} {
		if err := binary.Write(&b, binary.LittleEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// vectorParams are worlds that take the pass's rare paths often: the
// worker tests' worlds (every selection mode, an event calling every
// election), and one with heavy migration, births, unrest and arrests.
func vectorParams() map[string]Params {
	out := workerParams()
	p := smallParams()
	p.Behavior.MigrationRate = 0.2
	p.Behavior.BirthRate = 0.05
	p.Unrest.Threshold = 0.02
	p.Events = []Event{{Month: 3, Hardship: 0.4}}
	out["turbulent"] = p
	return out
}

// TestVectorPassSameResults checks that the vector citizens' pass leaves
// every citizen and every trial result as the scalar pass does, bit for
// bit, month by month.
func TestVectorPassSameResults(t *testing.T) {
	requireVector(t)
	t.Parallel()
	for name, p := range vectorParams() {
		vec, sca := newTestWorld(t, &p, 5), newTestWorld(t, &p, 5)
		sca.scalarPass = true
		for vec.Month < 24 {
			if err := vec.Step(); err != nil {
				t.Fatal(err)
			}
			if err := sca.Step(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(citizenBytes(t, vec), citizenBytes(t, sca)) {
				t.Fatalf("%s: month %d: citizens differ between the vector and the scalar pass", name, vec.Month)
			}
			for i := range vec.Units {
				a, b := &vec.Units[i], &sca.Units[i]
				if a.Pop != b.Pop || a.Active != b.Active || a.Jailed != b.Jailed || a.Participants != b.Participants ||
					a.Leavers != b.Leavers || a.Arrivals != b.Arrivals ||
					math.Float64bits(a.incomeSum) != math.Float64bits(b.incomeSum) ||
					math.Float64bits(a.AwareMean) != math.Float64bits(b.AwareMean) ||
					math.Float64bits(a.TrustMean) != math.Float64bits(b.TrustMean) ||
					math.Float64bits(a.LegitMean) != math.Float64bits(b.LegitMean) {
					t.Fatalf("%s: month %d: unit %d: vector %+v, scalar %+v", name, vec.Month, i, *a, *b)
				}
			}
		}
		want, err := RunTrialWith(context.Background(), &p, 24, 3, 1, &TrialOptions{ScalarPass: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := RunTrialWith(context.Background(), &p, 24, 3, 1, &TrialOptions{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if diff := trialDiff(want, got); diff != "" {
			t.Errorf("%s: the vector pass's trial differs from the scalar pass's: %s", name, diff)
		}
	}
}

// TestVectorBlockSameResults runs the scalar and the vector pass over the
// same random blocks, with random unit constants chosen to take every
// path (births, jail terms, participation answered or not, the exact
// logistic, departures, values at 0 and 1), and compares the blocks and
// tallies bit for bit.
func TestVectorBlockSameResults(t *testing.T) {
	requireVector(t)
	t.Parallel()
	p := tinyParams()
	w := newTestWorld(t, &p, 9)
	u := &w.Units[0]
	first := (u.Start + BlockLen - 1) &^ (BlockLen - 1)
	if first+BlockLen > u.End {
		t.Fatalf("unit 0 holds no whole block (slots %d-%d)", u.Start, u.End)
	}
	r := rand.New(rand.NewPCG(1, 2))
	unit := func() float64 { // values in [0,1], often at the ends
		switch r.IntN(8) {
		case 0:
			return 0
		case 1:
			return 1
		}
		return r.Float64()
	}
	c := &w.Citizens
	for iter := range 3000 {
		h := &c.Blocks[first/BlockLen]
		for j := range BlockLen {
			h.State[j] = uint8(r.IntN(4))
			h.Flags[j] = uint8(r.IntN(4))
			for _, f := range []*[BlockLen]float32{&h.IncomeHard, &h.Civic, &h.Awareness, &h.Efficacy, &h.Trust,
				&h.TrustDist, &h.Party, &h.Risk, &h.Legit} {
				f[j] = float32(unit())
			}
			h.Frustr[j] = float32(2 * unit())
			c.Jail[first+j] = uint16(r.IntN(3))
			c.Age[first+j] = uint8(r.IntN(3))
			c.Income[first+j] = float32(1e5 * r.Float64())
		}
		k := passUnit{w: w, u: u, r: rand.New(rand.NewPCG(uint64(iter), 3))}
		k.q, k.amp, k.trustRate, k.halfExtract, k.response = unit(), 2*unit(), unit(), 0.5*unit(), unit()
		k.gain, k.loss, k.ignored, k.decay, k.campaign = unit(), unit(), unit(), unit(), 0.1*unit()
		k.initialAware, k.modeShare, k.procWeight, k.legitShift = unit(), 0.8*unit(), unit(), unit()-0.5
		k.perfWeight = 1 - k.procWeight
		k.hardService, k.hardShift, k.threshold, k.pArrest = unit(), unit()-0.5, unit()-0.5, unit()
		k.migration, k.young, k.median, k.cost = unit(), 1+unit(), 5e4, 2*unit()-0.5
		if r.IntN(8) == 0 {
			k.median = 0 // allowed by scenario validation: no income gap
		}
		k.maxLeave = min(1, k.migration*max(1, k.young))
		if r.IntN(2) == 0 {
			k.pBirth = unit()
		}
		k.sm = r.Uint64()
		t0 := passTally{incomeSum: 1e6 * r.Float64(), sumAware: [8]float64{r.Float64(), 0, 0, 0, 0, 0, 0, r.Float64()}}

		saved := *h
		savedJail := append([]uint16(nil), c.Jail[first:first+BlockLen]...)
		savedAge := append([]uint8(nil), c.Age[first:first+BlockLen]...)
		savedEdu := append([]uint8(nil), c.Edu[first:first+BlockLen]...)
		savedIncome := append([]float32(nil), c.Income[first:first+BlockLen]...)
		savedState := citizenBytes(t, w)
		k1, t1 := k, t0
		k1.r = rand.New(rand.NewPCG(uint64(iter), 3))
		k1.block(h, first, 0, BlockLen, &t1)
		want := citizenBytes(t, w)

		*h = saved
		copy(c.Jail[first:], savedJail)
		copy(c.Age[first:], savedAge)
		copy(c.Edu[first:], savedEdu)
		copy(c.Income[first:], savedIncome)
		if !bytes.Equal(citizenBytes(t, w), savedState) {
			t.Fatal("restoring the block failed")
		}
		k2, t2 := k, t0
		k2.r = rand.New(rand.NewPCG(uint64(iter), 3))
		k2.ps = newPassScratch()
		k2.setUnitConsts()
		k2.blockVec(h, first, &t2)
		got := citizenBytes(t, w)
		if !bytes.Equal(got, want) {
			t.Fatalf("iteration %d: the vector pass left the citizens differently from the scalar pass\nscalar %+v\nvector %+v", iter, saved, *h)
		}
		if !sameTally(&t1, &t2) {
			t.Fatalf("iteration %d: tallies differ:\nscalar %+v\nvector %+v", iter, t1, t2)
		}
	}
}

// TestVectorClamp checks the vector clamp01 lane by lane against clamp01,
// bit for bit, at the values where a max and min could differ from its
// branches: -0, NaN, the bounds and beyond.
func TestVectorClamp(t *testing.T) {
	requireVector(t)
	in := []float64{math.Copysign(0, -1), 0, math.NaN(), 1, -1e-300, 1 + 1e-15, math.Inf(1), math.Inf(-1), 0.5, -2, 3}
	out := clampLanes(in)
	for i, x := range in {
		if want := clamp01(x); math.Float64bits(out[i]) != math.Float64bits(want) {
			t.Errorf("clamp of %v: vector %v (%#x), clamp01 %v (%#x)", x, out[i], math.Float64bits(out[i]), want, math.Float64bits(want))
		}
	}
}

// sameTally compares two tallies, floats bit for bit (so -0 differs from
// +0).
func sameTally(a, b *passTally) bool {
	if a.count != b.count || a.participants != b.participants || a.leavers != b.leavers ||
		a.arrivals != b.arrivals || a.aware != b.aware ||
		math.Float64bits(a.incomeSum) != math.Float64bits(b.incomeSum) {
		return false
	}
	for i := range 8 {
		for _, p := range [][2]float64{{a.sumAware[i], b.sumAware[i]}, {a.sumTrust[i], b.sumTrust[i]}, {a.sumLegit[i], b.sumLegit[i]}} {
			if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
				return false
			}
		}
	}
	return true
}
