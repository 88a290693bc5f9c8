package output

import (
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// intervalMethod says, in reports, how every 95% interval of a mean is
// computed.
const intervalMethod = "Student t on a variance-stabilising scale (arcsine square root for a metric bounded in 0–1, " +
	"square root for a count), back-transformed (delta method), so that no interval leaves the metric's range"

// inRange returns s with its 95% interval of the mean replaced by
// stats.BoundedInterval within metric mi's bounds
// (sim.MetricInfo.Bounds): the interval of every table, chart band and
// summary.csv row.
func inRange(mi sim.MetricInfo, s stats.Summary) stats.Summary {
	lo, hi := mi.Bounds()
	s.CILow, s.CIHigh = stats.BoundedInterval(s.Mean, s.SD, s.N, lo, hi)
	return s
}
