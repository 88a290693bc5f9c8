package sim

import (
	"context"
	"math"
	"unsafe"
)

// The unit panel: each rural unit's state month by month, for analyses
// of who gains and who loses (the breakdowns by oblast, district, type,
// size and remoteness) and for regressions on unit-level data. A run
// records it only when asked (RunConfig.UnitMonths), since a national
// trial has 2,345 units a month.

// UnitInfo is what does not change about a unit in a trial: where it is
// and its classes.
type UnitInfo struct {
	Unit                     int // index in the world's units (ordered by district)
	District                 int // index of its district
	Oblast                   int // index of its oblast
	DistrictName, OblastName string
	Type                     UnitType // town, rural district, village or settlement
	DistanceKm               float64  // to the district's seat
	// Residents is its population at the end of month 1, which its size
	// class (SizeClass) is taken from.
	Residents float64
}

// Size classes of units by residents, the government staffing
// resolution's brackets merged (staffFor).
var sizeClasses = [...]struct {
	upTo float64
	name string
}{{1500, "under 1,500"}, {3000, "1,500-3,000"}, {5000, "3,000-5,000"}, {10000, "5,000-10,000"}, {math.Inf(1), "over 10,000"}}

// SizeClass returns the unit's size class by residents at the end of
// month 1: "under 1,500", "1,500-3,000", "3,000-5,000", "5,000-10,000" or
// "over 10,000".
func (u *UnitInfo) SizeClass() string {
	for _, c := range sizeClasses {
		if u.Residents < c.upTo {
			return c.name
		}
	}
	return sizeClasses[len(sizeClasses)-1].name
}

// Remoteness returns the unit's remoteness class by distance to its
// district's seat: "under 10 km", "10-30 km", "30-60 km" or "60 km or
// more".
func (u *UnitInfo) Remoteness() string {
	switch d := u.DistanceKm; {
	case d < 10:
		return "under 10 km"
	case d < 30:
		return "10-30 km"
	case d < 60:
		return "30-60 km"
	}
	return "60 km or more"
}

// UnitMonth is one unit's state at the end of a month. Money is in KZT
// for the month.
type UnitMonth struct {
	Residents  float64 // population (citizen agents times the represent factor)
	Budget     float64 // own revenue plus transfers and emergency money
	OwnRevenue float64 // own revenue (local taxes kept, rent and fines)
	Transfers  float64 // transfers from the district, emergency money included
	Leakage    float64 // lost to akim rent, local elite capture and connected contractors
	Services   float64 // need-weighted service level, 0-1
	Turnout    float64 // turnout of the unit's last popular akim vote; NaN before one
	Unrest     float64 // share of residents active at the end of the month
	Trust      float64 // mean citizen trust in the akim
	Legitimacy float64 // mean citizen legitimacy of local government
	// The akim in office.
	AkimCompetence float64
	AkimCongruent  bool
	AkimOrigin     Origin
	AkimDownward   float64 // share of capacity for residents' needs this year
	AkimTenure     int     // months in office
}

// UnitPanel is the unit panel of a trial: its units, and their states
// for months FirstMonth to the trial's end.
type UnitPanel struct {
	FirstMonth int
	Units      []UnitInfo
	// Rows holds month FirstMonth+i of unit u at Rows[i*len(Units)+u].
	Rows []UnitMonth
	// turnout is each unit's last popular vote's turnout, kept from
	// month 1; months the trial's length.
	turnout []float64
	months  int
}

// Month returns the rows of month m (FirstMonth or later), one per unit.
func (p *UnitPanel) Month(m int) []UnitMonth {
	n := len(p.Units)
	i := m - p.FirstMonth
	return p.Rows[i*n : (i+1)*n]
}

// Months returns the number of months the panel holds.
func (p *UnitPanel) Months() int {
	if len(p.Units) == 0 {
		return 0
	}
	return len(p.Rows) / len(p.Units)
}

// RunTrialUnits is RunTrialWith that also records the trial's unit panel
// (TrialResult.Units) of its last unitMonths months, of every month if
// unitMonths is negative, or none if it is 0. opt's watcher, if any, is
// replaced.
func RunTrialUnits(ctx context.Context, p *Params, months int, seed uint64, trial int, opt *TrialOptions, unitMonths int) (*TrialResult, error) {
	if unitMonths == 0 {
		return RunTrialWith(ctx, p, months, seed, trial, opt)
	}
	o := TrialOptions{}
	if opt != nil {
		o = *opt
	}
	panel := newUnitPanel(months, unitMonths)
	o.Watch = panel.watch
	res, err := RunTrialWith(ctx, p, months, seed, trial, &o)
	if res != nil {
		res.Units = panel
	}
	return res, err
}

// RunUnits is b.Run that also records the trial's unit panel as
// RunTrialUnits does (none if unitMonths is 0).
func (b *BurnedIn) RunUnits(ctx context.Context, p *Params, months int, keep bool, unitMonths int) (*TrialResult, error) {
	if unitMonths == 0 {
		return b.Run(ctx, p, months, nil, keep)
	}
	panel := newUnitPanel(months, unitMonths)
	res, err := b.Run(ctx, p, months, &TrialOptions{Watch: panel.watch}, keep)
	if res != nil {
		res.Units = panel
	}
	return res, err
}

// newUnitPanel returns the panel of a trial of months months that keeps
// the last keep months (all if keep < 0 or more than months).
func newUnitPanel(months, keep int) *UnitPanel {
	if keep < 0 || keep > months {
		keep = months
	}
	return &UnitPanel{FirstMonth: months - keep + 1, months: months}
}

// watch records the month w just ran: a RunTrialWith watcher.
func (p *UnitPanel) watch(w *World) {
	if p.Units == nil {
		p.describe(w)
	}
	for di := range w.Districts {
		for _, e := range w.Districts[di].elections {
			if e.Kind == AkimElection && !math.IsNaN(e.Turnout) && e.Unit < len(p.turnout) {
				p.turnout[e.Unit] = e.Turnout
			}
		}
	}
	if w.Month < p.FirstMonth {
		return
	}
	for i := range w.Units {
		u := &w.Units[i]
		a := &u.Akim
		p.Rows = append(p.Rows, UnitMonth{
			Residents: float64(u.Pop) * w.represent, Budget: u.Budget, OwnRevenue: u.Own,
			Transfers: u.Transfer + u.Concede, Leakage: u.Leak, Services: u.Quality, Turnout: p.turnout[i],
			Unrest: ratio(u.Active, float64(u.Pop)), Trust: u.TrustMean, Legitimacy: u.LegitMean,
			AkimCompetence: a.Competence, AkimCongruent: a.Congruent, AkimOrigin: a.Origin,
			AkimDownward: a.Downward, AkimTenure: a.Tenure,
		})
	}
}

// describe fills the panel's units from w after its first month.
func (p *UnitPanel) describe(w *World) {
	p.Units = make([]UnitInfo, len(w.Units))
	p.turnout = make([]float64, len(w.Units))
	for i := range w.Units {
		u := &w.Units[i]
		d := &w.Districts[u.District]
		p.Units[i] = UnitInfo{
			Unit: i, District: u.District, Oblast: d.Oblast, DistrictName: d.Name,
			Type: u.Type, DistanceKm: u.DistanceKm, Residents: float64(u.Pop) * w.represent,
		}
		if d.Oblast >= 0 && d.Oblast < len(w.Oblasts) {
			p.Units[i].OblastName = w.Oblasts[d.Oblast].Name
		}
		p.turnout[i] = math.NaN()
	}
	p.Rows = make([]UnitMonth, 0, len(w.Units)*max(0, p.months-p.FirstMonth+1))
}

// UnitPanelBytes returns about how many bytes the unit panels of a Run of
// trials trials of months months of p on workers goroutines hold at once
// when each keeps keep months (all if negative): one per trial running
// or waiting its turn (RunBytes), of SizeOf(p).Units units.
func UnitPanelBytes(p *Params, months, keep, trials, workers int) int64 {
	if keep < 0 || keep > months {
		keep = months
	}
	running, waiting := inFlight(trials, workers)
	units := int64(SizeOf(p).Units)
	perTrial := units*int64(keep)*int64(unsafe.Sizeof(UnitMonth{})) + units*int64(unsafe.Sizeof(UnitInfo{}))
	return int64(running+waiting) * perTrial
}
