package validate

// Tuned is a value set with an outcome in mind: by the calibrator, or by
// hand. Every such value of the model is listed in Tuning, with the
// outcome it was set for; a value whose outcome is an observed pattern
// counts as fitted, against the rule that there be at least twice as
// many patterns as fitted values (Grimm et al. 2005).
type Tuned struct {
	What    string   // the parameter key or named constant
	How     string   // "calibrated" (decentsim calibrate) or "by hand"
	Outcome string   // what it was set to produce
	Stats   []string // the patterns it was fitted to (none: not a pattern)
}

// Fitted reports whether the value was fitted to observed patterns.
func (t Tuned) Fitted() bool { return len(t.Stats) > 0 }

// Tuning lists every tuned value of kz_reform_timeline's defaults besides
// those the calibration target frees (which the report adds, as
// calibrated, from the target file).
var Tuning = []Tuned{
	{"fiscal.transfer_per_capita", "by hand", "mean rural budget about 107 million KZT", []string{"budget_mean_2020"}},
	{"fiscal.income_tax_rate, property_tax_rate, vehicle_tax_rate, land_tax_rate, advertising_rate (one common scale)", "by hand", "mean rural budget about 107 million KZT", []string{"budget_mean_2020"}},
	{"world.population_sigma", "by hand", "unit sizes from under 100 to about 50,000 people", []string{"budget_max_to_mean_2020", "budget_mean_to_min_2020"}},
	{"parties' nominate (the five smaller parties, one order of magnitude)", "by hand", "the order of the smaller parties' July 2021 winners", []string{"self_nominated_winners_2021_07"}},
	{"unrest.k (15.5)", "by hand", "at the real 4.45 police per 1,000, the arrest risk the model had at 30: no unrest before 2022, a Qantar burst that arrests end", nil},
	{"unrest.arrest_rate (6.74)", "by hand", "arrests keep pace with a gradual fall in legitimacy (theory result: sudden vs gradual)", nil},
	{"hardshipFromIncome (0.05 at the median income, slope 0.15 per log unit)", "by hand", "grievance under Epstein's threshold for nearly everyone in normal times", nil},
	{"initialVoted (0.7)", "by hand", "voting habit starts near its steady state (the burn-in of 48 months removes its trace)", nil},
	{"fiscal.service_cost_per_capita", "by hand", "service levels where they were before orders took offices' productivity", nil},
}
