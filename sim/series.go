package sim

// Models a scenario can run (its meta.model). The rural model is the
// main one: districts, rural units, akims, deputies and citizens
// (RunTrial). The classic model is Epstein's (2002) civil-violence Model I
// on a grid, for docking the unrest rule (RunClassicTrial, classic.go).
const (
	ModelRural          = "rural"
	ModelClassicEpstein = "classic_epstein"
)

// Models returns the names of the models a scenario can choose, the
// default first.
func Models() []string { return []string{ModelRural, ModelClassicEpstein} }

// SeriesResult is one trial of a model that records its own set of
// metrics (such as ClassicMetrics) rather than the main model's Record:
// one row of values per step, in the order of that metric set.
type SeriesResult struct {
	Trial int    // trial index, 0-based
	Seed  uint64 // the trial's own seed, derived from the run seed
	// Rows[i][m] is metric m after step i+1 (the main model's month).
	Rows [][]float64
}
