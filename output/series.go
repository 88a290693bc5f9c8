package output

import (
	"math"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// seriesHeader returns series.csv's header line for the main model.
func seriesHeader() string { return seriesHeaderOf(sim.Metrics[:]) }

// seriesHeaderOf returns series.csv's header line for the metrics.
func seriesHeaderOf(metrics []sim.MetricInfo) string {
	var b strings.Builder
	b.WriteString("scenario,trial,seed,month")
	for _, m := range metrics {
		b.WriteByte(',')
		b.WriteString(m.Name)
	}
	b.WriteByte('\n')
	return b.String()
}

// appendSeries appends series.csv's rows for one trial to b. scenario is
// the CSV-quoted scenario name.
func appendSeries(b []byte, scenario string, t *sim.TrialResult) []byte {
	for i := range t.Months {
		b = appendRow(b, scenario, t.Trial, t.Seed, i+1, t.Months[i][:])
	}
	return b
}

// appendRow appends one row of series.csv to b: the CSV-quoted scenario,
// trial, seed and month, then values.
func appendRow(b []byte, scenario string, trial int, seed uint64, month int, values []float64) []byte {
	b = append(b, scenario...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(trial), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, seed, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(month), 10)
	for _, v := range values {
		b = append(b, ',')
		b = appendFloat(b, v)
	}
	return append(b, '\n')
}

// appendFloat appends v in the shortest form that reads back exactly,
// NaN as "NA" and infinities as "Inf" and "-Inf" (as R writes them), and
// negative zero as "0".
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NA"...)
	case math.IsInf(v, 1):
		return append(b, "Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case v == 0:
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// csvField returns s as a CSV field, quoted as RFC 4180 requires when it
// holds a comma, quote, line break or leading space.
func csvField(s string) string {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t' {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
