package sim

import (
	"math"
	"strings"
)

// metricTitles are the metrics' readable titles, for charts and tables,
// by name; the classroom page uses the same words for the headlines.
var metricTitles = map[string]string{
	"service_quality":             "Service quality",
	"service_p10":                 "Service quality in the worst-served villages (10th percentile)",
	"service_gini":                "Service inequality between villages (Gini)",
	"budget_gini":                 "Budget inequality between villages (Gini)",
	"own_revenue_share":           "Own revenue in rural budgets",
	"leakage_share":               "Money lost to leakage",
	"unrest_active":               "Citizens protesting",
	"protest_events":              "Villages with a protest",
	"jailed_share":                "Citizens jailed",
	"trust_local":                 "Trust in the rural akim",
	"legitimacy":                  "Legitimacy of local government",
	"participation":               "Citizens taking part",
	"awareness":                   "Citizens aware of their institutions",
	"turnout":                     "Turnout",
	"incumbent_reelected":         "Incumbent akims re-elected",
	"independent_winners":         "Akim selections won by independents",
	"contested_share":             "Contested akim votes",
	"dismissals":                  "Akims dismissed",
	"recalls":                     "Akims recalled",
	"downward_orientation":        "Akims' attention to residents",
	"akim_rent_share":             "Rent taken by akims",
	"disciplined_share":           "Rent-seeking akims held back",
	"maslikhat_independent_share": "Independent maslikhat deputies",
	"rubber_stamp_share":          "Maslikhats rubber-stamping the budget",
	"population":                  "Rural population",
	"outmigration_rate":           "Residents leaving each month",
	"budget_per_resident":         "Budget per resident",
	"quiet":                       "Quiet citizens",
	"active":                      "Active citizens",
	"jailed":                      "Jailed citizens",
}

// Title returns the metric's readable title, or its name when it has
// none.
func (mi MetricInfo) Title() string {
	if t, ok := metricTitles[mi.Name]; ok {
		return t
	}
	return mi.Name
}

// Bounds returns the values the metric can take: [0, 1] for a share,
// index or Gini coefficient (a unit with "0-1", or a share per month),
// [0, +Inf) for a count or rate of something.
func (mi MetricInfo) Bounds() (lo, hi float64) {
	if mi.Share() || strings.Contains(mi.Unit, "0-1") {
		return 0, 1
	}
	return 0, math.Inf(1)
}

// Share reports whether the metric is a share of a whole (unit "share
// 0-1" or "share/month"), shown as a percentage.
func (mi MetricInfo) Share() bool { return strings.HasPrefix(mi.Unit, "share") }

// Count reports whether the metric counts people (its unit names them,
// such as "residents"), shown with thousands separators.
func (mi MetricInfo) Count() bool {
	return mi.Unit == "residents" || mi.Unit == "citizens"
}

// metricBetter says which way each metric is better, by name: +1 higher,
// -1 lower; a metric not listed (a share whose good level depends on
// the question, a count of people) has no better direction.
var metricBetter = map[string]int{
	"service_quality": 1, "service_p10": 1, "service_gini": -1, "budget_gini": -1,
	"leakage_share": -1, "unrest_active": -1, "protest_events": -1, "jailed_share": -1,
	"trust_local": 1, "legitimacy": 1, "participation": 1, "awareness": 1, "turnout": 1,
	"downward_orientation": 1, "akim_rent_share": -1,
}

// Better returns which way the metric is better: +1 if higher values are
// better for residents, -1 if lower, 0 if neither is.
func (mi MetricInfo) Better() int { return metricBetter[mi.Name] }
