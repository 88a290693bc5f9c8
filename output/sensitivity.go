package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// The files of a sensitivity analysis besides ScenarioFile, ManifestFile
// and charts/METRIC.png and .svg.
const (
	SensitivityFile   = "sensitivity.csv" // the indices: metric, parameter, index, value, interval
	SensitivityReport = "sensitivity.md"  // which levers drive which outcome
	PointsFile        = "points.csv"      // every sample point's values and outcomes
)

// The methods of a sensitivity analysis.
const (
	MethodMorris = "morris" // Morris elementary effects: mu, mu_star, sigma
	MethodSobol  = "sobol"  // Sobol' indices with Saltelli sampling: S1, ST
)

// SensitivityParam is one parameter a sensitivity analysis varies over
// the range [Lo, Hi].
type SensitivityParam struct {
	Name   string  // the key, "section.key": a column of points.csv
	Spec   string  // the range as given, "lo:hi"
	Lo, Hi float64 // the range
}

// SensitivityIndex is one index of one parameter for one metric, with
// its 95% interval (NaN where there is none).
type SensitivityIndex struct {
	Metric    sim.Metric
	Param     int    // index into SensitivityConfig.Params
	Index     string // "mu", "mu_star", "sigma" (Morris); "S1", "ST" (Sobol')
	Value     float64
	Low, High float64
}

// SensitivityConfig describes a sensitivity analysis whose output a
// Sensitivity writes. Dir, Scenario, Method, Params, Points, Metrics and
// Months are required.
type SensitivityConfig struct {
	Dir          string `json:"-"`
	Scenario     string
	ScenarioTOML []byte // the resolved base scenario: scenario.toml
	Method       string // MethodMorris or MethodSobol
	Params       []SensitivityParam
	// Points are the sample points' values, one per parameter, as
	// written in points.csv; point i is row i.
	Points [][]string
	// Metrics are the metrics analysed (points.csv holds every metric).
	Metrics []sim.Metric
	// Samples is Morris's trajectories or Sobol's base samples N.
	Samples int
	// Delta is Morris's step, as a share of a parameter's range: the
	// report converts trial noise into a noise floor for mu* with it.
	Delta    float64
	Seed     uint64 // the run seed: trial k of every point uses it and index k
	Trials   int    // trials per point
	Months   int
	NoCharts bool `json:"-"`

	// Program, Version, Command, Workers and Start are recorded in the
	// manifest.
	Program string    `json:"-"`
	Version string    `json:"-"`
	Command string    `json:"-"`
	Workers int       `json:"-"`
	Start   time.Time `json:"-"`
	// Shard, for a shard folder, is the block of runs it holds; the
	// folder then also gets TrialsFile (each run's final-year means, which
	// the whole analysis does not write) and ShardDesignFile, for Merge.
	Shard *BatchShard `json:"-"`
	// Merged, for a folder written by Merge, records the shards merged.
	Merged *BatchMerged `json:"-"`
}

// SensitivityManifest is a sensitivity analysis's manifest.json: the
// fields of Manifest (Trials per point; TrialsDone the trials every
// point finished) and the design.
type SensitivityManifest struct {
	Manifest
	Method   string              `json:"method"`  // "morris" or "sobol"
	Params   []ManifestParameter `json:"params"`  // the varied parameters, in order
	Metrics  []string            `json:"metrics"` // the metrics analysed
	Samples  int                 `json:"samples"` // trajectories (Morris) or base samples (Sobol)
	Points   int                 `json:"points"`  // points in the design
	Runs     int                 `json:"runs"`    // points × trials
	RunsDone int                 `json:"runs_done"`
	Notes    []string            `json:"notes,omitempty"`  // metrics without indices, and why
	Shard    *BatchShard         `json:"shard,omitempty"`  // the runs a shard folder holds
	Merged   *BatchMerged        `json:"merged,omitempty"` // the shards merged into this folder
}

// ManifestParameter is one varied parameter of a sensitivity manifest.
type ManifestParameter struct {
	Key   string `json:"key"`   // "section.key"
	Range string `json:"range"` // as given, "lo:hi"
}

// PrepareSensitivity is Prepare for a sensitivity analysis's folder: with
// force it also removes the files an earlier analysis, sweep or
// comparison wrote there (those its manifest lists).
func PrepareSensitivity(dir string, force bool) error {
	return prepareListed(dir, force, []string{SensitivityFile, SensitivityReport, PointsFile, TrialsFile, ShardDesignFile})
}

// A Sensitivity collects a sensitivity analysis's runs and writes its
// output. Add keeps a running mean per point and metric; Outcomes gives
// them to the estimators, whose indices SetIndices records; Finish writes
// every file, each atomically. A Sensitivity is not safe for concurrent
// use.
type Sensitivity struct {
	cfg SensitivityConfig
	*pointRuns
	indices []SensitivityIndex
	notes   []string
}

// NewSensitivity starts a sensitivity analysis's output in cfg.Dir, which
// PrepareSensitivity made ready.
func NewSensitivity(cfg SensitivityConfig) (*Sensitivity, error) {
	switch {
	case cfg.Dir == "":
		return nil, errors.New("output: no output folder")
	case cfg.Scenario == "":
		return nil, errors.New("output: no scenario name")
	case cfg.Method != MethodMorris && cfg.Method != MethodSobol:
		return nil, fmt.Errorf("output: unknown sensitivity method %q", cfg.Method)
	case len(cfg.Params) == 0:
		return nil, errors.New("output: a sensitivity analysis varies no parameter")
	case len(cfg.Points) == 0:
		return nil, errors.New("output: a sensitivity analysis has no point")
	case len(cfg.Metrics) == 0:
		return nil, errors.New("output: a sensitivity analysis analyses no metric")
	case cfg.Months < 1:
		return nil, fmt.Errorf("output: months must be at least 1, not %d", cfg.Months)
	}
	for i, p := range cfg.Points {
		if len(p) != len(cfg.Params) {
			return nil, fmt.Errorf("output: point %d has %d values; want one per parameter (%d)", i, len(p), len(cfg.Params))
		}
	}
	s := &Sensitivity{cfg: cfg}
	// Only a shard writes trials.csv: merge rebuilds the analysis from it.
	var err error
	s.pointRuns, err = newPointRuns(cfg.Dir, cfg.Scenario, s.paramColumns(), cfg.Points, cfg.Shard != nil)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// paramColumns returns ",key1,key2...": the parameters' CSV columns.
func (s *Sensitivity) paramColumns() string {
	var b []byte
	for _, p := range s.cfg.Params {
		b = append(b, ',')
		b = append(b, csvField(p.Name)...)
	}
	return string(b)
}

// Add records one run: trial number trial (whose own seed is seed) of
// point, with fy its final-year means (FinalYear). A shard also writes
// the run's row of trials.csv. The outcomes follow the order runs come
// in, so for identical output give them in a fixed order.
func (s *Sensitivity) Add(point, trial int, seed uint64, fy *sim.Record) error {
	return s.add(point, trial, seed, fy)
}

// Abort removes a shard's temporary trials.csv and writes nothing.
// Abort after Finish does nothing.
func (s *Sensitivity) Abort() error { return s.abort() }

// Complete reports whether every point has at least one run, so that
// indices can be estimated.
func (s *Sensitivity) Complete() bool { return slices.Min(s.done) > 0 }

// Outcomes returns metric m's outcome at each point: the mean over the
// point's runs of their final-year means (NaN for a point without runs
// or values).
func (s *Sensitivity) Outcomes(m sim.Metric) []float64 {
	y := make([]float64, len(s.acc))
	for i := range s.acc {
		y[i] = s.acc[i][m].Mean()
	}
	return y
}

// NoiseVariance returns metric m's trial noise: the mean over points of
// the variance of a point's outcome (the squared standard error of its
// mean over trials). It is NaN unless every point has two runs or more.
func (s *Sensitivity) NoiseVariance(m sim.Metric) float64 {
	var sum float64
	for i := range s.acc {
		a := &s.acc[i][m]
		if a.N() < 2 {
			return math.NaN()
		}
		sum += a.Variance() / float64(a.N())
	}
	return sum / float64(len(s.acc))
}

// SetIndices records the estimated indices, in the order to write them,
// and notes (such as "budget_gini: the outcome does not vary"), for
// sensitivity.csv, sensitivity.md, the charts and the manifest.
func (s *Sensitivity) SetIndices(idx []SensitivityIndex, notes []string) {
	s.indices, s.notes = idx, notes
}

// Finish writes scenario.toml, points.csv, then (if indices were set)
// sensitivity.csv, sensitivity.md and the charts, and last manifest.json,
// after the analysis ended with status at end; cause, if not nil, is why
// it stopped. If writing any file fails, the manifest (if it can still be
// written) says "failed" and Finish returns the error.
func (s *Sensitivity) Finish(status Status, end time.Time, cause error) error {
	if s.closed {
		return errors.New("output: finish called twice")
	}
	s.closed = true
	var files []string
	var errs []error
	failed, write := finishing(s.cfg.Dir, &files, &errs, &status, &cause)
	write(ScenarioFile, func(w io.Writer) error {
		_, err := w.Write(s.cfg.ScenarioTOML)
		return err
	})
	write(PointsFile, s.writePoints)
	if s.trials != nil {
		if s.err != nil {
			failed(s.err)
		} else if err := s.trials.Commit(); err != nil {
			failed(err)
		} else {
			files = append(files, TrialsFile)
		}
		write(ShardDesignFile, func(w io.Writer) error { return writeDesign(w, shardDesign{Sensitivity: &s.cfg}) })
	}
	if s.indices != nil {
		write(SensitivityFile, s.writeCSV)
		write(SensitivityReport, func(w io.Writer) error { return s.writeReport(w, status) })
		if !s.cfg.NoCharts {
			charts, err := writeSensitivityCharts(s.cfg.Dir, &s.cfg, s.indices, slices.Min(s.done))
			files = append(files, charts...)
			if err != nil {
				failed(err)
			}
		}
	}
	slices.Sort(files)

	h := sha256.Sum256(s.cfg.ScenarioTOML)
	m := &SensitivityManifest{
		Manifest: Manifest{
			Program:         s.cfg.Program,
			Version:         s.cfg.Version,
			GoVersion:       runtime.Version(),
			Command:         s.cfg.Command,
			Scenario:        s.cfg.Scenario,
			ScenarioSHA256:  hex.EncodeToString(h[:]),
			Seed:            s.cfg.Seed,
			Trials:          s.cfg.Trials,
			TrialsDone:      slices.Min(s.done),
			Workers:         s.cfg.Workers,
			Months:          s.cfg.Months,
			Start:           s.cfg.Start,
			End:             end,
			DurationSeconds: end.Sub(s.cfg.Start).Seconds(),
			Status:          status,
			ExitStatus:      status.ExitCode(),
			Files:           files,
		},
		Method:   s.cfg.Method,
		Samples:  s.cfg.Samples,
		Points:   len(s.cfg.Points),
		Runs:     len(s.cfg.Points) * s.cfg.Trials,
		RunsDone: s.runs,
		Notes:    s.notes,
		Shard:    s.cfg.Shard,
		Merged:   s.cfg.Merged,
	}
	for _, p := range s.cfg.Params {
		m.Params = append(m.Params, ManifestParameter{Key: p.Name, Range: p.Spec})
	}
	for _, mt := range s.cfg.Metrics {
		m.Metrics = append(m.Metrics, mt.String())
	}
	if cause != nil {
		m.Error = cause.Error()
	}
	if err := writeJSONManifest(filepath.Join(s.cfg.Dir, ManifestFile), &m.Manifest, m); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// writePoints writes points.csv: one row per point, in design order,
// with its number of runs, its parameter values and, per metric, the
// mean over its runs of their final-year means.
func (s *Sensitivity) writePoints(w io.Writer) error {
	var b []byte
	b = append(b, "scenario,point,trials"...)
	for _, p := range s.cfg.Params {
		b = append(b, ',')
		b = append(b, csvField(p.Name)...)
	}
	for _, mi := range sim.Metrics {
		b = append(b, ',')
		b = append(b, mi.Name...)
	}
	b = append(b, '\n')
	name := csvField(s.cfg.Scenario)
	for i, pt := range s.cfg.Points {
		b = append(b, name...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.done[i]), 10)
		for _, v := range pt {
			b = append(b, ',')
			b = append(b, csvField(v)...)
		}
		for m := range s.acc[i] {
			b = append(b, ',')
			b = appendFloat(b, s.acc[i][m].Mean())
		}
		b = append(b, '\n')
		if len(b) > 64<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

// writeCSV writes sensitivity.csv: one row per index.
func (s *Sensitivity) writeCSV(w io.Writer) error {
	var b []byte
	b = append(b, "scenario,method,metric,parameter,index,value,ci95_low,ci95_high\n"...)
	for _, x := range s.indices {
		b = append(b, csvField(s.cfg.Scenario)...)
		b = append(b, ',')
		b = append(b, s.cfg.Method...)
		b = append(b, ',')
		b = append(b, x.Metric.String()...)
		b = append(b, ',')
		b = append(b, csvField(s.cfg.Params[x.Param].Name)...)
		b = append(b, ',')
		b = append(b, x.Index...)
		for _, v := range [...]float64{x.Value, x.Low, x.High} {
			b = append(b, ',')
			b = appendFloat(b, v)
		}
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}

// mainIndex returns the index that ranks parameters for method: mu_star
// (Morris) or ST (Sobol').
func mainIndex(method string) string {
	if method == MethodMorris {
		return "mu_star"
	}
	return "ST"
}

// ranked returns metric m's indices named index, largest value first,
// ties (and NaN) in parameter order.
func ranked(idx []SensitivityIndex, m sim.Metric, index string) []SensitivityIndex {
	var out []SensitivityIndex
	for _, x := range idx {
		if x.Metric == m && x.Index == index {
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b SensitivityIndex) int {
		av, bv := a.Value, b.Value
		switch {
		case av > bv || finite(av) && !finite(bv):
			return -1
		case av < bv || !finite(av) && finite(bv):
			return 1
		}
		return 0
	})
	return out
}

// find returns metric m's index named index of parameter p.
func find(idx []SensitivityIndex, m sim.Metric, p int, index string) (SensitivityIndex, bool) {
	for _, x := range idx {
		if x.Metric == m && x.Param == p && x.Index == index {
			return x, true
		}
	}
	return SensitivityIndex{}, false
}

// fmtIndex formats an index with its interval, if it has one.
func fmtIndex(x SensitivityIndex, ok bool) string {
	if !ok || !finite(x.Value) {
		return "NA"
	}
	s := fmt.Sprintf("%.3g", x.Value)
	if finite(x.Low) && finite(x.High) {
		s += fmt.Sprintf(" [%.3g, %.3g]", x.Low, x.High)
	}
	return s
}

// writeReport writes sensitivity.md: per metric, the parameters ranked
// by their main index, with a sentence naming the levers that drive it.
func (s *Sensitivity) writeReport(w io.Writer, status Status) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c := &s.cfg
	trials := slices.Min(s.done)
	p("# Sensitivity of %s\n\n", mdEscape(c.Scenario))
	var names []string
	for _, pr := range c.Params {
		names = append(names, fmt.Sprintf("`%s` over %s", pr.Name, pr.Spec))
	}
	if c.Method == MethodMorris {
		p("Morris elementary effects of %s: %d trajectories, %d points, %d trials each (seed %d, %d months); outcomes are final-year means averaged over the trials.\n\n",
			strings.Join(names, ", "), c.Samples, len(c.Points), trials, c.Seed, c.Months)
		p("mu* is the mean absolute elementary effect: the change in the outcome when the parameter moves by 2/3 of its range, divided by 2/3, so in the outcome's units per the parameter's whole range; mu is their signed mean (opposite signs cancel); sigma their spread (interactions or non-linearity). The interval is a 95%% bootstrap interval of mu* over trajectories. Parameters are ranked by mu*.\n\n")
	} else {
		p("Sobol' indices of %s: %d base samples, %d points (N(k+2)), %d trials each (seed %d, %d months); outcomes are final-year means averaged over the trials.\n\n",
			strings.Join(names, ", "), c.Samples, len(c.Points), trials, c.Seed, c.Months)
		p("S1 is the share of the outcome's variance a parameter explains alone, ST the share with all its interactions; intervals are 95%% bootstrap intervals. Parameters are ranked by ST. Trial noise that the averaging leaves adds to the variance no parameter explains.\n\n")
	}
	if status != StatusOK {
		p("**The analysis did not finish (%s):** these indices use the runs that finished: every point has %d trials", status, trials)
		if most := slices.Max(s.done); most > trials {
			p(", some %d (points.csv says which)", most)
		}
		p(".\n\n")
	}
	main := mainIndex(c.Method)
	for _, m := range c.Metrics {
		mi := sim.Metrics[m]
		p("## %s\n\n", mi.Name)
		rk := ranked(s.indices, m, main)
		if len(rk) == 0 || !finite(rk[0].Value) {
			p("No indices: the outcome does not vary (or has no values) over the sample.\n\n")
			continue
		}
		p("%s", s.summary(rk))
		if nv := s.NoiseVariance(m); finite(nv) {
			se := math.Sqrt(nv)
			if c.Method == MethodMorris && c.Delta > 0 {
				// An elementary effect is a difference of two outcomes over Δ.
				p(" Trial noise: a point's outcome has a standard error of %.3g; with independent trials an elementary effect would carry noise of about %.3g (√2 × %.3g / %.3g), an upper bound, since trial k of every point shares its seed and much of the noise cancels in the differences.", se, math.Sqrt2*se/c.Delta, se, c.Delta)
			} else if v := variance(s.Outcomes(m)); v > 0 {
				p(" Trial noise: a point's outcome has a standard error of %.3g; its variance is %.0f%% of the outcome's variance across points, an upper bound on the share no parameter can explain (trial k of every point shares its seed, which makes the noise partly common to all points).", se, 100*nv/v)
			}
		}
		p("\n\n")
		if c.Method == MethodMorris {
			p("| parameter | mu* [95%% interval] | mu | sigma |\n|---|---|---|---|\n")
			for _, x := range rk {
				mu, ok1 := find(s.indices, m, x.Param, "mu")
				sd, ok2 := find(s.indices, m, x.Param, "sigma")
				p("| `%s` | %s | %s | %s |\n", c.Params[x.Param].Name, fmtIndex(x, true), fmtIndex(mu, ok1), fmtIndex(sd, ok2))
			}
		} else {
			p("| parameter | ST [95%% interval] | S1 [95%% interval] |\n|---|---|---|\n")
			for _, x := range rk {
				s1, ok := find(s.indices, m, x.Param, "S1")
				p("| `%s` | %s | %s |\n", c.Params[x.Param].Name, fmtIndex(x, true), fmtIndex(s1, ok))
			}
		}
		p("\n")
	}
	for _, n := range s.notes {
		p("Note: %s.\n\n", n)
	}
	p("docs/SENSITIVITY.md says how to read these indices and how many samples are enough.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// summary says in a sentence which parameters drive a metric, from its
// indices ranked by the main index.
func (s *Sensitivity) summary(rk []SensitivityIndex) string {
	c := &s.cfg
	top := rk[0].Value
	var drivers, minor []string
	for _, x := range rk {
		name := "`" + c.Params[x.Param].Name + "`"
		switch {
		case !finite(x.Value):
		case c.Method == MethodSobol && x.Value >= 0.1, c.Method == MethodMorris && x.Value >= 0.2*top:
			drivers = append(drivers, name)
		case c.Method == MethodSobol && x.High < 0.05 || c.Method == MethodMorris && x.Value < 0.05*top:
			minor = append(minor, name)
		}
	}
	var out string
	if c.Method == MethodSobol {
		out = "Driven by " + joinAnd(drivers) + " (ST ≥ 0.1)."
		if len(drivers) == 0 {
			out = "No parameter explains a tenth of the variance (every ST < 0.1): the outcome varies mostly with trial noise or with none of these levers."
		}
	} else {
		out = "Driven most by " + joinAnd(drivers) + " (mu* at least a fifth of the largest)."
	}
	if len(minor) > 0 {
		if c.Method == MethodSobol {
			out += " Negligible: " + joinAnd(minor) + " (ST's interval below 0.05)."
		} else {
			out += " Negligible: " + joinAnd(minor) + " (mu* under 5% of the largest)."
		}
	}
	return out
}

// variance returns the sample variance of the values of xs that are not
// NaN.
func variance(xs []float64) float64 {
	var m stats.Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m.Variance()
}
