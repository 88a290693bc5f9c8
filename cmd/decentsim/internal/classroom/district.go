package classroom

import (
	"context"
	"encoding/json"
	"math"
	"os"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// The district view: the first trial of a finished run told unit by unit
// and month by month, for the page's map and story. The server runs the
// trial again with a watcher (the result is the same trial 0 the run
// wrote: it depends only on the scenario, the seed and the trial) and
// keeps the view as a file beside the run's folder, so that it counts
// against Limits.KeepBytes and goes with the run.

// The view's bounds: a world with more units shows its first
// maxViewUnits (by index, so whole districts first), and a trial with
// more events its first maxViewEvents.
const (
	maxViewUnits  = 400
	maxViewEvents = 5000
	// viewFields is the number of values kept a unit and month.
	viewFields = 8
)

// districtView is the JSON the page's district view and story read.
// The monthly values are month-major: value u of month m (1-based) is
// at [(m-1)*len(Units)+u].
type districtView struct {
	Months     int         `json:"months"`
	TotalUnits int         `json:"total_units"` // units of the world; Units holds at most maxViewUnits
	Units      []viewUnit  `json:"units"`
	Districts  []viewPlace `json:"districts"`
	Parties    []string    `json:"parties"`
	// Residents, Quality (0-1), Unrest (share of residents active,
	// 0-1), Budget (KZT a resident a month), and the akim's Origin
	// (sim.Origin), Party (index in Parties, -1 self-nominated), Chosen
	// (sim.Mode) and Tenure (months in office).
	Residents []float64   `json:"residents"`
	Quality   []float64   `json:"quality"`
	Unrest    []float64   `json:"unrest"`
	Budget    []float64   `json:"budget"`
	Origin    []int8      `json:"origin"`
	Party     []int8      `json:"party"`
	Chosen    []int8      `json:"chosen"`
	Tenure    []int16     `json:"tenure"`
	Events    []viewEvent `json:"events"`
	// TotalEvents is the trial's events of the units and districts
	// shown; Events holds the first maxViewEvents.
	TotalEvents int `json:"total_events"`
}

// viewUnit is a unit's place: its index, district, type and position
// (km).
type viewUnit struct {
	ID       int     `json:"id"`
	District int     `json:"district"`
	Type     string  `json:"type"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
}

// viewPlace is a district: its name and seat (km).
type viewPlace struct {
	Name string  `json:"name"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
}

// viewEvent is one event of the log, as events.csv names it, with an
// election's figures (Turnout nil without a popular vote).
type viewEvent struct {
	Month        int      `json:"month"`
	Unit         int      `json:"unit"` // -1: none
	District     int      `json:"district"`
	Event        string   `json:"event"`
	Detail       string   `json:"detail"`
	Candidates   int      `json:"candidates,omitempty"`
	Turnout      *float64 `json:"turnout,omitempty"`
	WinnerOrigin string   `json:"winner_origin,omitempty"`
	WinnerParty  string   `json:"winner_party,omitempty"`
	IncumbentWon bool     `json:"incumbent_won,omitempty"`
}

// viewBytes is about what building the view of units units over months
// months holds at once (the values, then their JSON).
func viewBytes(units, months int) int64 {
	n := int64(min(units, maxViewUnits)) * int64(months)
	return n*viewFields*8*2 + maxViewEvents*256
}

// buildView runs trial 0 of sc again, watching it, and returns its view.
func buildView(ctx context.Context, sc *scenarios.Scenario, workers int) (*districtView, error) {
	v := &districtView{Months: sc.Months}
	rep := float64(sc.Params.World.Represent)
	watch := func(w *sim.World) {
		if w.Month == 1 {
			v.place(w)
		}
		for i := range v.Units {
			u := &w.Units[i]
			res := float64(u.Pop) * rep
			v.Residents = append(v.Residents, res)
			v.Quality = append(v.Quality, round(u.Quality, 1e3))
			unrest, budget := 0.0, 0.0
			if u.Pop > 0 {
				unrest, budget = u.Active/float64(u.Pop), u.Budget/res
			}
			v.Unrest = append(v.Unrest, round(unrest, 1e4))
			v.Budget = append(v.Budget, math.Round(budget))
			v.Origin = append(v.Origin, int8(u.Akim.Origin))
			v.Party = append(v.Party, u.Akim.Party)
			v.Chosen = append(v.Chosen, int8(u.Akim.ChosenBy))
			v.Tenure = append(v.Tenure, int16(min(u.Akim.Tenure, math.MaxInt16)))
		}
	}
	res, err := sim.RunTrialWith(ctx, &sc.Params, sc.Months, sc.Seed, 0, &sim.TrialOptions{Workers: workers, Watch: watch})
	if err != nil {
		return nil, err
	}
	v.Parties = res.Parties
	for i := range res.Events {
		e := &res.Events[i]
		if int(e.Unit) >= len(v.Units) || e.Unit < 0 && int(e.District) >= len(v.Districts) {
			continue // of a unit or district not shown
		}
		if v.TotalEvents++; len(v.Events) < maxViewEvents {
			v.Events = append(v.Events, viewEventOf(res, e))
		}
	}
	return v, nil
}

// place records the world's units (the first maxViewUnits) and districts.
func (v *districtView) place(w *sim.World) {
	v.TotalUnits = len(w.Units)
	n := min(len(w.Units), maxViewUnits)
	for i := range n {
		u := &w.Units[i]
		v.Units = append(v.Units, viewUnit{ID: i, District: u.District, Type: u.Type.String(), X: round(u.X, 100), Y: round(u.Y, 100)})
	}
	for i := range w.Districts {
		d := &w.Districts[i]
		if d.FirstUnit >= n {
			break
		}
		v.Districts = append(v.Districts, viewPlace{Name: d.Name, X: round(d.X, 100), Y: round(d.Y, 100)})
	}
	size := n * v.Months
	v.Residents, v.Quality, v.Unrest, v.Budget = make([]float64, 0, size), make([]float64, 0, size), make([]float64, 0, size), make([]float64, 0, size)
	v.Origin, v.Party, v.Chosen, v.Tenure = make([]int8, 0, size), make([]int8, 0, size), make([]int8, 0, size), make([]int16, 0, size)
}

// viewEventOf is event e of trial t as the page shows it.
func viewEventOf(t *sim.TrialResult, e *sim.LogEvent) viewEvent {
	name, detail := output.EventName(t, e)
	ve := viewEvent{Month: int(e.Month), Unit: int(e.Unit), District: int(e.District), Event: name, Detail: detail}
	if e.Kind != sim.LogElection {
		return ve
	}
	el := &t.Elections[e.Index]
	ve.Candidates, ve.IncumbentWon = el.Candidates, el.IncumbentWon
	ve.Turnout = num(el.Turnout)
	if el.Kind == sim.AkimElection {
		ve.WinnerOrigin, ve.WinnerParty = el.WinnerOrigin.String(), t.PartyName(el.WinnerParty)
	}
	return ve
}

// round rounds x to the nearest 1/scale.
func round(x, scale float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*scale) / scale
}

// writeView writes v as JSON to path, whole or not at all.
func writeView(path string, v *districtView) (int64, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return int64(len(data)), os.Rename(tmp, path)
}
