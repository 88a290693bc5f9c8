package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/decentsim/decentsim/sim"
)

// Month returns the model month of a calendar month, month 1 being
// January 2010.
func Month(year, month int) int { return (year-2010)*12 + month }

// Pattern is one observed pattern: a statistic of a run, its observed
// value and the tolerance within which a simulated mean counts as
// reproducing it.
type Pattern struct {
	Stat      string  // statistic name (see Stats)
	What      string  // the pattern in words
	Source    string  // where the observed value comes from
	Target    float64 // the observed value
	Tolerance float64 // absolute tolerance on the simulated mean
	Unit      string
}

// Patterns are the observed patterns of the model brief ("Observed
// patterns"), in the report's order.
var Patterns = []Pattern{
	{"maslikhat_turnout_2016", "Maslikhat election turnout, March 2016", "Central Election Commission, via model brief", 0.771, 0.05, "share"},
	{"maslikhat_turnout_2021", "Maslikhat election turnout, January 2021", "Central Election Commission, via model brief", 0.663, 0.05, "share"},
	{"maslikhat_turnout_2023", "Maslikhat election turnout, March 2023", "Central Election Commission, via model brief", 0.529, 0.05, "share"},
	{"incumbent_reelected_2021_07", "Incumbents re-elected among those standing, rural akim elections of July 2021", "model brief (2021 election results)", 0.556, 0.10, "share"},
	{"incumbent_reelected_2021_08", "Incumbents re-elected among those standing, rural akim elections of August 2021", "model brief (2021 election results)", 0.701, 0.10, "share"},
	{"ruling_party_winners_2021", "Ruling-party share of 2021 rural akim winners (562 of 730)", "model brief (2021 election results)", 562.0 / 730, 0.08, "share"},
	{"outside_apparatus_2021_24", "Elected rural akims from outside the state apparatus (not incumbents or officials), July 2021 - September 2024", "officials' statements, via model brief (early results suggested fewer)", 0.60, 0.15, "share"},
	{"budget_mean_2023", "Mean rural budget, 2023", "model brief (fourth-tier budgets)", 107, 20, "million KZT/year"},
	{"budget_min_2023", "Smallest rural budget, 2023", "model brief (fourth-tier budgets)", 2.8, 2.8, "million KZT/year"},
	{"budget_max_2023", "Largest rural budget, 2023", "model brief (fourth-tier budgets)", 2500, 1250, "million KZT/year"},
	{"cannot_name_deputy_2016", "Citizens who cannot name a single deputy, 2016", "survey, via model brief", 0.68, 0.05, "share"},
	{"cannot_name_deputy_2024", "Citizens who cannot name a single deputy, 2024", "survey, via model brief", 0.65, 0.05, "share"},
	{"elected_by_2024_09", "Rural akims directly elected by September 2024 (about 2,500, 90%)", "model brief", 0.90, 0.05, "share"},
}

// Stats returns every statistic of one trial of a scenario on the
// 2010 calendar, by name. A statistic with no data (no election that
// month, say) is NaN.
func Stats(ctx context.Context, p *sim.Params, months int, seed uint64, trial int) (map[string]float64, error) {
	if months < Month(2024, 12) {
		return nil, fmt.Errorf("validate: the scenario runs %d months; the patterns need January 2010 to December 2024 (%d months)", months, Month(2024, 12))
	}
	var budgets []float64
	var elected2024 float64
	y2023 := [2]int{Month(2023, 1), Month(2023, 12)}
	res, err := sim.RunTrialWatched(ctx, p, months, seed, trial, func(w *sim.World) {
		if budgets == nil {
			budgets = make([]float64, len(w.Units))
		}
		if w.Month >= y2023[0] && w.Month <= y2023[1] {
			for i := range w.Units {
				budgets[i] += w.Units[i].Budget
			}
		}
		if w.Month == Month(2024, 9) {
			n := 0
			for i := range w.Units {
				if w.Units[i].Akim.ChosenBy == sim.Direct {
					n++
				}
			}
			elected2024 = float64(n) / float64(len(w.Units))
		}
	})
	if err != nil {
		return nil, err
	}
	s := map[string]float64{}
	s["maslikhat_turnout_2016"] = maslikhatTurnout(res, Month(2016, 3))
	s["maslikhat_turnout_2021"] = maslikhatTurnout(res, Month(2021, 1))
	s["maslikhat_turnout_2023"] = maslikhatTurnout(res, Month(2023, 3))
	s["incumbent_reelected_2021_07"] = akimShare(res, Month(2021, 7), Month(2021, 7), func(e *sim.ElectionRecord) (bool, bool) { return e.IncumbentRan, e.IncumbentWon })
	s["incumbent_reelected_2021_08"] = akimShare(res, Month(2021, 8), Month(2021, 8), func(e *sim.ElectionRecord) (bool, bool) { return e.IncumbentRan, e.IncumbentWon })
	s["ruling_party_winners_2021"] = akimShare(res, Month(2021, 7), Month(2021, 12), func(e *sim.ElectionRecord) (bool, bool) { return true, e.WinnerParty == sim.RulingParty })
	s["outside_apparatus_2021_24"] = akimShare(res, Month(2021, 7), Month(2024, 9), func(e *sim.ElectionRecord) (bool, bool) {
		return true, !e.IncumbentWon && (e.WinnerOrigin == sim.PartyNominee || e.WinnerOrigin == sim.Independent)
	})
	lo, hi, sum := math.Inf(1), 0.0, 0.0
	for _, b := range budgets {
		b /= 1e6
		lo, hi, sum = math.Min(lo, b), math.Max(hi, b), sum+b
	}
	s["budget_mean_2023"] = sum / float64(len(budgets))
	s["budget_min_2023"] = lo
	s["budget_max_2023"] = hi
	s["cannot_name_deputy_2016"] = 1 - res.Months[Month(2016, 6)-1][sim.Awareness]
	s["cannot_name_deputy_2024"] = 1 - res.Months[Month(2024, 6)-1][sim.Awareness]
	s["elected_by_2024_09"] = elected2024
	return s, nil
}

// maslikhatTurnout is the mean turnout of the maslikhat elections held in
// month m.
func maslikhatTurnout(r *sim.TrialResult, m int) float64 {
	sum, n := 0.0, 0.0
	for i := range r.Elections {
		e := &r.Elections[i]
		if e.Kind == sim.MaslikhatElection && e.Month == m && !math.IsNaN(e.Turnout) {
			sum += e.Turnout
			n++
		}
	}
	return sum / n
}

// akimShare is, over the direct akim elections held in months from..to,
// the share of those counted (first result of f) that qualify (second).
func akimShare(r *sim.TrialResult, from, to int, f func(*sim.ElectionRecord) (counted, yes bool)) float64 {
	n, k := 0.0, 0.0
	for i := range r.Elections {
		e := &r.Elections[i]
		if e.Kind != sim.AkimElection || e.Mode != sim.Direct || e.Month < from || e.Month > to {
			continue
		}
		if c, y := f(e); c {
			n++
			if y {
				k++
			}
		}
	}
	return k / n
}
