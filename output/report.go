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
	prov       *Provenance  // what made the run: its command line and overrides
	merged     bool         // a folder written by Merge
}

// writeProvenance writes the lines of a report's heading that say what
// made it: the command line as given (of the first shard, for a merge),
// and each override, if any.
func writeProvenance(p func(string, ...any), prov *Provenance, merged bool) {
	if prov == nil {
		return
	}
	if len(prov.CommandLine) > 0 {
		label := "Command"
		if merged {
			label = "Command (of the first shard; manifest.json has the merge's)"
		}
		p("%s: `%s`.\n", label, strings.ReplaceAll(shellLine(prov.CommandLine), "`", "'"))
	}
	if len(prov.Overrides) > 0 {
		sets := make([]string, len(prov.Overrides))
		for i, o := range prov.Overrides {
			sets[i] = "`" + strings.ReplaceAll(o, "`", "'") + "`"
		}
		p("Overrides (--set), applied to the scenario before the run: %s.\n", strings.Join(sets, ", "))
	}
}

// shellLine joins a command line's words, quoting those a shell would
// split or expand.
func shellLine(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		if w == "" || strings.ContainsAny(w, " \t'\"$&|;<>()*?[]#~`\\") {
			out[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
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
	writeProvenance(p, info.prov, info.merged)
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
	p("the mean with its 95%% confidence interval (%s) and the range from the 5th to the 95th percentile. ", intervalMethod)
	p("Shares are in percent; counts of 1,000 or more have thousands separators. ")
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
			f := metricFormat(mi, s, false)
			p("| %s | %s | %s | %s – %s | %s – %s |\n", name, mdEscape(unitLabel(mi)),
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
// row, as metricFormat does for a plain number.
func numberFormat(s *stats.Summary) func(float64) string {
	return metricFormat(sim.MetricInfo{}, s, false)
}

// metricFormat returns the function formatting the numbers of a table
// row of metric mi whose statistics are s: with enough decimal places for
// two significant digits of the interval's half-width (or, without an
// interval, three of the mean), so the row's numbers line up and show
// what is known; a share as a percentage ("12.3%", or percentage points
// "12.3 pp" for a difference); numbers of 1,000 or more with thousands
// separators; with three significant digits when that would need more
// than six places. NaN is written NA.
func metricFormat(mi sim.MetricInfo, s *stats.Summary, diff bool) func(float64) string {
	scale, suffix := 1.0, ""
	if mi.Share() {
		scale, suffix = 100, "%"
		if diff {
			suffix = " pp"
		}
	}
	ref := scale * (s.CIHigh - s.CILow) / 2
	if !(ref > 0) || math.IsInf(ref, 0) {
		ref = scale * math.Abs(s.Mean) / 100
	}
	d := 3
	switch {
	case ref > 0 && !math.IsInf(ref, 0):
		d = max(0, 1-int(math.Floor(math.Log10(ref))))
	case s.Mean == 0:
		d = 0 // zero in every trial
	}
	return func(v float64) string {
		switch {
		case math.IsNaN(v):
			return "NA"
		case math.IsInf(v, 0):
			return string(appendFloat(nil, v))
		case d > 6:
			return strconv.FormatFloat(v*scale, 'g', 3, 64) + suffix
		}
		out := strconv.FormatFloat(v*scale, 'f', d, 64)
		if strings.Trim(out, "-0.") == "" {
			out = strings.TrimPrefix(out, "-") // no "-0.00"
		}
		return thousands(out) + suffix
	}
}

// widest returns the one of ss with the widest finite interval, or
// without any, the first with a finite mean (or the first): the numbers
// of a row that shows several use its format, so all have the decimals
// the least precise one supports.
func widest(ss ...*stats.Summary) *stats.Summary {
	var best *stats.Summary
	w := -1.0
	for _, s := range ss {
		if d := s.CIHigh - s.CILow; finite(d) && d > w {
			best, w = s, d
		}
	}
	if best != nil {
		return best
	}
	for _, s := range ss {
		if finite(s.Mean) {
			return s
		}
	}
	return ss[0]
}

// thousands puts commas between the thousands of the integer part of
// the decimal number s: "7392655.0" is "7,392,655.0".
func thousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) <= 3 {
		return sign + s
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// mdEscape escapes the characters that would break a Markdown table cell
// or emphasis.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "\n", " ").Replace(s)
}
