package output

import (
	"bufio"
	"encoding/csv"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// GroupsFile is groups.csv: the unit-level metrics of the final year
// broken down by oblast, district, unit type, size class and remoteness,
// with the statistics of summary.csv across trials.
const GroupsFile = "groups.csv"

// UnitsFile is units.parquet: the unit panel, one row per trial, month
// and unit, written with --record units.
const UnitsFile = "units.parquet"

// groupings are the ways units are grouped in groups.csv, with each
// unit's group.
var groupings = []struct {
	name  string
	group func(u *sim.UnitInfo) string
}{
	{"all", func(*sim.UnitInfo) string { return "all units" }},
	{"oblast", func(u *sim.UnitInfo) string { return u.OblastName }},
	{"district", func(u *sim.UnitInfo) string { return u.OblastName + "/" + u.DistrictName }},
	{"unit_type", func(u *sim.UnitInfo) string { return u.Type.String() }},
	{"size_class", func(u *sim.UnitInfo) string { return u.SizeClass() }},
	{"remoteness", func(u *sim.UnitInfo) string { return u.Remoteness() }},
}

// unitMetrics are the unit-level metrics of groups.csv: each a ratio of
// sums over a group's units and the final year's months (num and den add
// one unit-month's share of each; a NaN term is left out of both).
var unitMetrics = []struct {
	info     sim.MetricInfo
	num, den func(r *sim.UnitMonth) float64
}{
	{sim.Metrics[sim.ServiceQuality], func(r *sim.UnitMonth) float64 { return r.Residents * r.Services }, residents},
	{sim.MetricInfo{Name: "budget_per_resident", Unit: "KZT/month", Definition: "rural budget (own revenue, transfers and emergency money) per resident"},
		func(r *sim.UnitMonth) float64 { return r.Budget }, residents},
	{sim.Metrics[sim.OwnRevenueShare], func(r *sim.UnitMonth) float64 { return r.OwnRevenue }, func(r *sim.UnitMonth) float64 { return r.Budget }},
	{sim.MetricInfo{Name: "leakage_share", Unit: "share 0-1", Definition: "akim rent, local elite capture and connected contractors' discount over the unit's budget (district extraction is not a unit's)"},
		func(r *sim.UnitMonth) float64 { return r.Leakage }, func(r *sim.UnitMonth) float64 { return r.Budget }},
	{sim.Metrics[sim.UnrestActive], func(r *sim.UnitMonth) float64 { return r.Residents * r.Unrest }, residents},
	{sim.Metrics[sim.TrustLocal], func(r *sim.UnitMonth) float64 { return r.Residents * r.Trust }, residents},
	{sim.Metrics[sim.Legitimacy], func(r *sim.UnitMonth) float64 { return r.Residents * r.Legitimacy }, residents},
	{sim.Metrics[sim.Turnout], func(r *sim.UnitMonth) float64 { return r.Residents * r.Turnout }, residents},
	{sim.Metrics[sim.DownwardOrientation], func(r *sim.UnitMonth) float64 { return r.AkimDownward }, func(*sim.UnitMonth) float64 { return 1 }},
}

// residents is a unit-month's residents: the weight of the
// population-weighted means.
func residents(r *sim.UnitMonth) float64 { return r.Residents }

// A groupKey names one group of one grouping.
type groupKey struct {
	grouping int
	name     string
}

// groupTable gathers each trial's group values of the unit-level metrics
// over the final year of its unit panel (sim.UnitPanel): the groups in
// the order first met, and per trial added a value per group and metric
// (NaN for a group the trial's world does not have).
type groupTable struct {
	keys  []groupKey
	index map[groupKey]int
	units []float64   // units of each group, summed over the trials
	vals  [][]float64 // [trial][group*len(unitMetrics)+metric]
	// counts are the units of each group in each trial, [trial][group]
	// (shorter where later groups are missing).
	counts [][]int
	// unitVals keeps, for the first few trials, each unit's final-year
	// value of every unit metric, for the chart of their distribution.
	unitVals [][]float64 // [metric] pooled over units and trials
}

// unitChartTrials is the number of trials whose units the distribution
// chart pools.
const unitChartTrials = 20

// add adds a trial's panel: its final year (the last FinalYearMonths
// months it holds).
func (g *groupTable) add(p *sim.UnitPanel) {
	if g.index == nil {
		g.index = map[groupKey]int{}
		g.unitVals = make([][]float64, len(unitMetrics))
	}
	nm := len(unitMetrics)
	first := max(p.FirstMonth, p.FirstMonth+p.Months()-FinalYearMonths)
	last := p.FirstMonth + p.Months() - 1
	// Sums per unit, then per group.
	n := len(p.Units)
	num, den := make([]float64, n*nm), make([]float64, n*nm)
	for m := first; m <= last; m++ {
		rows := p.Month(m)
		for u := range rows {
			for k, um := range unitMetrics {
				a, b := um.num(&rows[u]), um.den(&rows[u])
				if !math.IsNaN(a) && !math.IsNaN(b) {
					num[u*nm+k] += a
					den[u*nm+k] += b
				}
			}
		}
	}
	var sums [][2]float64  // [group*nm+metric]
	count := map[int]int{} // units per group in this trial
	for u := range p.Units {
		for gi, gr := range groupings {
			i := g.keyIndex(groupKey{gi, gr.group(&p.Units[u])})
			count[i]++
			for len(sums) < (i+1)*nm {
				sums = append(sums, [2]float64{})
			}
			for k := range nm {
				sums[i*nm+k][0] += num[u*nm+k]
				sums[i*nm+k][1] += den[u*nm+k]
			}
		}
		if len(g.vals) < unitChartTrials {
			for k := range nm {
				g.unitVals[k] = append(g.unitVals[k], ratioOf(num[u*nm+k], den[u*nm+k]))
			}
		}
	}
	counts := make([]int, len(sums)/nm)
	for i, c := range count {
		g.units[i] += float64(c)
		counts[i] = c
	}
	g.counts = append(g.counts, counts)
	row := make([]float64, len(sums))
	for i, s := range sums {
		row[i] = ratioOf(s[0], s[1])
	}
	g.vals = append(g.vals, row)
}

// keyIndex returns the index of the group key, adding it if new.
func (g *groupTable) keyIndex(key groupKey) int {
	i, ok := g.index[key]
	if !ok {
		i = len(g.keys)
		g.index[key] = i
		g.keys = append(g.keys, key)
		g.units = append(g.units, 0)
	}
	return i
}

// ratioOf is a/b, NaN where b is 0.
func ratioOf(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// column returns the values across trials of metric k of group i.
func (g *groupTable) column(i, k int) []float64 {
	nm := len(unitMetrics)
	out := make([]float64, len(g.vals))
	for t, row := range g.vals {
		out[t] = math.NaN()
		if j := i*nm + k; j < len(row) {
			out[t] = row[j]
		}
	}
	return out
}

// groupsHeader is groups.csv's header line.
const groupsHeader = "grouping,group,units,metric,trials,mean,sd,ci95_low,ci95_high,p05,p50,p95\n"

// writeGroups writes groups.csv: for each group (in the order of
// groupings, each grouping's groups as first met) and unit-level metric,
// its final-year value's statistics across trials, as summary.csv's:
// mean, sd, the 95% interval in the metric's range, and percentiles.
// units is the group's mean number of units per trial (the generated
// worlds of different trials can differ).
func writeGroups(w io.Writer, g *groupTable) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(groupsHeader)
	var d stats.Describer
	var b []byte
	g.each(g.keys, func(i int, key groupKey) {
		for k, um := range unitMetrics {
			s := inRange(um.info, d.Describe(g.column(i, k)))
			b = appendCells(b[:0], groupings[key.grouping].name, csvField(key.name))
			b = appendFloats(b, g.units[i]/float64(len(g.vals)))
			b = appendCells(append(b, ','), um.info.Name, strconv.Itoa(s.N))
			bw.Write(appendSummary(b, &s))
		}
	})
	return bw.Flush()
}

// each calls fn with each of keys and its index, in the order of
// groupings, each grouping's groups in the order of keys.
func (g *groupTable) each(keys []groupKey, fn func(i int, key groupKey)) {
	for gi := range groupings {
		for i, key := range keys {
			if key.grouping == gi {
				fn(i, key)
			}
		}
	}
}

// appendCells appends cells (CSV fields, already quoted) separated by
// commas.
func appendCells(b []byte, cells ...string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c...)
	}
	return b
}

// compareGroupsHeader is the header of a comparison's groups.csv.
const compareGroupsHeader = "grouping,group,metric,scenario,reference,trials,mean,ci95_low,ci95_high,diff,diff_ci95_low,diff_ci95_high,p_value\n"

// writeCompareGroups writes a comparison's groups.csv: for each group of
// the reference (as writeGroups orders them), unit-level metric and
// scenario, the final-year mean across the first n trials with its 95%
// interval, and for the compared scenarios the paired difference from the
// reference (trial k with trial k) with its 95% paired t interval and
// p-value: who gains and who loses, group by group.
func writeCompareGroups(w io.Writer, names []string, tables []groupTable, n int) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(compareGroupsHeader)
	ref := &tables[0]
	var d stats.Describer
	var b []byte
	ref.each(ref.keys, func(i int, key groupKey) {
		for k, um := range unitMetrics {
			a := ref.column(i, k)[:n]
			for s := range tables {
				x := nanSlice(n)
				if j, ok := tables[s].index[key]; ok {
					x = tables[s].column(j, k)[:n]
				}
				st := inRange(um.info, d.Describe(x))
				pr := stats.Paired{Diff: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(), P: math.NaN()}
				if s > 0 {
					pr = stats.PairedT(a, x)
				}
				b = appendCells(b[:0], groupings[key.grouping].name, csvField(key.name), um.info.Name, names[s], names[0], strconv.Itoa(st.N))
				b = appendFloats(b, st.Mean, st.CILow, st.CIHigh, pr.Diff, pr.CILow, pr.CIHigh, pr.P)
				bw.Write(append(b, '\n'))
			}
		}
	})
	return bw.Flush()
}

// nanSlice returns n NaNs.
func nanSlice(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

// GroupTrialsFile is a shard's groups_trials.csv: each trial's value of
// every unit-level metric in every group it has, from which merge
// rebuilds the whole run's groups.csv.
const GroupTrialsFile = "groups_trials.csv"

// groupTrialsHeader is groups_trials.csv's header line.
const groupTrialsHeader = "trial,grouping,group,units,metric,value\n"

// writeTrials writes groups_trials.csv for trials numbered from first:
// for each trial, each group it has (in the table's order) and metric,
// the group's units in the trial and the value.
func (g *groupTable) writeTrials(w io.Writer, first int) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(groupTrialsHeader)
	nm := len(unitMetrics)
	var b []byte
	pooled := 0 // units of the trials so far in unitVals
	for t, row := range g.vals {
		for i, c := range g.counts[t] {
			if c == 0 {
				continue
			}
			key := g.keys[i]
			for k, um := range unitMetrics {
				b = appendCells(b[:0], strconv.Itoa(first+t), groupings[key.grouping].name, csvField(key.name), strconv.Itoa(c), um.info.Name)
				bw.Write(append(appendFloats(b, row[i*nm+k]), '\n'))
			}
		}
		n := g.counts[t][0] // the "all" group: the trial's units
		if t >= unitChartTrials {
			continue
		}
		// The trial's units one by one, for charts/units, when the whole
		// run pools them (its first unitChartTrials trials).
		for u := 0; u < n && first+t < unitChartTrials; u++ {
			for k, um := range unitMetrics {
				b = appendCells(b[:0], strconv.Itoa(first+t), unitGrouping, strconv.Itoa(u), "1", um.info.Name)
				bw.Write(append(appendFloats(b, g.unitVals[k][pooled+u]), '\n'))
			}
		}
		pooled += n
	}
	return bw.Flush()
}

// unitGrouping names the rows of groups_trials.csv that hold one unit's
// values, for charts/units.
const unitGrouping = "unit"

// readTrials adds the trials first to first+n−1 of the groups_trials.csv
// at path (a shard's, written by writeTrials) to g, in order: those the
// shard's manifest says are done.
func (g *groupTable) readTrials(path string, first, n int) error {
	f, err := os.Open(path)
	if err != nil {
		return mergeErrorf("%s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return mergeErrorf("%s: %v", path, err)
	}
	grouping, metricIndex := map[string]int{}, map[string]int{}
	for i, gr := range groupings {
		grouping[gr.name] = i
	}
	for k, um := range unitMetrics {
		metricIndex[um.info.Name] = k
	}
	if g.unitVals == nil {
		g.unitVals = make([][]float64, len(unitMetrics))
	}
	nm := len(unitMetrics)
	trial := -1
	var keys []groupKey
	var counts []int
	var vals []float64
	flush := func() {
		if trial >= 0 {
			g.addValues(keys, counts, vals)
		}
		keys, counts, vals = nil, nil, nil
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil || len(rec) != 6 {
			return mergeErrorf("%s:%d: not a row of %s (%v)", path, line, GroupTrialsFile, err)
		}
		t, err1 := strconv.Atoi(rec[0])
		c, err2 := strconv.Atoi(rec[3])
		v, err3 := parseValue([]byte(rec[5]))
		gi, ok := grouping[rec[1]]
		k, isMetric := metricIndex[rec[4]]
		if err1 != nil || err2 != nil || err3 != nil || !isMetric || !ok && rec[1] != unitGrouping {
			return mergeErrorf("%s:%d: bad row %q", path, line, rec)
		}
		if t < first || t >= first+n {
			continue
		}
		if t != trial {
			flush()
			trial = t
		}
		if !ok { // a unit's value, for charts/units
			g.unitVals[k] = append(g.unitVals[k], v)
			continue
		}
		if len(vals)%nm == 0 {
			keys, counts = append(keys, groupKey{gi, rec[2]}), append(counts, c)
		}
		vals = append(vals, v)
	}
	flush()
	return nil
}

// addValues adds a trial given by its groups' keys, units and values
// (nm a group, in unitMetrics order), as add would have from its panel.
func (g *groupTable) addValues(keys []groupKey, counts []int, vals []float64) {
	if g.index == nil {
		g.index = map[groupKey]int{}
		if g.unitVals == nil {
			g.unitVals = make([][]float64, len(unitMetrics))
		}
	}
	nm := len(unitMetrics)
	idx := make([]int, len(keys))
	top := 0
	for j, key := range keys {
		i := g.keyIndex(key)
		idx[j], top = i, max(top, i+1)
	}
	row := nanSlice(top * nm)
	trialCounts := make([]int, top)
	for j, i := range idx {
		copy(row[i*nm:(i+1)*nm], vals[j*nm:(j+1)*nm])
		g.units[i] += float64(counts[j])
		trialCounts[i] = counts[j]
	}
	g.counts = append(g.counts, trialCounts)
	g.vals = append(g.vals, row)
}
