package output

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// Config describes a run whose output a Run writes. Dir, Scenario and
// Months are required; the rest is recorded as given.
type Config struct {
	// Dir is the output folder, made ready by Prepare.
	Dir string
	// Scenario is the scenario's name, written in every data row.
	Scenario string
	// ScenarioTOML is the resolved scenario, written to scenario.toml and
	// hashed into the manifest.
	ScenarioTOML []byte
	// Seed is the run seed.
	Seed uint64
	// Trials is the number of trials of the run: the manifest's trials.
	// The values kept for the summary (8 bytes per trial, month and
	// metric; see Memory) are allocated up front for this many trials, or
	// for a shard's Shard.Trials.
	Trials int
	// Months is the number of months of every trial.
	Months int
	// Traces is the number of trials (the first added) drawn as faint
	// lines on each chart: 0 means DefaultTraces, negative none.
	Traces int
	// NoCharts skips the charts, for runs (such as sweeps) that only need
	// the data.
	NoCharts bool
	// Metrics is the run's set of metrics, the columns of series.csv in
	// order. nil means the main model's, sim.Metrics: its trials are
	// added with Add, and their elections go to elections.csv. A run of
	// another model (the classic model's sim.ClassicMetrics) adds its
	// trials with AddSeries and writes no elections.csv, since such a
	// model holds no elections. Its headline metrics are charted and make
	// the dashboard.
	Metrics []sim.MetricInfo
	// TimeUnit names the model's time step in summary.md and on the
	// charts: "" means "month". The column of series.csv and summary.csv
	// is called month whatever the unit (the classic model's is "step").
	TimeUnit string

	// Provenance says what made the run: the command fills its Program,
	// Version, Command, CommandLine, Workers and Start, and Finish the
	// rest for the manifest (its end minus Start is the duration).
	Provenance Provenance
	// RecordUnits writes units.parquet, the unit panel of every month of
	// every trial (main model only): each trial added must carry its
	// whole panel (sim.RunConfig.UnitMonths < 0).
	RecordUnits bool
	// Events are the scheduled events marked on the charts
	// (ScheduledEvents).
	Events []ChartEvent
	// Group, if not nil, finishes this run's folder with the other runs
	// of one command: Finish writes the data and tables, and the group's
	// Finish the charts, with one y axis per metric across the runs and
	// an overlay of them, and the manifest.
	Group *RunGroup

	// Shard, for a shard folder, is the block of trials it holds.
	Shard *Shard
	// Origin, if not nil, is what made the data when that is not the
	// writer's own command: for a merge, the first shard's provenance,
	// whose command line and overrides summary.md and the charts name.
	Origin *Provenance
	// Merged, for a folder written by Merge, records the shards merged
	// and the trials missing; summary.md names the missing trials.
	Merged *Merged
}

// A Run writes the output of one scenario's run as its trials arrive.
// NewRun starts series.csv and elections.csv; Add appends each trial;
// Finish writes the other files and renames everything into place. A Run
// is not safe for concurrent use; sim.Run calls its emit function from one
// goroutine, in trial order.
type Run struct {
	cfg       Config
	prov      Provenance       // cfg.Provenance, of the run
	metrics   []sim.MetricInfo // cfg.Metrics, or sim.Metrics
	main      bool             // a run of the main model: Add, elections.csv
	scenario  string           // CSV-quoted
	out       sink
	series    *File
	elections *File // nil unless main
	events    *File // nil unless main
	// recs holds every value added, trial-major: metric m of month i of
	// the k-th trial added is recs[(k*Months+i)*len(metrics)+m]. The
	// per-month statistics are exact, so they need every value at once
	// (memory.go says why, and how a run too large for them is refused).
	recs  []float64
	added int // trials added
	buf   []byte
	// charts are the series charted, kept by Finish until the charts are
	// drawn (by close, or the group's Finish).
	charts []chartSeries
	// groups gathers the trials' unit panels for groups.csv; units
	// streams units.parquet (Config.RecordUnits).
	groups groupTable
	units  *unitsWriter
}

// NewRun starts writing a run's output into cfg.Dir, which Prepare made
// ready: it creates series.csv and elections.csv under temporary names.
func NewRun(cfg Config) (*Run, error) {
	switch {
	case cfg.Dir == "":
		return nil, errors.New("output: no output folder")
	case cfg.Scenario == "":
		return nil, errors.New("output: no scenario name")
	case cfg.Months < 1:
		return nil, fmt.Errorf("output: months must be at least 1, not %d", cfg.Months)
	}
	r := &Run{
		cfg: cfg, metrics: cfg.Metrics, main: cfg.Metrics == nil, scenario: csvField(cfg.Scenario),
		prov: cfg.Provenance.About(cfg.Scenario, cfg.ScenarioTOML, cfg.Seed, cfg.Trials, cfg.Months),
		out:  sink{dir: cfg.Dir, workers: cfg.Provenance.Workers},
	}
	if r.main {
		r.metrics = sim.Metrics[:]
	}
	if len(r.metrics) == 0 {
		return nil, errors.New("output: a run needs at least one metric")
	}
	var err error
	if r.series, err = r.out.stream(SeriesFile, seriesHeaderOf(r.metrics)); err != nil {
		return nil, err
	}
	if r.main {
		if r.elections, err = r.out.stream(ElectionsFile, electionsHeader); err != nil {
			return nil, err
		}
		if r.events, err = r.out.stream(EventsFile, eventsHeader); err != nil {
			return nil, err
		}
	}
	if cfg.RecordUnits && r.main {
		if r.units, err = newUnitsWriter(&r.out, cfg.Scenario); err != nil {
			return nil, err
		}
	}
	if n := cfg.kept(); n > 0 {
		r.recs = make([]float64, 0, n*cfg.Months*len(r.metrics))
	}
	return r, nil
}

// Add writes one trial's rows to series.csv and elections.csv and keeps
// its monthly values for the summary; t is not retained. Call it once per
// trial, in trial order (it can be sim.Run's emit function). After an
// error every later Add returns it.
func (r *Run) Add(t *sim.TrialResult) error {
	if err := r.accept(t.Trial, len(t.Months), "months", !r.main,
		"output: Add of a main-model trial to a run of another model; use AddSeries"); err != nil {
		return err
	}
	r.buf = appendSeries(r.buf[:0], r.scenario, t)
	if err := r.out.put(r.series, r.buf); err != nil {
		return err
	}
	r.buf = appendElections(r.buf[:0], r.scenario, t)
	if err := r.out.put(r.elections, r.buf); err != nil {
		return err
	}
	r.buf = appendEvents(r.buf[:0], r.scenario, t)
	if err := r.out.put(r.events, r.buf); err != nil {
		return err
	}
	for i := range t.Months {
		r.recs = append(r.recs, t.Months[i][:]...)
	}
	if err := r.addUnits(t); err != nil {
		return r.out.fail(err)
	}
	r.added++
	return nil
}

// addUnits adds t's unit panel, if it has one, to groups.csv's table and
// to units.parquet, which needs it.
func (r *Run) addUnits(t *sim.TrialResult) error {
	if t.Units != nil {
		r.groups.add(t.Units)
	}
	switch {
	case r.units == nil:
		return nil
	case t.Units == nil || t.Units.FirstMonth != 1:
		return fmt.Errorf("output: trial %d has not its whole unit panel, which units.parquet needs (sim.RunConfig.UnitMonths < 0)", t.Trial)
	}
	return r.units.add(t.Trial, t.Units)
}

// AddSeries is Add for a run of a model with its own metric set
// (Config.Metrics): it writes one trial's rows to series.csv, one per
// step with a value per metric, and keeps them for the summary; t is not
// retained. Call it once per trial, in trial order (it can be the emit
// function of sim.RunClassic). After an error every later call returns
// it.
func (r *Run) AddSeries(t *sim.SeriesResult) error {
	if err := r.accept(t.Trial, len(t.Rows), "steps", r.main,
		"output: AddSeries to a run of the main model; use Add"); err != nil {
		return err
	}
	values := make([]float64, 0, len(t.Rows)*len(r.metrics))
	for i, row := range t.Rows {
		if len(row) != len(r.metrics) {
			return r.out.fail(fmt.Errorf("output: trial %d, step %d has %d values; want %d metrics", t.Trial, i+1, len(row), len(r.metrics)))
		}
		values = append(values, row...)
	}
	return r.addTrial(t.Trial, t.Seed, values, nil, nil)
}

// accept checks that a trial with n months (or steps, as what says) may
// be added now; wrong, with its message, is a call of the wrong method
// for the run's model.
func (r *Run) accept(trial, n int, what string, wrong bool, message string) error {
	switch err := r.out.ready(); {
	case err != nil:
		return err
	case wrong:
		return errors.New(message)
	case n != r.cfg.Months:
		return r.out.fail(fmt.Errorf("output: trial %d has %d %s; want %d", trial, n, what, r.cfg.Months))
	}
	return nil
}

// addTrial is Add for a trial read back from a folder's files, and the
// end of AddSeries: its values (month-major, a value per metric a month)
// and, for the main model, its rows of elections.csv and events.csv as
// written. It writes the same bytes Add or AddSeries wrote for the trial.
func (r *Run) addTrial(trial int, seed uint64, values []float64, elections, events []byte) error {
	nm := len(r.metrics)
	switch err := r.out.ready(); {
	case err != nil:
		return err
	case len(values) != r.cfg.Months*nm:
		return r.out.fail(fmt.Errorf("output: trial %d has %d values; want %d", trial, len(values), r.cfg.Months*nm))
	}
	b := r.buf[:0]
	for i := range r.cfg.Months {
		b = appendRow(b, r.scenario, trial, seed, i+1, values[i*nm:(i+1)*nm])
	}
	r.buf = b
	if err := r.out.put(r.series, r.buf); err != nil {
		return err
	}
	if r.main {
		if err := r.out.put(r.elections, elections); err != nil {
			return err
		}
		if err := r.out.put(r.events, events); err != nil {
			return err
		}
	}
	r.recs = append(r.recs, values...)
	r.added++
	return nil
}

// Finish completes the output of a run that ended with status at end;
// cause, if not nil, is why it stopped (recorded as the manifest's
// error). It writes the files for the trials added so far (after an
// interruption, the first trials, which is all the data files hold):
// series.csv and elections.csv are renamed into place, then
// scenario.toml, summary.csv, summary.md and the charts are written, and
// manifest.json last. If Add failed, the data files and what derives from
// them are not written. If writing any file fails, the manifest (if it can
// still be written) says "failed" and Finish returns the error.
//
// The manifest holds cfg's Provenance, completed, the files written, and
// cfg's Shard and Merged.
func (r *Run) Finish(status Status, end time.Time, cause error) error {
	if err := r.out.finish(status, end, cause); err != nil {
		return err
	}
	if r.units != nil && r.out.err == nil {
		if err := r.units.close(); err != nil {
			r.out.fail(err)
		}
	}
	r.out.writeBytes(ScenarioFile, r.cfg.ScenarioTOML)
	if r.out.commit() {
		stats := r.monthStats()
		r.out.write(SummaryFile, func(w io.Writer) error { return writeSummary(w, r.metrics, stats) })
		info := reportInfo{
			scenario: r.cfg.Scenario, seed: r.cfg.Seed, months: r.cfg.Months,
			trials: r.cfg.Trials, trialsDone: r.added, status: r.out.state(), unit: r.cfg.TimeUnit,
			shard: r.cfg.Shard, prov: r.origin(),
		}
		if r.cfg.Merged != nil {
			info.missing, info.merged = r.cfg.Merged.Missing, true
		}
		if len(r.groups.vals) > 0 {
			r.out.write(GroupsFile, func(w io.Writer) error { return writeGroups(w, &r.groups) })
			if r.cfg.Shard != nil { // for merge
				r.out.write(GroupTrialsFile, func(w io.Writer) error { return r.groups.writeTrials(w, r.cfg.Shard.FirstTrial) })
			}
		}
		fy := r.finalYearStats()
		r.out.write(ReportFile, func(w io.Writer) error { return writeReport(w, info, r.metrics, fy) })
		if r.added > 0 && !r.cfg.NoCharts {
			r.charts = r.chartSeries(stats)
		}
	}
	if r.cfg.Group != nil {
		r.recs = nil // what the charts need is in r.charts
		r.cfg.Group.runs = append(r.cfg.Group.runs, r)
		return nil
	}
	return r.close(nil)
}

// close draws the run's charts, those of the runs of its group in
// overlay, and writes its manifest: the end of Finish.
func (r *Run) close(overlay []*Run) error {
	if r.charts != nil {
		var extra []chartFile
		if len(r.groups.unitVals) > 0 && len(r.groups.unitVals[0]) > 0 { // not rebuilt by merge
			extra = append(extra, unitsChart(&r.groups, r.cfg.Scenario, r.chartInfo()))
		}
		writeRunCharts(&r.out, r.chartInfo(), r.charts, overlay, extra...)
	}
	m := &Manifest{Provenance: r.prov, Shard: r.cfg.Shard, Merged: r.cfg.Merged}
	m.TrialsDone = r.added
	return r.out.close(&m.Provenance, &m.Files, m)
}

// chartInfo returns what the run's charts say about it.
func (r *Run) chartInfo() chartInfo {
	return chartInfo{r.cfg.Scenario, r.cfg.Seed, r.added, r.cfg.TimeUnit, r.cfg.Events, r.origin().overridesNote()}
}

// origin returns the provenance of what made the run's data.
func (r *Run) origin() *Provenance {
	if r.cfg.Origin != nil {
		return r.cfg.Origin
	}
	return &r.prov
}

// Abort removes the temporary data files and writes nothing: for a run
// that should leave no output at all. Abort after Finish does nothing.
func (r *Run) Abort() error { return r.out.abort() }

// value returns metric m of month i (0-based) of the k-th trial added.
func (r *Run) value(k, i, m int) float64 {
	return r.recs[(k*r.cfg.Months+i)*len(r.metrics)+m]
}

// column returns, in scratch, the values of metric m in month i (0-based)
// of every trial added, in the order added.
func (r *Run) column(scratch []float64, i, m int) []float64 {
	scratch = scratch[:0]
	for k := 0; k < r.added; k++ {
		scratch = append(scratch, r.value(k, i, m))
	}
	return scratch
}

// monthStats returns the statistics across trials of each month and
// metric, [i][m] for month i+1; with no trials, none.
func (r *Run) monthStats() [][]stats.Summary {
	if r.added == 0 {
		return nil
	}
	out := make([][]stats.Summary, r.cfg.Months)
	var d stats.Describer
	var col []float64
	for i := range out {
		out[i] = make([]stats.Summary, len(r.metrics))
		for m := range out[i] {
			col = r.column(col, i, m)
			out[i][m] = inRange(r.metrics[m], d.Describe(col))
		}
	}
	return out
}

// finalYearStats returns the statistics across trials of each metric's
// final-year mean.
func (r *Run) finalYearStats() []stats.Summary {
	nm := len(r.metrics)
	fy := make([][]float64, r.added)
	for k := range fy {
		fy[k] = finalYearOf(r.recs[k*r.cfg.Months*nm:(k+1)*r.cfg.Months*nm], nm)
	}
	out := make([]stats.Summary, nm)
	var d stats.Describer
	col := make([]float64, r.added)
	for m := range out {
		for k := range fy {
			col[k] = fy[k][m]
		}
		out[m] = inRange(r.metrics[m], d.Describe(col))
	}
	return out
}

// chartSeries returns the series charted: the headline metrics.
func (r *Run) chartSeries(stats [][]stats.Summary) []chartSeries {
	traces := r.cfg.Traces
	switch {
	case traces == 0:
		traces = DefaultTraces
	case traces < 0:
		traces = 0
	}
	traces = min(traces, r.added)
	var out []chartSeries
	for m, info := range r.metrics {
		if !info.Headline {
			continue
		}
		s := chartSeries{
			metric: sim.Metric(m),
			mean:   make([]float64, r.cfg.Months),
			lo:     make([]float64, r.cfg.Months),
			hi:     make([]float64, r.cfg.Months),
			traces: make([][]float64, traces),
		}
		if !r.main {
			s.info = &r.metrics[m]
		}
		for i := range stats {
			st := &stats[i][m]
			s.mean[i], s.lo[i], s.hi[i] = st.Mean, st.CILow, st.CIHigh
		}
		for k := range s.traces {
			tr := make([]float64, r.cfg.Months)
			for i := range tr {
				tr[i] = r.value(k, i, m)
			}
			s.traces[k] = tr
		}
		out = append(out, s)
	}
	return out
}
