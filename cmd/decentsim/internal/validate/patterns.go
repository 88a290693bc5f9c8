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

// Kind says how a pattern's simulated value is compared with the
// observed one; the tolerance follows from the kind, by one rule each
// (ToleranceRule), never chosen row by row.
type Kind int

const (
	// Share is a share in (0, 1), compared on the log-odds scale: within
	// when its log-odds lie within ShareLogit of the observed.
	Share Kind = iota
	// Amount is a positive amount or ratio, compared on the log scale:
	// within when it lies within a factor AmountFactor of the observed.
	Amount
	// Change is a change of a share between two dates: within when it has
	// the observed sign and ChangeFraction of its size, either way.
	Change
)

// The tolerance rules. Shares: the surveys and election counts give a
// share to within a few points (a binomial standard error of 0.016 for
// 562 of 730; surveys of about a thousand people, 0.015), and a model
// of this kind cannot claim the second digit: ±0.3 in log-odds is about
// ±7 points at one half and narrower towards 0 and 1, where the
// observations are more precise too. Amounts: the seed budgets are round
// figures without a year, so a factor of 1.5. Changes: the sign and half
// the size.
const (
	ShareLogit     = 0.3
	AmountFactor   = 1.5
	ChangeFraction = 0.5
)

// ToleranceRule states the rules in words, for the report.
const ToleranceRule = "a share is within when its log-odds lie within 0.3 of the observed share's (about ±7 points at one half, fewer towards 0 and 1: wider than the sampling error of every observation here, which is under 2 points); an amount or ratio when it lies within a factor of 1.5 of the observed (the seed budgets are round figures without a year); a change between two dates when it has the observed sign and lies within half its size of it"

// Pattern is one observed pattern: a statistic of a run, its observed
// value, how it is compared, and whether it was observed by the end of
// the fitting period (InSample: up to 2020, and the July 2021 results).
type Pattern struct {
	Stat     string  // statistic name (see Stats)
	What     string  // the pattern in words
	Source   string  // where the observed value comes from
	Target   float64 // the observed value
	Kind     Kind
	InSample bool // observed by July 2021: a calibration may fit it
	Unit     string
}

func logit(p float64) float64 {
	p = math.Min(1-1e-6, math.Max(1e-6, p))
	return math.Log(p / (1 - p))
}

// Z is the simulated value x's distance from the observed value in
// tolerances: within when |Z| <= 1. NaN when x is NaN.
func (p Pattern) Z(x float64) float64 {
	switch p.Kind {
	case Share:
		return (logit(x) - logit(p.Target)) / ShareLogit
	case Amount:
		if x <= 0 {
			return math.Inf(-1)
		}
		return math.Log(x/p.Target) / math.Log(AmountFactor)
	default:
		return (x - p.Target) / (ChangeFraction * math.Abs(p.Target))
	}
}

// Within reports whether x reproduces the pattern.
func (p Pattern) Within(x float64) bool { return math.Abs(p.Z(x)) <= 1 }

// Interval is the range of simulated values within tolerance.
func (p Pattern) Interval() (lo, hi float64) {
	switch p.Kind {
	case Share:
		l := logit(p.Target)
		return 1 / (1 + math.Exp(-(l - ShareLogit))), 1 / (1 + math.Exp(-(l + ShareLogit)))
	case Amount:
		return p.Target / AmountFactor, p.Target * AmountFactor
	default:
		d := ChangeFraction * math.Abs(p.Target)
		return p.Target - d, p.Target + d
	}
}

const (
	srcCEC    = "Central Election Commission, via model brief"
	srcAkim21 = "2021 rural akim election results, via model brief"
	srcBudget = "fourth-tier budgets, via model brief (year not given; measured in 2020, the first year all units had one)"
)

// Patterns are the observed patterns of the model brief ("Observed
// patterns"), in the report's order: levels and trends, at the level of
// districts (maslikhat turnout, candidates), units (akim elections, the
// calendar, budgets) and citizens (awareness). The 2024 share who could
// not name a deputy (65%) is left out: it is a survey of Astana, a city.
var Patterns = []Pattern{
	{"maslikhat_turnout_2016", "Maslikhat election turnout, March 2016", srcCEC, 0.771, Share, true, "share"},
	{"maslikhat_turnout_2021", "Maslikhat election turnout, January 2021", srcCEC, 0.663, Share, false, "share"},
	{"maslikhat_turnout_2023", "Maslikhat election turnout, March 2023", srcCEC, 0.529, Share, false, "share"},
	{"turnout_change_2016_2021", "Change in maslikhat turnout, 2016 to 2021", srcCEC, 0.663 - 0.771, Change, false, "share"},
	{"turnout_change_2021_2023", "Change in maslikhat turnout, 2021 to 2023", srcCEC, 0.529 - 0.663, Change, false, "share"},
	{"cannot_name_deputy_2016", "Citizens who cannot name a single deputy, 2016 (nationwide survey)", "survey, via model brief", 0.68, Share, true, "share"},
	{"incumbent_reelected_2021_07", "Incumbents re-elected among those standing, rural akim elections of July 2021", srcAkim21, 0.556, Share, true, "share"},
	{"incumbent_reelected_2021_08", "Incumbents re-elected among those standing, rural akim elections of August 2021", srcAkim21, 0.701, Share, false, "share"},
	{"incumbent_gain_2021_07_08", "Change in incumbents' re-election, July to August 2021", srcAkim21, 0.701 - 0.556, Change, false, "share"},
	{"ruling_party_winners_2021_07", "Ruling-party share of July 2021 rural akim winners (562 of 730)", srcAkim21, 562.0 / 730, Share, true, "share"},
	{"self_nominated_winners_2021_07", "Self-nominated share of July 2021 rural akim winners (94 of 730)", srcAkim21, 94.0 / 730, Share, true, "share"},
	{"elected_2021_08_12", "Rural akims directly elected August to December 2021 (134), per unit", "Central Election Commission, via model brief", 134.0 / 2345, Share, false, "share"},
	{"elected_by_2024_09", "Rural akims directly elected by September 2024 (about 90%)", "model brief", 0.90, Share, false, "share"},
	{"outside_apparatus_2021_24", "Elected rural akims from outside the state apparatus (not incumbents or officials), July 2021 - September 2024", "officials' statements, via model brief (early results suggested fewer)", 0.60, Share, false, "share"},
	{"independent_candidates_2023", "Self-nominated share of single-mandate maslikhat candidates, March 2023 (1,081 of 1,770)", "model brief (2023 maslikhat elections)", 1081.0 / 1770, Share, false, "share"},
	{"budget_mean_2020", "Mean rural budget", srcBudget, 107, Amount, true, "million KZT/year"},
	{"budget_max_to_mean_2020", "Largest rural budget over the mean (2,500 / 107)", srcBudget, 2500.0 / 107, Amount, true, "ratio"},
	{"budget_mean_to_min_2020", "Mean rural budget over the smallest (107 / 2.8)", srcBudget, 107 / 2.8, Amount, true, "ratio"},
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
	y2020 := [2]int{Month(2020, 1), Month(2020, 12)}
	res, err := sim.RunTrialWatched(ctx, p, months, seed, trial, func(w *sim.World) {
		if budgets == nil {
			budgets = make([]float64, len(w.Units))
		}
		if w.Month >= y2020[0] && w.Month <= y2020[1] {
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
	s["turnout_change_2016_2021"] = s["maslikhat_turnout_2021"] - s["maslikhat_turnout_2016"]
	s["turnout_change_2021_2023"] = s["maslikhat_turnout_2023"] - s["maslikhat_turnout_2021"]
	s["cannot_name_deputy_2016"] = 1 - res.Months[Month(2016, 6)-1][sim.Awareness]
	incumbent := func(e *sim.ElectionRecord) (bool, bool) { return e.IncumbentRan, e.IncumbentWon }
	s["incumbent_reelected_2021_07"] = akimShare(res, Month(2021, 7), Month(2021, 7), incumbent)
	s["incumbent_reelected_2021_08"] = akimShare(res, Month(2021, 8), Month(2021, 8), incumbent)
	s["incumbent_gain_2021_07_08"] = s["incumbent_reelected_2021_08"] - s["incumbent_reelected_2021_07"]
	s["ruling_party_winners_2021_07"] = akimShare(res, Month(2021, 7), Month(2021, 7), func(e *sim.ElectionRecord) (bool, bool) { return true, e.WinnerParty == sim.RulingParty })
	s["self_nominated_winners_2021_07"] = akimShare(res, Month(2021, 7), Month(2021, 7), func(e *sim.ElectionRecord) (bool, bool) { return true, e.WinnerParty == sim.NoParty })
	units := float64(len(budgets))
	s["elected_2021_08_12"] = akimCount(res, Month(2021, 8), Month(2021, 12)) / units
	s["elected_by_2024_09"] = elected2024
	s["outside_apparatus_2021_24"] = akimShare(res, Month(2021, 7), Month(2024, 9), func(e *sim.ElectionRecord) (bool, bool) {
		return true, !e.IncumbentWon && (e.WinnerOrigin == sim.PartyNominee || e.WinnerOrigin == sim.Independent)
	})
	s["independent_candidates_2023"] = independentCandidates(res, Month(2023, 3))
	// The budget statistics are over units that had a budget in 2020: a
	// unit whose residents have all left has none (the observed figures
	// are of units that had one), and would make the smallest budget 0.
	lo, hi, sum, withBudget := math.Inf(1), 0.0, 0.0, 0.0
	for _, b := range budgets {
		if b <= 0 {
			continue
		}
		b /= 1e6
		lo, hi, sum, withBudget = math.Min(lo, b), math.Max(hi, b), sum+b, withBudget+1
	}
	mean := sum / withBudget
	s["budget_mean_2020"] = mean
	s["budget_max_to_mean_2020"] = hi / mean
	s["budget_mean_to_min_2020"] = mean / lo
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

// independentCandidates is the self-nominated share of the candidates of
// the maslikhat elections held in month m.
func independentCandidates(r *sim.TrialResult, m int) float64 {
	ind, all := 0.0, 0.0
	for i := range r.Elections {
		e := &r.Elections[i]
		if e.Kind == sim.MaslikhatElection && e.Month == m {
			ind += float64(e.IndependentCandidates)
			all += float64(e.IndependentCandidates + e.PartyCandidates)
		}
	}
	return ind / all
}

// akimCount is the number of direct akim elections held in months from..to.
func akimCount(r *sim.TrialResult, from, to int) float64 {
	return akimTally(r, from, to, func(*sim.ElectionRecord) (bool, bool) { return true, true })
}

// akimShare is, over the direct akim elections held in months from..to,
// the share of those counted (first result of f) that qualify (second).
func akimShare(r *sim.TrialResult, from, to int, f func(*sim.ElectionRecord) (counted, yes bool)) float64 {
	return akimTally(r, from, to, f) / akimTally(r, from, to, func(e *sim.ElectionRecord) (bool, bool) { c, _ := f(e); return true, c })
}

// akimTally counts the direct akim elections held in months from..to that
// f counts and finds qualifying.
func akimTally(r *sim.TrialResult, from, to int, f func(*sim.ElectionRecord) (counted, yes bool)) float64 {
	k := 0.0
	for i := range r.Elections {
		e := &r.Elections[i]
		if e.Kind != sim.AkimElection || e.Mode != sim.Direct || e.Month < from || e.Month > to {
			continue
		}
		if c, y := f(e); c && y {
			k++
		}
	}
	return k
}
