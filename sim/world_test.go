package sim

import (
	"context"
	"math"
	"reflect"
	"testing"
)

func TestNationalWorldStructure(t *testing.T) {
	t.Parallel()
	p := Default()
	p.World.Represent = 20
	w := newTestWorld(t, &p, TrialSeed(1, 0))
	if got := len(w.Units); got != 2345 {
		t.Errorf("units = %d; want 2345", got)
	}
	var byType [4]int
	residents := 0.0
	lo, hi := math.Inf(1), 0.0
	for i := range w.Units {
		u := &w.Units[i]
		byType[u.Type]++
		r := float64(u.Pop) * w.represent
		residents += r
		lo, hi = math.Min(lo, r), math.Max(hi, r)
		if u.Start >= u.End || (i > 0 && u.Start != w.Units[i-1].End) {
			t.Fatalf("unit %d slots [%d, %d) are not contiguous after the previous unit", i, u.Start, u.End)
		}
		if i > 0 && u.District < w.Units[i-1].District {
			t.Fatalf("units are not grouped by district at unit %d", i)
		}
	}
	if byType != [4]int{48, 1993, 198, 106} {
		t.Errorf("units by type = %v; want [48 1993 198 106]", byType)
	}
	if math.Abs(residents-7.35e6)/7.35e6 > 0.01 {
		t.Errorf("residents = %.0f; want 7.35 million within 1%%", residents)
	}
	if lo > 200 || hi < 30000 || hi > 50000+float64(p.World.Represent) {
		t.Errorf("unit sizes range %.0f..%.0f; want from under 200 to tens of thousands, at most 50,000", lo, hi)
	}
	if n := len(w.Districts); n != 169 {
		t.Errorf("districts = %d; want 169 (Kazakhstan's oblast table)", n)
	}
	if n := len(w.Oblasts); n != 17 {
		t.Errorf("oblasts = %d; want 17", n)
	}
	// Memory at 1:1: slots scale with 1/represent.
	perCitizen := bytesPerCitizen
	slots1to1 := float64(w.Citizens.Len()) * float64(p.World.Represent)
	if gb := slots1to1 * float64(perCitizen) / 1e9; gb > 0.6 {
		t.Errorf("citizen storage at 1:1 = %.2f GB; want well under 1 GB", gb)
	}
}

func TestCitizenStorageMatchesBytesPerCitizen(t *testing.T) {
	t.Parallel()
	c := newCitizens(1)
	v := reflect.ValueOf(c)
	total := 0
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Slice {
			total += int(f.Type().Elem().Size())
		}
	}
	// A block holds BlockLen slots.
	total -= int(reflect.TypeFor[CitizenBlock]().Size())
	total += int(reflect.TypeFor[CitizenBlock]().Size()) / BlockLen
	if total != bytesPerCitizen {
		t.Errorf("citizen fields take %d bytes; bytesPerCitizen says %d", total, bytesPerCitizen)
	}
}

func TestTrialIsDeterministic(t *testing.T) {
	t.Parallel()
	p := smallParams()
	a, err := RunTrial(context.Background(), &p, 24, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RunTrial(context.Background(), &p, 24, 5, 3)
	if !reflect.DeepEqual(nanFree(a), nanFree(b)) {
		t.Error("two runs of the same trial differ")
	}
	c, _ := RunTrial(context.Background(), &p, 24, 5, 4)
	if reflect.DeepEqual(nanFree(a).Months, nanFree(c).Months) {
		t.Error("trials 3 and 4 gave identical results; want independent streams")
	}
}

func TestRunOrderIndependentOfWorkers(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	collect := func(workers int) []*TrialResult {
		var out []*TrialResult
		err := Run(context.Background(), &p, RunConfig{Months: 12, Seed: 1, Trials: TrialList(7), Workers: workers},
			func(r *TrialResult) error { out = append(out, nanFree(r)); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, three := collect(1), collect(3)
	for i := range one {
		if one[i].Trial != i {
			t.Fatalf("result %d is trial %d; want results in trial order", i, one[i].Trial)
		}
	}
	if !reflect.DeepEqual(one, three) {
		t.Error("results with 1 and 3 workers differ")
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Run(ctx, &p, RunConfig{Months: 12, Seed: 1, Trials: TrialList(50), Workers: 2},
		func(r *TrialResult) error {
			n++
			if n == 2 {
				cancel()
			}
			return nil
		})
	if err == nil || n >= 50 {
		t.Errorf("Run after cancel returned %v after %d trials; want context.Canceled early", err, n)
	}
}

func TestEventsSwitchRules(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Institutions.Selection = "appointed"
	p.Events = []Event{{Month: 3, Set: map[string]Value{"institutions.selection": Word("direct"), "fiscal.patronage_weight": Float(0.1)}, Hardship: 0.2, AkimElections: true}}
	w := newTestWorld(t, &p, 1)
	for w.Month < 3 {
		if w.mode != Appointed {
			t.Fatalf("mode %v before the event", w.mode)
		}
		if err := w.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if w.mode != Direct || w.Params.Fiscal.PatronageWeight != 0.1 || w.Params.Behavior.HardshipShift != 0.2 {
		t.Errorf("after event: mode %v, patronage %v, hardship shift %v; want direct, 0.1, 0.2",
			w.mode, w.Params.Fiscal.PatronageWeight, w.Params.Behavior.HardshipShift)
	}
	for i := range w.Units {
		if w.Units[i].Akim.ChosenBy != Direct {
			t.Fatalf("unit %d akim chosen by %v after akim_elections event; want direct", i, w.Units[i].Akim.ChosenBy)
		}
	}
	if p.Fiscal.PatronageWeight == 0.1 {
		t.Error("event changed the caller's Params; want a private copy")
	}
}

// nanFree replaces NaN by a sentinel so results compare with DeepEqual.
func nanFree(r *TrialResult) *TrialResult {
	c := *r
	c.Months = append([]Record(nil), r.Months...)
	for i := range c.Months {
		for j, v := range c.Months[i] {
			if math.IsNaN(v) {
				c.Months[i][j] = -12345
			}
		}
	}
	c.Elections = append([]ElectionRecord(nil), r.Elections...)
	for i := range c.Elections {
		if math.IsNaN(c.Elections[i].Turnout) {
			c.Elections[i].Turnout = -1
		}
		if math.IsNaN(c.Elections[i].Margin) {
			c.Elections[i].Margin = -1
		}
	}
	return &c
}

func TestMaslikhatElectionSchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		first, term, burnIn, months int
		want                        []int
	}{
		{0, 60, 48, 130, []int{61, 121}},
		{30, 60, 48, 100, []int{30, 90}},
		{5, 24, 0, 60, []int{5, 29, 53}},
	}
	for _, tt := range tests {
		p := tinyParams()
		p.Institutions.MaslikhatFirstElection = tt.first
		p.Institutions.MaslikhatTermMonths = tt.term
		p.World.BurnInMonths = tt.burnIn
		r, err := RunTrial(context.Background(), &p, tt.months, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, e := range r.Elections {
			if e.Kind == MaslikhatElection {
				got = append(got, e.Month)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("maslikhat elections (first %d, term %d, burn-in %d) in months %v; want %v", tt.first, tt.term, tt.burnIn, got, tt.want)
		}
	}
}

// TestFirstCitizensSpread checks where a new world's citizens live: in
// every settlement, between two occupied slots (round the ring) lie at
// most ceil(slots/Pop) - 1 vacant ones, so the room for births and
// arrivals is spread among the first residents rather than left in one
// run at the end of the ring (docs/ODD.md 2.4: a run of newcomers made
// turnout depend on world.represent).
func TestFirstCitizensSpread(t *testing.T) {
	t.Parallel()
	p := smallParams()
	w := newTestWorld(t, &p, TrialSeed(5, 0))
	checked := 0
	for li := range w.Localities {
		s := &w.Localities[li]
		n := s.End - s.Start
		if s.Pop == 0 || s.Pop == n {
			continue
		}
		most := (n+s.Pop-1)/s.Pop - 1
		run, longest, seen := 0, 0, false
		for k := range 2 * n { // twice round the ring, for the run that wraps
			h, l := w.Citizens.at(s.Start + k%n)
			if h.State[l] == Vacant {
				run++
				continue
			}
			if seen {
				longest = max(longest, run)
			}
			run, seen = 0, true
		}
		if longest > most {
			t.Fatalf("settlement %d: %d citizens in %d slots, a run of %d vacant slots; want at most %d", li, s.Pop, n, longest, most)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d settlements with vacant slots; the test needs more", checked)
	}
}
