package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/decentsim/decentsim/sim"
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
	// Trials is the number of trials the run will add: the manifest's
	// trials. The values kept for the summary (8 bytes per trial, month
	// and metric) are allocated for this many trials up front.
	Trials int
	// Months is the number of months of every trial.
	Months int
	// Traces is the number of trials (the first added) drawn as faint
	// lines on each chart: 0 means DefaultTraces, negative none.
	Traces int
	// NoCharts skips the charts, for runs (such as sweeps) that only need
	// the data.
	NoCharts bool

	// Program, Version, Command, Workers, Start and Shard are recorded in
	// the manifest; Finish's end minus Start is its duration.
	Program string
	Version string
	Command string
	Workers int
	Start   time.Time
	Shard   *Shard
}

// A Run writes the output of one scenario's run as its trials arrive.
// NewRun starts series.csv and elections.csv; Add appends each trial;
// Finish writes the other files and renames everything into place. A Run
// is not safe for concurrent use; sim.Run calls its emit function from one
// goroutine, in trial order.
type Run struct {
	cfg       Config
	scenario  string // CSV-quoted
	series    *File
	elections *File
	recs      []sim.Record // trial-major: the k-th trial added's month i is recs[k*Months+i]
	added     int          // trials added
	buf       []byte
	err       error // first error of Add; the data files are aborted
	done      bool
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
	r := &Run{cfg: cfg, scenario: csvField(cfg.Scenario)}
	var err error
	if r.series, err = Create(filepath.Join(cfg.Dir, SeriesFile)); err != nil {
		return nil, err
	}
	if r.elections, err = Create(filepath.Join(cfg.Dir, ElectionsFile)); err != nil {
		r.series.Abort()
		return nil, err
	}
	r.series.WriteString(seriesHeader())
	r.elections.WriteString(electionsHeader)
	if cfg.Trials > 0 {
		r.recs = make([]sim.Record, 0, cfg.Trials*cfg.Months)
	}
	return r, nil
}

// Add writes one trial's rows to series.csv and elections.csv and keeps
// its monthly values for the summary; t is not retained. Call it once per
// trial, in trial order (it can be sim.Run's emit function). After an
// error every later Add returns it.
func (r *Run) Add(t *sim.TrialResult) error {
	switch {
	case r.err != nil:
		return r.err
	case r.done:
		return errors.New("output: add after finish")
	case len(t.Months) != r.cfg.Months:
		r.fail(fmt.Errorf("output: trial %d has %d months; want %d", t.Trial, len(t.Months), r.cfg.Months))
		return r.err
	}
	r.buf = appendSeries(r.buf[:0], r.scenario, t)
	if _, err := r.series.Write(r.buf); err != nil {
		r.fail(err)
		return err
	}
	r.buf = appendElections(r.buf[:0], r.scenario, t)
	if _, err := r.elections.Write(r.buf); err != nil {
		r.fail(err)
		return err
	}
	r.recs = append(r.recs, t.Months...)
	r.added++
	return nil
}

// fail records the first error of Add and aborts the data files.
func (r *Run) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.series.Abort()
	r.elections.Abort()
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
// The manifest holds cfg's fields, the status and its exit code, the
// time between cfg.Start and end, and the files written.
func (r *Run) Finish(status Status, end time.Time, cause error) error {
	if r.done {
		return errors.New("output: finish called twice")
	}
	r.done = true
	var files []string
	var errs []error
	failed := func(err error) {
		errs = append(errs, err)
		if cause == nil {
			cause = err
		}
		status = StatusFailed
	}
	write := func(name string, fn func(io.Writer) error) {
		if err := WriteFile(filepath.Join(r.cfg.Dir, name), fn); err != nil {
			failed(err)
			return
		}
		files = append(files, name)
	}

	write(ScenarioFile, func(w io.Writer) error {
		_, err := w.Write(r.cfg.ScenarioTOML)
		return err
	})
	data := r.err == nil
	if r.err != nil {
		failed(r.err)
	} else {
		for _, f := range []*File{r.series, r.elections} {
			if err := f.Commit(); err != nil {
				failed(err)
				data = false
			} else {
				rel, _ := filepath.Rel(r.cfg.Dir, f.Name())
				files = append(files, filepath.ToSlash(rel))
			}
		}
	}
	if data {
		stats := r.monthStats()
		write(SummaryFile, func(w io.Writer) error { return writeSummary(w, stats) })
		fy := r.finalYearStats()
		info := reportInfo{
			scenario: r.cfg.Scenario, seed: r.cfg.Seed, months: r.cfg.Months,
			trials: r.cfg.Trials, trialsDone: r.added, status: status,
		}
		write(ReportFile, func(w io.Writer) error { return writeReport(w, info, &fy) })
		if r.added > 0 && !r.cfg.NoCharts {
			charts, err := writeCharts(r.cfg.Dir, chartInfo{r.cfg.Scenario, r.cfg.Seed, r.added}, r.chartSeries(stats))
			files = append(files, charts...)
			if err != nil {
				failed(err)
			}
		}
	}
	slices.Sort(files)

	h := sha256.Sum256(r.cfg.ScenarioTOML)
	m := &Manifest{
		Program:         r.cfg.Program,
		Version:         r.cfg.Version,
		GoVersion:       runtime.Version(),
		Command:         r.cfg.Command,
		Scenario:        r.cfg.Scenario,
		ScenarioSHA256:  hex.EncodeToString(h[:]),
		Seed:            r.cfg.Seed,
		Trials:          r.cfg.Trials,
		TrialsDone:      r.added,
		Workers:         r.cfg.Workers,
		Months:          r.cfg.Months,
		Start:           r.cfg.Start,
		End:             end,
		DurationSeconds: end.Sub(r.cfg.Start).Seconds(),
		Status:          status,
		ExitStatus:      status.ExitCode(),
		Files:           files,
		Shard:           r.cfg.Shard,
	}
	if cause != nil {
		m.Error = cause.Error()
	}
	if err := WriteManifest(filepath.Join(r.cfg.Dir, ManifestFile), m); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Abort removes the temporary data files and writes nothing: for a run
// that should leave no output at all. Abort after Finish does nothing.
func (r *Run) Abort() error {
	if r.done {
		return nil
	}
	r.done = true
	return errors.Join(r.series.Abort(), r.elections.Abort())
}

// column returns, in scratch, the values of metric m in month i (0-based)
// of every trial added, in the order added.
func (r *Run) column(scratch []float64, i int, m sim.Metric) []float64 {
	scratch = scratch[:0]
	for k := 0; k < r.added; k++ {
		scratch = append(scratch, r.recs[k*r.cfg.Months+i][m])
	}
	return scratch
}

// monthStats returns the statistics across trials of each month and
// metric; with no trials, none.
func (r *Run) monthStats() [][sim.NumMetrics]Stats {
	if r.added == 0 {
		return nil
	}
	stats := make([][sim.NumMetrics]Stats, r.cfg.Months)
	var d describer
	var col []float64
	for i := range stats {
		for m := range stats[i] {
			col = r.column(col, i, sim.Metric(m))
			stats[i][m] = d.describe(col)
		}
	}
	return stats
}

// finalYearStats returns the statistics across trials of each metric's
// final-year mean.
func (r *Run) finalYearStats() [sim.NumMetrics]Stats {
	fy := make([]sim.Record, r.added)
	for k := range fy {
		fy[k] = finalYear(r.recs[k*r.cfg.Months : (k+1)*r.cfg.Months])
	}
	var out [sim.NumMetrics]Stats
	var d describer
	col := make([]float64, r.added)
	for m := range out {
		for k := range fy {
			col[k] = fy[k][m]
		}
		out[m] = d.describe(col)
	}
	return out
}

// chartSeries returns the series charted: the headline metrics.
func (r *Run) chartSeries(stats [][sim.NumMetrics]Stats) []chartSeries {
	traces := r.cfg.Traces
	switch {
	case traces == 0:
		traces = DefaultTraces
	case traces < 0:
		traces = 0
	}
	traces = min(traces, r.added)
	var out []chartSeries
	for _, m := range sim.Headlines() {
		s := chartSeries{
			metric: m,
			mean:   make([]float64, r.cfg.Months),
			lo:     make([]float64, r.cfg.Months),
			hi:     make([]float64, r.cfg.Months),
			traces: make([][]float64, traces),
		}
		for i := range stats {
			st := &stats[i][m]
			s.mean[i], s.lo[i], s.hi[i] = st.Mean, st.CILow, st.CIHigh
		}
		for k := range s.traces {
			tr := make([]float64, r.cfg.Months)
			for i := range tr {
				tr[i] = r.recs[k*r.cfg.Months+i][m]
			}
			s.traces[k] = tr
		}
		out = append(out, s)
	}
	return out
}
