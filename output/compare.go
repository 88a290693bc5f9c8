package output

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// The names of the files a comparison writes besides ManifestFile,
// SeriesFile, ElectionsFile and the charts.
const (
	CompareFile     = "compare.csv" // final-year and monthly statistics and differences
	CompareReport   = "compare.md"  // the tables a person reads first
	TrialsFile      = "trials.csv"  // each trial's final-year means
	ScenariosDir    = "scenarios"   // scenarios/NAME.toml: each resolved scenario
	DifferencesName = "differences" // charts/differences.png and .svg
)

// Alpha is the significance level of the comparisons: a difference is
// marked significant when its Holm-adjusted p-value is below Alpha.
const Alpha = 0.05

// CompareScenario is one scenario of a comparison.
type CompareScenario struct {
	// Name is the scenario's name, written in every data row; the names
	// of a comparison are distinct.
	Name string
	// Source is where the scenario came from, as the user named it (an
	// embedded name or a file).
	Source string
	// TOML is the resolved scenario, written to scenarios/NAME.toml.
	TOML []byte
	// SameWorld says whether the scenario's [world] parameters equal the
	// reference's, so that trial k of both starts from the same generated
	// world (the command knows; the files do not say).
	SameWorld bool
}

// CompareConfig describes a comparison whose output a Comparison writes.
// Dir, two or more Scenarios and Months are required; the folder is made
// ready by PrepareCompare.
type CompareConfig struct {
	// Scenarios are the scenarios compared; the first is the reference
	// from which differences are measured.
	Scenarios []CompareScenario
	Batch
}

// CompareManifest is a comparison's manifest.json: its Provenance
// (Scenario and ScenarioSHA256 are the reference's; TrialsDone is the
// number of trials every scenario finished, which the statistics use),
// the files written, the scenarios compared and the method.
type CompareManifest struct {
	Provenance
	Files     []string           `json:"files"`            // files written besides the manifest, relative, with slashes
	Reference string             `json:"reference"`        // the scenario differences are measured from
	Scenarios []ManifestScenario `json:"scenarios"`        // every scenario, the reference first
	Method    string             `json:"method"`           // the statistics, in one sentence
	Shard     *BatchShard        `json:"shard,omitempty"`  // the runs a shard folder holds
	Merged    *BatchMerged       `json:"merged,omitempty"` // the shards merged into this folder
}

// ManifestScenario is one scenario of a comparison's manifest.
type ManifestScenario struct {
	Name       string `json:"name"`        // as written in the data rows
	Source     string `json:"source"`      // as the user named it
	File       string `json:"file"`        // the resolved scenario, relative to the folder
	SHA256     string `json:"sha256"`      // hex SHA-256 of File
	SameWorld  bool   `json:"same_world"`  // [world] equals the reference's: trial k starts from the same world
	TrialsDone int    `json:"trials_done"` // trials finished
}

// compareMethod is the manifest's method.
const compareMethod = "paired t on per-trial final-year means (trial k of every scenario shares seed and trial index: common random numbers); " +
	"differences in the metric's units with their 95% paired t intervals; effect_size is the difference relative to simulation noise " +
	"(mean difference over the root mean square of the two scenarios' standard deviations across trials; Cohen's conventions do not apply); " +
	"means' intervals: " + intervalMethod + "; " +
	"two-sided p-values from Student's t; Holm adjustment over every metric and compared scenario"

// PrepareCompare is Prepare for a comparison's folder: with force it
// also removes the files an earlier comparison or sweep wrote there (those
// its manifest lists), and it creates dir/scenarios.
func PrepareCompare(dir string, force bool) error {
	return prepareListed(dir, force, []string{CompareFile, CompareReport, TrialsFile, GroupsFile, ShardDesignFile}, ScenariosDir)
}

// A Comparison writes the output of a comparison of scenarios as their
// trials arrive: series.csv, elections.csv, events.csv and trials.csv
// stream, with a
// scenario column; Finish writes compare.csv, compare.md, the resolved
// scenarios, the charts and manifest.json. A Comparison is not safe for
// concurrent use.
type Comparison struct {
	cfg       CompareConfig
	prov      Provenance
	names     []string // CSV-quoted
	files     []string // scenarios/NAME.toml, with slashes
	out       sink
	series    *File
	elections *File
	events    *File
	trials    *File
	recs      [][]sim.Record // per scenario, trial-major months
	fy        [][]sim.Record // per scenario, each trial's final-year means
	trialIdx  [][]int        // per scenario, the trial indices added
	groups    []groupTable   // per scenario, the trials' unit panels (groups.csv)
	buf       []byte
	ebuf      []byte
	vbuf      []byte // events.csv's rows
}

// NewComparison starts writing a comparison's output into cfg.Dir, which
// PrepareCompare made ready.
func NewComparison(cfg CompareConfig) (*Comparison, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if len(cfg.Scenarios) < 2 {
		return nil, fmt.Errorf("output: a comparison needs at least two scenarios, not %d", len(cfg.Scenarios))
	}
	ref := &cfg.Scenarios[0]
	c := &Comparison{cfg: cfg, prov: cfg.provenance(ref.Name, ref.TOML), out: sink{dir: cfg.Dir}}
	seen := map[string]bool{}
	used := map[string]bool{}
	for _, s := range cfg.Scenarios {
		if s.Name == "" {
			return nil, errors.New("output: a scenario has no name")
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("output: two scenarios are named %q", s.Name)
		}
		seen[s.Name] = true
		c.names = append(c.names, csvField(s.Name))
		c.files = append(c.files, path.Join(ScenariosDir, fileStem(s.Name, used)+".toml"))
	}
	k := len(cfg.Scenarios)
	c.recs = make([][]sim.Record, k)
	c.fy = make([][]sim.Record, k)
	c.trialIdx = make([][]int, k)
	c.groups = make([]groupTable, k)
	var err error
	if c.series, err = c.out.stream(SeriesFile, seriesHeader()); err != nil {
		return nil, err
	}
	if c.elections, err = c.out.stream(ElectionsFile, electionsHeader); err != nil {
		return nil, err
	}
	if c.events, err = c.out.stream(EventsFile, eventsHeader); err != nil {
		return nil, err
	}
	if c.trials, err = c.out.stream(TrialsFile, trialsHeader("scenario,trial,seed")); err != nil {
		return nil, err
	}
	return c, nil
}

// fileStem returns name as a file name stem: letters, digits, '.', '-'
// and '_' kept, anything else '_', made distinct from the stems in used
// (which it joins).
func fileStem(name string, used map[string]bool) string {
	stem := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r == '.':
			return r
		}
		return '_'
	}, name)
	stem = strings.TrimLeft(stem, ".")
	if stem == "" {
		stem = "scenario"
	}
	out := stem
	for i := 2; used[out]; i++ {
		out = stem + "_" + strconv.Itoa(i)
	}
	used[out] = true
	return out
}

// trialsHeader returns trials.csv's header: the given leading columns,
// then one column per metric.
func trialsHeader(lead string) string {
	var b strings.Builder
	b.WriteString(lead)
	for _, m := range sim.Metrics {
		b.WriteByte(',')
		b.WriteString(m.Name)
	}
	b.WriteByte('\n')
	return b.String()
}

// Add writes one trial of scenario s (an index into cfg.Scenarios) to
// series.csv, elections.csv and trials.csv and keeps its monthly values;
// t is not retained. Each scenario's trials must be added in the same
// order of trial indices (as a run delivers them), so that the k-th trial
// of every scenario pairs with the k-th of the reference; the scenarios
// may interleave.
func (c *Comparison) Add(s int, t *sim.TrialResult) error {
	if err := c.accept(s, t.Trial, len(t.Months), c.cfg.Months, "months"); err != nil {
		return err
	}
	c.buf = appendSeries(c.buf[:0], c.names[s], t)
	c.ebuf = appendElections(c.ebuf[:0], c.names[s], t)
	if t.Units != nil {
		c.groups[s].add(t.Units)
	}
	c.vbuf = appendEvents(c.vbuf[:0], c.names[s], t)
	return c.write(s, t.Trial, t.Seed, t.Months, c.buf, c.ebuf, c.vbuf)
}

// accept checks that trial of scenario s, of n months or values (what)
// where want are due, may be added now: Add and addTrial share it.
func (c *Comparison) accept(s, trial, n, want int, what string) error {
	switch err := c.out.ready(); {
	case err != nil:
		return err
	case s < 0 || s >= len(c.cfg.Scenarios):
		return fmt.Errorf("output: no scenario %d", s)
	case n != want:
		return c.out.fail(fmt.Errorf("output: trial %d has %d %s; want %d", trial, n, what, want))
	}
	return c.inOrder(s, trial)
}

// inOrder checks that trial of scenario s pairs with the trials the other
// scenarios have at its place.
func (c *Comparison) inOrder(s, trial int) error {
	k := len(c.trialIdx[s])
	for o := range c.trialIdx {
		if len(c.trialIdx[o]) > k && c.trialIdx[o][k] != trial {
			return c.out.fail(fmt.Errorf("output: trial %d of %s added where %s has trial %d; add trials in the same order",
				trial, c.cfg.Scenarios[s].Name, c.cfg.Scenarios[o].Name, c.trialIdx[o][k]))
		}
	}
	return nil
}

// addTrial is Add for a trial read back from a shard folder (Merge): its
// values (month-major, sim.NumMetrics a month) and its rows of
// elections.csv and events.csv as written.
func (c *Comparison) addTrial(s, trial int, seed uint64, values []float64, elections, events []byte) error {
	if err := c.accept(s, trial, len(values), c.cfg.Months*int(sim.NumMetrics), "values"); err != nil {
		return err
	}
	months := make([]sim.Record, c.cfg.Months)
	b := c.buf[:0]
	for i := range months {
		copy(months[i][:], values[i*int(sim.NumMetrics):])
		b = appendRow(b, c.names[s], trial, seed, i+1, months[i][:])
	}
	c.buf = b
	return c.write(s, trial, seed, months, c.buf, elections, events)
}

// write writes a trial's rows of series.csv, elections.csv and events.csv, computes
// and writes its row of trials.csv, and keeps its months.
func (c *Comparison) write(s, trial int, seed uint64, months []sim.Record, series, elections, events []byte) error {
	if err := c.out.put(c.series, series); err != nil {
		return err
	}
	if err := c.out.put(c.elections, elections); err != nil {
		return err
	}
	if err := c.out.put(c.events, events); err != nil {
		return err
	}
	fy := finalYear(months)
	c.buf = appendTrialRow(c.buf[:0], c.names[s], trial, seed, nil, &fy)
	if err := c.out.put(c.trials, c.buf); err != nil {
		return err
	}
	c.recs[s] = append(c.recs[s], months...)
	c.fy[s] = append(c.fy[s], fy)
	c.trialIdx[s] = append(c.trialIdx[s], trial)
	return nil
}

// appendTrialRow appends a trials.csv row: prefix (the leading CSV
// fields, such as the scenario), trial and seed, the fields in extra,
// then the metrics of rec.
func appendTrialRow(b []byte, prefix string, trial int, seed uint64, extra []string, rec *sim.Record) []byte {
	b = append(b, prefix...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(trial), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, seed, 10)
	for _, f := range extra {
		b = append(b, ',')
		b = append(b, f...)
	}
	for _, v := range rec {
		b = append(b, ',')
		b = appendFloat(b, v)
	}
	return append(b, '\n')
}

// Abort removes the temporary data files and writes nothing. Abort after
// Finish does nothing.
func (c *Comparison) Abort() error { return c.out.abort() }

// pairs returns the number of trials every scenario finished: the
// statistics use those, so that every difference is paired.
func (c *Comparison) pairs() int {
	n := len(c.trialIdx[0])
	for _, t := range c.trialIdx[1:] {
		n = min(n, len(t))
	}
	return n
}

// Finish completes the comparison's output after it ended with status at
// end; cause, if not nil, is why it stopped. It renames the streamed files
// into place and writes scenarios/NAME.toml, compare.csv, compare.md and
// the charts from the trials every scenario finished (after an
// interruption, those), then manifest.json. If writing any file fails, the
// manifest (if it can still be written) says "failed" and Finish returns
// the error.
func (c *Comparison) Finish(status Status, end time.Time, cause error) error {
	if err := c.out.finish(status, end, cause); err != nil {
		return err
	}
	for i, s := range c.cfg.Scenarios {
		c.out.writeBytes(c.files[i], s.TOML)
	}
	data := c.out.commit()
	c.cfg.writeDesign(&c.out, shardDesign{Compare: &c.cfg})
	n := c.pairs()
	if data {
		res := c.results(n)
		c.out.write(CompareFile, func(w io.Writer) error { return writeCompareCSV(w, res) })
		c.out.write(CompareReport, func(w io.Writer) error { return writeCompareReport(w, res, c.out.state()) })
		if c.hasGroups(n) {
			c.out.write(GroupsFile, func(w io.Writer) error { return writeCompareGroups(w, c.names, c.groups, n) })
		}
		if n > 0 && !c.cfg.NoCharts {
			writeCompareCharts(&c.out, res)
		}
	}
	m := &CompareManifest{
		Provenance: c.prov,
		Reference:  c.cfg.Scenarios[0].Name,
		Method:     compareMethod,
		Shard:      c.cfg.Shard,
		Merged:     c.cfg.Merged,
	}
	m.TrialsDone = n
	for i, s := range c.cfg.Scenarios {
		m.Scenarios = append(m.Scenarios, ManifestScenario{
			Name: s.Name, Source: s.Source, File: c.files[i], SHA256: sha256Hex(s.TOML),
			SameWorld: i == 0 || s.SameWorld, TrialsDone: len(c.trialIdx[i]),
		})
	}
	return c.out.close(&m.Provenance, &m.Files, m)
}

// hasGroups reports whether every scenario has the unit panels of its
// first n trials (n > 0), for groups.csv.
func (c *Comparison) hasGroups(n int) bool {
	for s := range c.groups {
		if len(c.groups[s].vals) < n || n == 0 {
			return false
		}
	}
	return true
}

// ReadCompareManifest reads a comparison's manifest at path.
func ReadCompareManifest(path string) (*CompareManifest, error) {
	return readManifest[CompareManifest](path)
}

// compareResults are the statistics of a comparison.
type compareResults struct {
	cfg       *CompareConfig
	n         int                             // trials used: those every scenario finished
	first     int                             // first month of the final year
	final     [][sim.NumMetrics]stats.Summary // [scenario][metric]: final-year means across trials
	finalPair [][sim.NumMetrics]stats.Paired  // [scenario][metric]: scenario − reference; [0] unused
	holm      [][sim.NumMetrics]float64
	tests     int                               // p-values in the Holm family
	month     [][][sim.NumMetrics]stats.Summary // [scenario][month]
	monthPair [][][sim.NumMetrics]stats.Paired  // [scenario][month]; [0] unused
}

// significant reports whether scenario s differs from the reference in
// metric m after Holm's adjustment.
func (r *compareResults) significant(s int, m sim.Metric) bool {
	return s > 0 && r.holm[s][m] < Alpha
}

// results computes the statistics over the first n trials of every
// scenario.
func (c *Comparison) results(n int) *compareResults {
	k, months := len(c.cfg.Scenarios), c.cfg.Months
	r := &compareResults{
		cfg: &c.cfg, n: n, first: max(1, months-FinalYearMonths+1),
		final:     make([][sim.NumMetrics]stats.Summary, k),
		finalPair: make([][sim.NumMetrics]stats.Paired, k),
		holm:      make([][sim.NumMetrics]float64, k),
		month:     make([][][sim.NumMetrics]stats.Summary, k),
		monthPair: make([][][sim.NumMetrics]stats.Paired, k),
	}
	var d stats.Describer
	col := func(s int, m sim.Metric) []float64 {
		out := make([]float64, n)
		for t := range out {
			out[t] = c.fy[s][t][m]
		}
		return out
	}
	monthCol := func(s, i int, m sim.Metric) []float64 {
		out := make([]float64, n)
		for t := range out {
			out[t] = c.recs[s][t*months+i][m]
		}
		return out
	}
	var ps []float64
	for s := range k {
		r.month[s] = make([][sim.NumMetrics]stats.Summary, months)
		if s > 0 {
			r.monthPair[s] = make([][sim.NumMetrics]stats.Paired, months)
		}
		for m := range sim.NumMetrics {
			x := col(s, m)
			r.final[s][m] = inRange(sim.Metrics[m], d.Describe(x))
			if s > 0 {
				r.finalPair[s][m] = stats.PairedT(col(0, m), x)
				ps = append(ps, r.finalPair[s][m].P)
			}
			for i := range months {
				x := monthCol(s, i, m)
				r.month[s][i][m] = inRange(sim.Metrics[m], d.Describe(x))
				if s > 0 {
					r.monthPair[s][i][m] = stats.PairedT(monthCol(0, i, m), x)
				}
			}
		}
	}
	adj := stats.Holm(ps)
	for i, p := range ps {
		if !math.IsNaN(p) {
			r.tests++
		}
		r.holm[1+i/int(sim.NumMetrics)][i%int(sim.NumMetrics)] = adj[i]
	}
	for m := range sim.NumMetrics {
		r.holm[0][m] = math.NaN()
	}
	return r
}

// compareHeader is compare.csv's header line.
const compareHeader = "metric,scenario,reference,window,first_month,last_month,trials,seed," +
	"mean,ci95_low,ci95_high,diff,diff_ci95_low,diff_ci95_high,effect_size,p_value,p_holm\n"

// writeCompareCSV writes compare.csv: first the final-year rows (window
// "final_year": for each metric, each scenario, the mean across trials of
// each trial's final-year mean), then the monthly rows (window "month":
// for each month, metric and scenario). The reference's rows have NA
// differences; monthly rows have NA p_holm, since only the final-year
// tests form the adjusted family.
func writeCompareCSV(w io.Writer, r *compareResults) error {
	var b []byte
	if _, err := io.WriteString(w, compareHeader); err != nil {
		return err
	}
	ref := csvField(r.cfg.Scenarios[0].Name)
	row := func(m sim.Metric, s int, window string, first, last int, st *stats.Summary, pr *stats.Paired, holm float64) error {
		b = append(b[:0], sim.Metrics[m].Name...)
		b = append(b, ',')
		b = append(b, csvField(r.cfg.Scenarios[s].Name)...)
		b = append(b, ',')
		b = append(b, ref...)
		b = append(b, ',')
		b = append(b, window...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(first), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(last), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.n), 10)
		b = append(b, ',')
		b = strconv.AppendUint(b, r.cfg.Seed, 10)
		nan := math.NaN()
		diff := [5]float64{nan, nan, nan, nan, nan}
		if pr != nil {
			diff = [5]float64{pr.Diff, pr.CILow, pr.CIHigh, pr.Effect, pr.P}
		}
		for _, v := range [...]float64{st.Mean, st.CILow, st.CIHigh, diff[0], diff[1], diff[2], diff[3], diff[4], holm} {
			b = append(b, ',')
			b = appendFloat(b, v)
		}
		b = append(b, '\n')
		_, err := w.Write(b)
		return err
	}
	months := r.cfg.Months
	for m := range sim.NumMetrics {
		for s := range r.cfg.Scenarios {
			var pr *stats.Paired
			if s > 0 {
				pr = &r.finalPair[s][m]
			}
			if err := row(m, s, "final_year", r.first, months, &r.final[s][m], pr, r.holm[s][m]); err != nil {
				return err
			}
		}
	}
	if r.n == 0 {
		return nil
	}
	for i := range months {
		for m := range sim.NumMetrics {
			for s := range r.cfg.Scenarios {
				var pr *stats.Paired
				if s > 0 {
					pr = &r.monthPair[s][i][m]
				}
				if err := row(m, s, "month", i+1, i+1, &r.month[s][i][m], pr, math.NaN()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
