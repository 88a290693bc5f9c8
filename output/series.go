package output

import (
	"math"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// seriesHeader returns series.csv's header line.
func seriesHeader() string {
	var b strings.Builder
	b.WriteString("scenario,trial,seed,month")
	for _, m := range sim.Metrics {
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
		rec := &t.Months[i]
		b = append(b, scenario...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t.Trial), 10)
		b = append(b, ',')
		b = strconv.AppendUint(b, t.Seed, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i+1), 10)
		for _, v := range rec {
			b = append(b, ',')
			b = appendFloat(b, v)
		}
		b = append(b, '\n')
	}
	return b
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
