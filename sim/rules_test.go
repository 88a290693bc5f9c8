package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

const tol = 1e-12

func TestActivate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		g, r, p, thr float64
		want         bool
	}{
		{0.5, 0.2, 0.9, 0.1, true},   // 0.5-0.18 = 0.32 > 0.1
		{0.3, 0.5, 0.5, 0.1, false},  // 0.3-0.25 = 0.05
		{0.3, 0.0, 1.0, 0.1, true},   // risk-neutral
		{0.2, 1.0, 0.1, 0.1, false},  // exactly at threshold is not above it
		{0.05, 0.0, 0.0, 0.1, false}, // under threshold with no deterrence
	}
	for _, tt := range tests {
		if got := Activate(tt.g, tt.r, tt.p, tt.thr); got != tt.want {
			t.Errorf("Activate(%v, %v, %v, %v) = %v; want %v", tt.g, tt.r, tt.p, tt.thr, got, tt.want)
		}
	}
	if got := Grievance(0.8, 0.25); math.Abs(got-0.6) > tol {
		t.Errorf("Grievance(0.8, 0.25) = %v; want 0.6", got)
	}
}

func TestArrestProbability(t *testing.T) {
	t.Parallel()
	k := 2.3
	tests := []struct {
		c, a float64
		r    Rounding
		want float64
	}{
		{2, 4, RoundNone, 1 - math.Exp(-k*0.5)},
		{2, 4, RoundFloor, 0},                  // floor(0.5) = 0: NetLogo's quiet regime
		{2, 4, RoundHalf, 0},                   // Python round(0.5) = 0 (half to even)
		{3, 2, RoundHalf, 1 - math.Exp(-k*2)},  // round(1.5) = 2
		{5, 2, RoundHalf, 1 - math.Exp(-k*2)},  // round(2.5) = 2
		{7, 2, RoundFloor, 1 - math.Exp(-k*3)}, // floor(3.5) = 3
		{1, 0, RoundNone, 1 - math.Exp(-k)},    // actives count the citizen itself
	}
	for _, tt := range tests {
		if got := ArrestProbability(k, tt.c, tt.a, tt.r); math.Abs(got-tt.want) > tol {
			t.Errorf("ArrestProbability(%v, %v, %v, %v) = %v; want %v", k, tt.c, tt.a, tt.r, got, tt.want)
		}
	}
}

// TestNominationServesTheSuperior checks that more weight on executing
// its plan makes the district akim favour loyal nominees (whom it expects
// to follow the plan).
func TestNominationServesTheSuperior(t *testing.T) {
	t.Parallel()
	loyalty := func(orders float64) float64 {
		p := tinyParams()
		p.Institutions.Selection = "appointed"
		p.Superior.Execution = orders
		w := newTestWorld(t, &p, 7)
		u := &w.Units[0]
		d := &w.Districts[u.District]
		sum := 0.0
		for range 200 {
			cands := w.nominate(nil, u, d, 3, false, d.rng)
			sum += cands[0].akim.Loyalty
		}
		return sum / 200
	}
	if lo, hi := loyalty(0), loyalty(5); hi <= lo {
		t.Errorf("first nominee's mean loyalty %.3g with execution weight 0, %.3g with 5; want higher with 5", lo, hi)
	}
}

func TestCapturedMaslikhatRubberStamps(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	w := newTestWorld(t, &p, 1)
	d := &w.Districts[0]
	// Akimat staff in the ruling party, with no civic motivation: their
	// ties and party discipline leave them no effort to give.
	for i := range d.Deputies {
		d.Deputies[i] = Deputy{Party: RulingParty, Tie: AkimatTie, Civic: 0}
	}
	w.chooseEffort(d)
	for i := 0; i < 50; i++ {
		w.budgetVote(d)
		if !d.RubberStamp {
			t.Fatal("budgetVote with only akimat-affiliated deputies amended the budget; want a rubber stamp")
		}
	}
	if got := d.oversight(&w.Params); got != 0 {
		t.Errorf("oversight of a captured maslikhat = %v; want 0", got)
	}
	w.Params.Oversight.MaslikhatPowers = 1
	for i := range d.Deputies {
		d.Deputies[i] = Deputy{Party: NoParty, Civic: 1, Mandate: true}
	}
	w.chooseEffort(d)
	w.budgetVote(d)
	if d.RubberStamp {
		t.Error("budgetVote with only fully engaged independents was a rubber stamp")
	}
}

func TestOwnRevenue(t *testing.T) {
	t.Parallel()
	f := Default().Fiscal
	f.Compliance = 0.8
	f.OwnRevenueShare = 0.5
	base := 1e8
	raised, kept := f.OwnRevenue(base, 5000)
	want := base * f.taxRate() * 0.8
	if math.Abs(raised-want) > 1e-6 || math.Abs(kept-want*0.5) > 1e-6 {
		t.Errorf("OwnRevenue(%v) = %v, %v; want %v, %v", base, raised, kept, want, want*0.5)
	}
	f.OwnBudgetMinPopulation = 2000
	if _, kept := f.OwnRevenue(base, 1999); kept != 0 {
		t.Errorf("OwnRevenue below the own-budget threshold kept %v; want 0", kept)
	}
	f.OwnBudget = false
	if _, kept := f.OwnRevenue(base, 5000); kept != 0 {
		t.Errorf("OwnRevenue without own budget kept %v; want 0", kept)
	}
}

func TestJailReleasedAtRate(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Behavior.MigrationRate = 0
	p.Behavior.HardshipShift = -1 // no grievance: no one turns active
	w := newTestWorld(t, &p, 3)
	u := &w.Units[0]
	d := &w.Districts[u.District]
	h, l := w.Citizens.at(w.Localities[u.FirstLocality].Start)
	h.JailFrac[l] = 1
	rel := jailRelease(p.Unrest.MaxJailMonths)
	if want := 2.0 / float64(p.Unrest.MaxJailMonths); math.Abs(rel-want) > tol {
		t.Fatalf("jailRelease(%d) = %v; want %v (one over the mean term)", p.Unrest.MaxJailMonths, rel, want)
	}
	want := 1.0
	for m := 1; m <= 3; m++ {
		w.live(u, d, w.ps)
		want *= 1 - rel
		if got := float64(h.JailFrac[l]); math.Abs(got-want) > 1e-6 {
			t.Fatalf("jailed share after %d months = %v; want %v", m, got, want)
		}
	}
	if jailRelease(0) != 1 {
		t.Errorf("jailRelease(0) = %v; want 1 (terms of 0 months)", jailRelease(0))
	}
}

func TestArrestJailsUpToCapacity(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	w := newTestWorld(t, &p, 5)
	u := &w.Units[0]
	c := &w.Citizens
	n := 0
	for i, h := range c.slots(u.Start, u.End) {
		if l := i & (BlockLen - 1); h.State[l] != Vacant && n < 10 {
			h.ActiveFrac[l] = 0.5
			n++
		}
	}
	u.Active = 5                                            // agents' worth of active residents
	u.Police = 2 * w.represent / w.Params.Unrest.ArrestRate // capacity: two agents' worth
	w.arrest(u)
	if math.Abs(u.Active-3) > 1e-6 || math.Abs(u.Jailed-2) > 1e-6 {
		t.Errorf("arrest left %v active, %v jailed (in agents); want 3 and 2", u.Active, u.Jailed)
	}
	for i, h := range c.slots(u.Start, u.End) {
		if l := i & (BlockLen - 1); h.JailFrac[l] > 0 && math.Abs(float64(h.JailFrac[l])-0.2) > 1e-6 {
			t.Fatalf("slot %d jailed share %v; want 0.2 (two fifths of its 0.5 active)", i, h.JailFrac[l])
		}
	}
	u.Police = 1e9 // more than enough: every active resident is jailed
	w.arrest(u)
	if u.Active != 0 || math.Abs(u.Jailed-5) > 1e-6 {
		t.Errorf("arrest with ample police left %v active, %v jailed; want 0 and 5", u.Active, u.Jailed)
	}
}

// TestActiveShareIsEpsteinInExpectation checks the super-individual rule
// against Epstein's for residents whose risk aversion is drawn U(0,1).
func TestActiveShareIsEpsteinInExpectation(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct{ g, p, thr float64 }{{0.5, 0.9, 0.1}, {0.3, 0.2, 0.1}, {0.05, 0.5, 0.1}, {0.4, 0, 0.1}, {0.9, 1, 0}} {
		const n = 200000
		k := 0
		for range n {
			if Activate(tt.g, r.Float64(), tt.p, tt.thr) {
				k++
			}
		}
		got, want := ActiveShare(tt.g, tt.p, tt.thr), float64(k)/n
		if math.Abs(got-want) > 0.005 {
			t.Errorf("ActiveShare(%v, %v, %v) = %v; Epstein's rule over U(0,1) risk aversion gives %v", tt.g, tt.p, tt.thr, got, want)
		}
	}
}

func TestTransferRules(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	w := newTestWorld(t, &p, 11)
	u := &w.Units[0]
	u.Pop = 100
	w.Params.Fiscal.TransferRule = "discretionary"
	if got := w.transferClaim(u, 1); got != float64(u.Pop)*w.represent {
		t.Errorf("discretionary claim = %v; want residents %v", got, float64(u.Pop)*w.represent)
	}
	w.Params.Fiscal.TransferRule = "plan"
	if got := w.transferClaim(u, 1); got != u.PlanPop {
		t.Errorf("plan claim = %v; want the plan's population %v", got, u.PlanPop)
	}
}

// TestPatronageFollowsTheObjective checks that the district akim's
// discretion moves money towards the units its objective rewards: with
// all weight on votes, a unit whose akim is in the ruling party and
// whose residents vote for it gains against one that does neither; with
// patronage_weight 0 claims stay per capita.
func TestPatronageFollowsTheObjective(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Superior = SuperiorParams{Votes: 1, Noise: 0.05}
	w := newTestWorld(t, &p, 11)
	d := &w.Districts[0]
	n := d.End - d.FirstUnit
	for i := 0; i < n; i++ {
		u := &w.Units[d.FirstUnit+i]
		u.Akim.Party, u.RulingVote = NoParty, 0.2
	}
	loyal := &w.Units[d.FirstUnit]
	loyal.Akim.Party, loyal.RulingVote = RulingParty, 0.9
	claims := make([]float64, n)
	d.value = make([]float64, n)
	for i := range claims {
		claims[i] = 1
	}
	d.patronageWeights(w, claims)
	if !(claims[0] > claims[1]) {
		t.Errorf("claims %v; want the ruling-party unit's (first) above the others", claims)
	}
	w.Params.Fiscal.PatronageWeight = 0
	for i := range claims {
		claims[i] = 1
	}
	d.patronageWeights(w, claims)
	for i, c := range claims {
		if c != 1 {
			t.Errorf("claim %d = %v with patronage_weight 0; want 1", i, c)
		}
	}
}

func TestDriftKeepsNeedsNormalised(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 1))
	v := [NumSectors]float64{0.25, 0.25, 0.25, 0.25}
	for i := 0; i < 1000; i++ {
		driftNeeds(&v, 0.05, r)
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	if math.Abs(s-1) > 1e-9 {
		t.Errorf("sum of needs after drift = %v; want 1", s)
	}
}

func TestAllocationFollowsOrientation(t *testing.T) {
	t.Parallel()
	need := [NumSectors]float64{0.7, 0.1, 0.1, 0.1}
	service := [NumSectors]float64{0.2, 0.8, 0.8, 0.8}
	plan := [NumSectors]float64{0.1, 0.3, 0.3, 0.3}
	up := allocation(&need, &service, &plan, 0, 1, 0)
	down := allocation(&need, &service, &plan, 1, 1, 0)
	if up != plan {
		t.Errorf("allocation of an upward akim = %v; want the plan %v", up, plan)
	}
	if down[Water] <= up[Water] {
		t.Errorf("downward akim gives water %v <= upward %v; want more to the unmet need", down[Water], up[Water])
	}
}

func TestProtestEvent(t *testing.T) {
	t.Parallel()
	up := Default().Unrest
	up.ProtestThreshold, up.ProtestMinResidents = 0.05, 20
	tests := []struct {
		pop               int
		active, represent float64
		minResidents      float64
		want              bool
	}{
		{100, 10, 1, 20, false},  // 10% active, but 10 people
		{100, 10, 5, 20, true},   // 10% of 500 residents: 50 people
		{1000, 40, 1, 20, false}, // 40 people, 4%
		{1000, 60, 1, 20, true},
		{100, 10, 1, 0, true}, // the share alone
		{0, 0, 1, 0, false},
	}
	for _, tt := range tests {
		up.ProtestMinResidents = tt.minResidents
		if got := up.protestEvent(tt.pop, tt.active, tt.represent); got != tt.want {
			t.Errorf("protestEvent(%d agents, %v active, represent %v, min %v) = %v; want %v",
				tt.pop, tt.active, tt.represent, tt.minResidents, got, tt.want)
		}
	}
}
