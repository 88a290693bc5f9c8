package output

import (
	"bufio"
	"io"
	"strconv"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// FinalYearMonths is the length of the final year: FinalYear averages
// this many last months.
const FinalYearMonths = 12

// FinalYear returns each metric's mean over the trial's last
// FinalYearMonths months (all months if it ran fewer), skipping NaN
// values; a metric NaN in every one of those months is NaN.
func FinalYear(r *sim.TrialResult) sim.Record {
	return finalYear(r.Months)
}

// finalYear is FinalYear for a trial's months.
func finalYear(months []sim.Record) sim.Record {
	var out sim.Record
	last := months[max(0, len(months)-FinalYearMonths):]
	for m := range out {
		var mean stats.Mean
		for i := range last {
			mean.Add(last[i][m])
		}
		out[m] = mean.Value()
	}
	return out
}

// finalYearOf is finalYear for a trial's values of nm metrics a month,
// month-major (values[i*nm+m] is metric m of month i+1).
func finalYearOf(values []float64, nm int) []float64 {
	out := make([]float64, nm)
	months := len(values) / nm
	first := max(0, months-FinalYearMonths)
	for m := range out {
		var mean stats.Mean
		for i := first; i < months; i++ {
			mean.Add(values[i*nm+m])
		}
		out[m] = mean.Value()
	}
	return out
}

// summaryHeader is summary.csv's header line.
const summaryHeader = "month,metric,mean,sd,ci95_low,ci95_high,p05,p50,p95\n"

// writeSummary writes summary.csv: for each month, first month first,
// one row per metric in the order of metrics. stats[i][m] describes month
// i+1 of metric m.
func writeSummary(w io.Writer, metrics []sim.MetricInfo, stats [][]stats.Summary) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(summaryHeader)
	var b []byte
	for i := range stats {
		for m := range stats[i] {
			s := &stats[i][m]
			b = strconv.AppendInt(b[:0], int64(i+1), 10)
			b = append(b, ',')
			b = append(b, metrics[m].Name...)
			for _, v := range [...]float64{s.Mean, s.SD, s.CILow, s.CIHigh, s.P05, s.P50, s.P95} {
				b = append(b, ',')
				b = appendFloat(b, v)
			}
			b = append(b, '\n')
			bw.Write(b)
		}
	}
	return bw.Flush()
}

// appendSummary appends s's columns of summary.csv, each after a comma,
// and the end of the line: mean, sd, ci95_low, ci95_high, p05, p50, p95.
func appendSummary(b []byte, s *stats.Summary) []byte {
	return append(appendFloats(b, s.Mean, s.SD, s.CILow, s.CIHigh, s.P05, s.P50, s.P95), '\n')
}

// appendFloats appends each of vs after a comma.
func appendFloats(b []byte, vs ...float64) []byte {
	for _, v := range vs {
		b = append(b, ',')
		b = appendFloat(b, v)
	}
	return b
}
