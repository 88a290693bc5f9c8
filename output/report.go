package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// reportInfo is what summary.md says about the run besides the numbers.
type reportInfo struct {
	scenario   string
	seed       uint64
	months     int
	trials     int // trials the run was to add
	trialsDone int // trials added
	status     Status
	unit       string       // the time step's name; "" is "month"
	shard      *Shard       // the shard this folder holds, if any
	missing    []TrialRange // trials missing from a partial merge
}

// metricsHeading starts summary.md's list of metric definitions.
const metricsHeading = "## Metrics\n\n"

// writeReport writes summary.md: a header naming the run and a table
// with, for each metric, the mean over trials of the trial's final-year
// mean (FinalYear), its 95% interval and the 5th to 95th percentile range
// across trials; fy[m] describes metric m of metrics. Headline metrics are
// in bold. A list of the metrics' definitions follows. For a model whose
// time step is not a month (info.unit), the final year is the last
// FinalYearMonths steps.
func writeReport(w io.Writer, info reportInfo, metrics []sim.MetricInfo, fy []stats.Summary) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	unit := info.unit
	if unit == "" {
		unit = "month"
	}
	p("# %s\n\n", mdEscape(info.scenario))
	p("Scenario **%s**: %d trials, seed %d, %d %ss.\n", mdEscape(info.scenario), info.trialsDone, info.seed, info.months, unit)
	expected := info.trials
	if info.shard != nil {
		expected = info.shard.Trials
		p("Shard %d of %d: trials %s of the run's %d.\n", info.shard.Index, info.shard.Count,
			trialRange(info.shard.FirstTrial, info.shard.Trials), info.trials)
	}
	if len(info.missing) > 0 {
		ranges := make([]string, len(info.missing))
		for i, m := range info.missing {
			ranges[i] = m.String()
		}
		p("Partial merge: trials %s are missing; the numbers describe the %d of %d trials present.\n",
			strings.Join(ranges, ", "), info.trialsDone, info.trials)
	} else if info.status != StatusOK || info.trialsDone != expected {
		p("Run %s: %d of %d trials finished; the numbers describe those.\n", info.status, info.trialsDone, info.trials)
	}
	first := max(1, info.months-FinalYearMonths+1)
	if unit == "month" {
		p("\nFinal year (months %d–%d): each trial's mean over those months, then across trials ", first, info.months)
	} else {
		p("\nFinal %d %ss (%ss %d–%d): each trial's mean over those %ss, then across trials ",
			info.months-first+1, unit, unit, first, info.months, unit)
	}
	p("the mean with its 95%% confidence interval (Student t) and the range from the 5th to the 95th percentile. ")
	p("Headline metrics are in bold; NA means no value (fewer than two trials for an interval).\n\n")

	if info.trialsDone == 0 {
		p("No trial finished.\n")
	} else {
		p("| Metric | Unit | Mean | 95%% CI | Trials p05–p95 |\n")
		p("|---|---|---:|---:|---:|\n")
		for m, mi := range metrics {
			s := &fy[m]
			name := mi.Name
			if mi.Headline {
				name = "**" + name + "**"
			}
			f := numberFormat(s)
			p("| %s | %s | %s | %s – %s | %s – %s |\n", name, mdEscape(mi.Unit),
				f(s.Mean), f(s.CILow), f(s.CIHigh), f(s.P05), f(s.P95))
		}
	}

	p("\n%s", metricsHeading)
	for _, mi := range metrics {
		p("- **%s** (%s): %s.\n", mi.Name, mdEscape(mi.Unit), mdEscape(mi.Definition))
	}
	return bw.Flush()
}

// numberFormat returns the function formatting the numbers of s's table
// row: with enough decimal places for two significant digits of the
// interval's half-width (or, without an interval, three of the mean), so
// the row's numbers line up and show what is known; with three
// significant digits when that would need more than six places. NaN is
// written NA.
func numberFormat(s *stats.Summary) func(float64) string {
	ref := (s.CIHigh - s.CILow) / 2
	if !(ref > 0) || math.IsInf(ref, 0) {
		ref = math.Abs(s.Mean) / 100
	}
	d := 3
	if ref > 0 && !math.IsInf(ref, 0) {
		d = max(0, 1-int(math.Floor(math.Log10(ref))))
	}
	return func(v float64) string {
		switch {
		case math.IsNaN(v):
			return "NA"
		case math.IsInf(v, 0):
			return string(appendFloat(nil, v))
		case d > 6:
			return strconv.FormatFloat(v, 'g', 3, 64)
		}
		out := strconv.FormatFloat(v, 'f', d, 64)
		if strings.Trim(out, "-0.") == "" {
			out = strings.TrimPrefix(out, "-") // no "-0.00"
		}
		return out
	}
}

// mdEscape escapes the characters that would break a Markdown table cell
// or emphasis.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "\n", " ").Replace(s)
}
