package output

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/decentsim/decentsim/sim"
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
// Months are required; the folder is made ready by PrepareSensitivity.
type SensitivityConfig struct {
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
	Delta float64
	// Batch is where and how the analysis runs (its Trials are per
	// point).
	Batch
}

// SensitivityManifest is a sensitivity analysis's manifest.json: its
// Provenance (Trials per point; TrialsDone the trials every point
// finished), the files written and the design.
type SensitivityManifest struct {
	Provenance
	Files    []string            `json:"files"`   // files written besides the manifest, relative, with slashes
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
	cfg  SensitivityConfig
	prov Provenance
	*pointRuns
	indices []SensitivityIndex
	notes   []string
}

// NewSensitivity starts a sensitivity analysis's output in cfg.Dir, which
// PrepareSensitivity made ready.
func NewSensitivity(cfg SensitivityConfig) (*Sensitivity, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	switch {
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
	}
	for i, p := range cfg.Points {
		if len(p) != len(cfg.Params) {
			return nil, fmt.Errorf("output: point %d has %d values; want one per parameter (%d)", i, len(p), len(cfg.Params))
		}
	}
	s := &Sensitivity{cfg: cfg, prov: cfg.provenance(cfg.Scenario, cfg.ScenarioTOML)}
	// Only a shard writes trials.csv: merge rebuilds the analysis from it.
	var err error
	s.pointRuns, err = newPointRuns(cfg.Dir, cfg.Scenario, cfg.paramNames(), cfg.Points, cfg.Shard != nil)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// paramNames returns the parameters' names.
func (cfg *SensitivityConfig) paramNames() []string {
	names := make([]string, len(cfg.Params))
	for i, p := range cfg.Params {
		names[i] = p.Name
	}
	return names
}

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
	if err := s.out.finish(status, end, cause); err != nil {
		return err
	}
	s.out.writeBytes(ScenarioFile, s.cfg.ScenarioTOML)
	s.out.write(PointsFile, s.writePoints)
	s.out.commit()
	s.cfg.writeDesign(&s.out, shardDesign{Sensitivity: &s.cfg})
	if s.indices != nil {
		s.out.write(SensitivityFile, s.writeCSV)
		s.out.write(SensitivityReport, func(w io.Writer) error { return s.writeReport(w, s.out.state()) })
		if !s.cfg.NoCharts {
			writeSensitivityCharts(&s.out, &s.cfg, s.indices, slices.Min(s.done))
		}
	}
	m := &SensitivityManifest{
		Provenance: s.prov,
		Method:     s.cfg.Method,
		Samples:    s.cfg.Samples,
		Points:     len(s.cfg.Points),
		Runs:       len(s.cfg.Points) * s.cfg.Trials,
		RunsDone:   s.runs,
		Notes:      s.notes,
		Shard:      s.cfg.Shard,
		Merged:     s.cfg.Merged,
	}
	m.TrialsDone = slices.Min(s.done)
	for _, p := range s.cfg.Params {
		m.Params = append(m.Params, ManifestParameter{Key: p.Name, Range: p.Spec})
	}
	for _, mt := range s.cfg.Metrics {
		m.Metrics = append(m.Metrics, mt.String())
	}
	return s.out.close(&m.Provenance, &m.Files, m)
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
