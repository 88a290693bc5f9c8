package sim

// Metric identifies one recorded outcome; its value indexes a Record.
type Metric int

// The recorded metrics, in the order of their CSV columns.
const (
	ServiceQuality Metric = iota
	ServiceP10
	ServiceGini
	BudgetGini
	OwnRevenueShare
	LeakageShare
	UnrestActive
	ProtestEvents
	JailedShare
	TrustLocal
	Legitimacy
	Participation
	Awareness
	Turnout
	IncumbentReelected
	IndependentWinners
	ContestedShare
	Dismissals
	Recalls
	DownwardOrientation
	AkimRentShare
	DisciplinedShare
	MaslikhatIndependentShare
	RubberStampShare
	Population
	OutmigrationRate
	NumMetrics
)

// Record holds every metric for one month of one trial.
type Record [NumMetrics]float64

// MetricInfo names and defines a metric. Carry says the metric only
// changes when elections are held and carries its last value otherwise.
type MetricInfo struct {
	Name       string
	Unit       string
	Definition string
	Carry      bool
	Headline   bool
}

// ElectionWindow is the trailing window, in months, over which the
// election metrics (turnout, incumbent_reelected, independent_winners,
// contested_share) are computed.
const ElectionWindow = 12

// Metrics describes every metric, indexed by Metric. docs/METRICS.md is
// generated from, and tested against, this table.
var Metrics = [NumMetrics]MetricInfo{
	ServiceQuality:            {"service_quality", "index 0-1", "population-weighted mean over units of the unit's service level: the four sectors' levels (water, roads, schools, heating and utilities) weighted by the unit's current needs", false, true},
	ServiceP10:                {"service_p10", "index 0-1", "10th percentile over units (unweighted) of the unit's need-weighted service level", false, false},
	ServiceGini:               {"service_gini", "Gini 0-1", "Gini coefficient over units, weighted by population, of the unit's need-weighted service level", false, false},
	BudgetGini:                {"budget_gini", "Gini 0-1", "Gini coefficient over units, weighted by population, of the month's rural budget (own revenue plus transfers) per resident", false, true},
	OwnRevenueShare:           {"own_revenue_share", "share 0-1", "own revenue (five local taxes kept plus rent and fines) divided by all money entering rural budgets this month", false, false},
	LeakageShare:              {"leakage_share", "share 0-1", "money lost to district extraction, akim rent, local elite capture and connected contractors' quality discount, divided by all money meant for rural services this month", false, true},
	UnrestActive:              {"unrest_active", "share 0-1", "share of residents actively protesting at the end of the month, after arrests (Epstein's active state; the agents' active shares over the agents)", false, true},
	ProtestEvents:             {"protest_events", "events/month", "number of units with a protest event this month: a settlement whose residents' active share, before arrests, passed the protest threshold, with at least protest_min_residents active residents", false, false},
	JailedShare:               {"jailed_share", "share 0-1", "share of residents in jail at the end of the month", false, false},
	TrustLocal:                {"trust_local", "index 0-1", "mean citizen trust in the rural akim", false, false},
	Legitimacy:                {"legitimacy", "index 0-1", "mean citizen legitimacy L of local government (procedural and performance), as used in Epstein's grievance", false, true},
	Participation:             {"participation", "share 0-1", "share of citizens who attended a meeting, took part in participatory budgeting or monitored spending this month", false, false},
	Awareness:                 {"awareness", "share 0-1", "share of citizens aware of their institutions (awareness score at least 0.5; such a citizen can name a deputy)", false, false},
	Turnout:                   {"turnout", "share 0-1", "mean over the popular votes (direct akim and maslikhat) held in the last 12 months of each vote's turnout (voters divided by eligible citizens); carries its last value when none", true, false},
	IncumbentReelected:        {"incumbent_reelected", "share 0-1", "share of rural akim selections in the last 12 months in which the incumbent stood that the incumbent won; carries its last value when none", true, false},
	IndependentWinners:        {"independent_winners", "share 0-1", "share of rural akim selections in the last 12 months won by an independent (newcomer or re-elected); carries its last value when none", true, false},
	ContestedShare:            {"contested_share", "share 0-1", "share of rural akim votes (indirect or direct, not appointments) in the last 12 months with at least two candidates; carries its last value when none", true, false},
	Dismissals:                {"dismissals", "akims/month", "rural akims dismissed by the superior this month", false, false},
	Recalls:                   {"recalls", "akims/month", "rural akims recalled by residents this month", false, false},
	DownwardOrientation:       {"downward_orientation", "index 0-1", "mean over rural akims of the share of their office's capacity and discretionary money they chose to give residents' needs rather than the superior's orders and plan", false, true},
	AkimRentShare:             {"akim_rent_share", "share 0-1", "rent rural akims took this month divided by the money they control (own revenue, emergency money and, with own budgets, transfers)", false, false},
	DisciplinedShare:          {"disciplined_share", "share 0-1", "share of rent-seeking rural akims in office who take no rent this month although they have an opportunity (Besley's pooling); NaN when there are none", false, false},
	MaslikhatIndependentShare: {"maslikhat_independent_share", "share 0-1", "share of district maslikhat seats held by independents; changes only at maslikhat elections and recalls", true, false},
	RubberStampShare:          {"rubber_stamp_share", "share 0-1", "share of districts whose maslikhat passed the district budget without amendment at the last annual budget vote; carries its value between votes", true, false},
	Population:                {"population", "residents", "rural residents (citizen agents times the represent factor)", false, false},
	OutmigrationRate:          {"outmigration_rate", "share/month", "residents who left their unit this month (for a city or another unit) divided by the population at the start of the month", false, false},
}

// String returns the metric's name.
func (m Metric) String() string {
	if m < 0 || m >= NumMetrics {
		return "unknown"
	}
	return Metrics[m].Name
}

// MetricByName returns the metric with the given name.
func MetricByName(name string) (Metric, bool) {
	for i, info := range Metrics {
		if info.Name == name {
			return Metric(i), true
		}
	}
	return 0, false
}

// Headlines lists the six headline metrics, shown on the dashboard.
func Headlines() []Metric {
	var h []Metric
	for i, info := range Metrics {
		if info.Headline {
			h = append(h, Metric(i))
		}
	}
	return h
}
